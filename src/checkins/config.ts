import { envNumber as num } from '../config.js';

/**
 * Check-in settings, each with its default. Parsed once, by src/config.ts (config.messaging.checkins):
 *
 *   WARDEN_CHECKIN_GRACE_HOURS     72      a check-in link works until the alert expires (or, with no
 *                                          expiry, effective + 7 days) plus this grace period
 *   WARDEN_CHECKIN_INVALID_MAX     20      invalid check-in tokens tried from one address…
 *   WARDEN_CHECKIN_INVALID_WINDOW_SEC 600  …within this window before it gets 429 + Retry-After
 *   WARDEN_INBOUND_EMAIL_SECRET    —       shared secret the inbound-mail service sends in X-Warden-Inbound-Secret;
 *                                          POST /api/inbound/email answers 503 while it is unset
 *   WARDEN_ESCALATION_AFTER_MIN    30      default minutes without an answer before the next round
 *   WARDEN_ESCALATION_ROUNDS       3       default rounds, the first send included (1 = never chase)
 *   WARDEN_ESCALATION_EVERY_MS     15000   how often a worker runs the escalation statement
 *   WARDEN_DUTY_EMAILS             —       comma-separated duty officers' addresses, told of every "need help" at once
 *   WARDEN_DUTY_WEBHOOK_URL        —       URL that receives a JSON POST for every "need help" (signed like delivery webhooks)
 *   WARDEN_BOARD_POLL_MS           5000    the live board re-reads its counts at least this often (delivery outcomes send no signal)
 *   WARDEN_TRAVELLER_LINK_MIN      15      lifetime of a traveller's sign-in link
 *   WARDEN_TRAVELLER_SESSION_HOURS 24      lifetime of a traveller's session
 */
export interface CheckinSettings {
  graceHours: number;
  invalidMax: number;
  invalidWindowSec: number;
  inboundEmailSecret?: string;
  streamPollMs: number;
  escalation: { afterMinutes: number; maxRounds: number; everyMs: number };
  duty: { emails: string[]; webhookUrl?: string };
  traveller: { linkMinutes: number; sessionHours: number };
}


export function checkinSettingsFromEnv(env: NodeJS.ProcessEnv): CheckinSettings {
  return {
    graceHours: num(env, 'WARDEN_CHECKIN_GRACE_HOURS', 72),
    invalidMax: num(env, 'WARDEN_CHECKIN_INVALID_MAX', 20, 1),
    invalidWindowSec: num(env, 'WARDEN_CHECKIN_INVALID_WINDOW_SEC', 600, 1),
    inboundEmailSecret: env.WARDEN_INBOUND_EMAIL_SECRET || undefined,
    streamPollMs: num(env, 'WARDEN_BOARD_POLL_MS', 5000, 50),
    escalation: {
      afterMinutes: num(env, 'WARDEN_ESCALATION_AFTER_MIN', 30, 0.001),
      maxRounds: num(env, 'WARDEN_ESCALATION_ROUNDS', 3, 1),
      everyMs: num(env, 'WARDEN_ESCALATION_EVERY_MS', 15_000, 10),
    },
    duty: {
      emails: (env.WARDEN_DUTY_EMAILS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      webhookUrl: env.WARDEN_DUTY_WEBHOOK_URL || undefined,
    },
    traveller: {
      linkMinutes: num(env, 'WARDEN_TRAVELLER_LINK_MIN', 15, 1),
      sessionHours: num(env, 'WARDEN_TRAVELLER_SESSION_HOURS', 24, 1),
    },
  };
}
