/**
 * CAP publishing settings, from the environment (see docs/public-api.md, "Google Public Alerts rules"):
 *
 *   WARDEN_CAP_SENDER           warden@<public host>   CAP <sender>: the address the authority registers with
 *                                                      the WMO Register of Alerting Authorities (an Internet
 *                                                      address it controls; no spaces, commas, "<" or "&")
 *   WARDEN_CAP_SENDER_NAME      Warden (<public host>) CAP <senderName>: the authority's name as people know it
 *   WARDEN_ADVISORY_REVIEW_DAYS 30                     an advisory's CAP <expires> is its publication + this
 *                                                      review period; a review re-publishes it (a new version)
 *   WARDEN_ALERT_REVIEW_HOURS   48                     <expires> of an alert published without an end time
 */
import { identifierProblem } from './cap-rules.js';

export interface CapSettings {
  sender?: string;
  senderName?: string;
  advisoryReviewDays: number;
  alertReviewHours: number;
}

export const CAP_SETTING_DEFAULTS = { advisoryReviewDays: 30, alertReviewHours: 48 } as const;

function positiveWhole(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return value;
}

/** WMO register convention: the sender is an address in a domain the authority controls (name@domain or a domain). */
export function capSenderProblem(sender: string): string | undefined {
  const problem = identifierProblem(sender);
  if (problem) return problem;
  if (!/^(?:[^@]+@)?[a-z0-9-]+(?:\.[a-z0-9-]+)*$/i.test(sender)) return 'must be name@domain or a domain name (WMO register convention)';
  return undefined;
}

export function capSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CapSettings {
  const sender = env.WARDEN_CAP_SENDER?.trim() || undefined;
  const problem = sender ? capSenderProblem(sender) : undefined;
  if (problem) throw new RangeError(`WARDEN_CAP_SENDER ${problem}, got "${sender}"`);
  const senderName = env.WARDEN_CAP_SENDER_NAME?.trim() || undefined;
  return {
    ...(sender ? { sender } : {}),
    ...(senderName ? { senderName } : {}),
    advisoryReviewDays: positiveWhole(env, 'WARDEN_ADVISORY_REVIEW_DAYS', CAP_SETTING_DEFAULTS.advisoryReviewDays, 3650),
    alertReviewHours: positiveWhole(env, 'WARDEN_ALERT_REVIEW_HOURS', CAP_SETTING_DEFAULTS.alertReviewHours, 24 * 365),
  };
}
