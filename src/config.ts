import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { deliveryConfigFromEnv, type DeliveryConfig } from './delivery/config.js';
import { envNumber } from './env-number.js';
import { identifierProblem } from './feeds/cap-rules.js';
import { ESCALATION_DEFAULTS, TWO_PERSON_DEFAULTS } from './process-settings.js';

/**
 * Configuration comes only from the environment (never from files in the repo),
 * so secrets stay out of version control. Every knob has a documented default.
 *
 * This is the one module that reads process.env (scripts/lint-structure.mjs checks it): `loadConfig` parses
 * and validates every setting once, at start-up, and the rest of Warden reads the resulting WardenConfig
 * (through AppContext, src/context.ts). docs/configuration.md lists every variable with its default.
 */
export interface WardenConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent Warden runs on embedded PGlite. */
  databaseUrl?: string;
  /** Folder for the embedded database. */
  dataDir: string;
  /** Base URL used in links sent to travellers (check-in links, unsubscribe). */
  publicUrl: string;
  logLevel: string;
  /** Load the Baghdad model case into an empty database at start. */
  demo: boolean;
  /**
   * Server secret (WARDEN_SECRET, ≥ 32 chars): keys the HMAC that derives check-in tokens.
   * On the embedded database a random one is created once in the data folder when unset.
   */
  secret: string;
  /**
   * Which X-Forwarded-For entries to believe (per-address rate limits, logs): false (none, the default), a
   * hop count (WARDEN_TRUST_PROXY=1: one proxy in front, the client is the entry it appended) or the
   * proxies' addresses/CIDR ranges (WARDEN_TRUST_PROXY=10.0.0.5,10.1.0.0/16). Never the left-most entry,
   * which the client writes itself.
   */
  trustProxy: false | number | string[];
  /**
   * Where the server writes the audit log's signed head (src/auth/audit-anchor.ts): outside the database, so
   * deleting the newest audit rows is detected by `warden audit verify`. WARDEN_AUDIT_ANCHOR_PATH, default
   * `<data folder>/audit-anchor.json`; rewritten every WARDEN_AUDIT_ANCHOR_EVERY_MS (10000) and at shutdown.
   */
  auditAnchor: { path: string; everyMs: number };
  /** CAP sender, sender name and review periods (see CapSettings below). */
  cap: CapSettings;

  // ── Settings that were read from the environment inside the domains (issue 13), each parsed once here ──
  /**
   * The outbox, its channels, its runtime and check-ins (MessagingSettings below): channels, rates, retries and
   * workers (src/delivery/config.ts), check-in settings (CheckinSettings below), WARDEN_CAPTURE,
   * WARDEN_INPROCESS_WORKER and WARDEN_SUBSCRIPTION_MAIL_EVERY_MS.
   */
  messaging: MessagingSettings;
  /** Requests per minute per key (src/http/rate-limit-key.ts): WARDEN_RATE_LIMIT_{READS,WRITES,PUBLIC_WRITES}. */
  rateLimits: RateLimitSettings;
  /** The two-person rule (src/alerts/publish.ts). */
  twoPerson: TwoPersonSettings;
  /**
   * WARDEN_FETCH_ALLOW_PRIVATE=1: outgoing fetches (webhooks, web push, intake) may reach loopback and
   * private addresses — for tests and closed networks only (src/net/address-guard.ts).
   */
  fetchAllowPrivate: boolean;
  /** WARDEN_CAP_XSD: the CAP 1.2 schema file; default the copy shipped in src/feeds/schema/. */
  capSchemaPath?: string;
  /** WARDEN_WEB_BUILD=0: `warden start` does not build the web app when its build is missing or stale. */
  webBuild: boolean;
  /** WARDEN_OPERATOR_PASSWORD: the password `warden operator create` gives; a random one is printed when unset. */
  operatorPassword?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): WardenConfig {
  const port = envNumber(env, 'PORT', { fallback: 8080, whole: true, max: 65_535 });
  const dataDir = env.WARDEN_DATA_DIR ?? './data';
  const publicUrl = (env.WARDEN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    publicUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    // Demo data never lands in a production database by surprise: PostgreSQL needs WARDEN_DEMO=1.
    demo: env.WARDEN_DEMO === '1' || (!env.DATABASE_URL && env.WARDEN_DEMO !== '0'),
    secret: env.WARDEN_SECRET ?? '',
    trustProxy: parseTrustProxy(env.WARDEN_TRUST_PROXY),
    cap: capSettingsFromEnv(env),
    auditAnchor: { path: env.WARDEN_AUDIT_ANCHOR_PATH || join(dataDir, 'audit-anchor.json'), everyMs: envNumber(env, 'WARDEN_AUDIT_ANCHOR_EVERY_MS', { fallback: 10_000, min: 100, whole: true }) },
    // ── issue 13 block ──
    messaging: loadMessagingSettings(env, { publicUrl, embedded: !env.DATABASE_URL }),
    rateLimits: rateLimitSettingsFromEnv(env),
    twoPerson: twoPersonSettingsFromEnv(env),
    fetchAllowPrivate: env.WARDEN_FETCH_ALLOW_PRIVATE === '1',
    ...(env.WARDEN_CAP_XSD ? { capSchemaPath: env.WARDEN_CAP_XSD } : {}),
    webBuild: env.WARDEN_WEB_BUILD !== '0',
    ...(env.WARDEN_OPERATOR_PASSWORD !== undefined ? { operatorPassword: env.WARDEN_OPERATOR_PASSWORD } : {}),
  };
}

/** The secret from the environment, or (embedded database only) one kept in the data folder. */
export function ensureSecret(config: WardenConfig): WardenConfig {
  if (config.secret) {
    if (config.secret.length < 32) throw new Error('WARDEN_SECRET must be at least 32 characters');
    return config;
  }
  if (config.databaseUrl) throw new Error('set WARDEN_SECRET (at least 32 random characters) when running on PostgreSQL');
  const file = join(config.dataDir, 'secret.key');
  mkdirSync(config.dataDir, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return { ...config, secret: readFileSync(file, 'utf8').trim() };
}

/** WARDEN_TRUST_PROXY: unset or 0 → trust no proxy; n → n hops; else a comma-separated list of addresses or CIDR ranges. */
export function parseTrustProxy(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || extra !== undefined) {
      throw new Error(`WARDEN_TRUST_PROXY: "${entry}" is not a hop count, an IP address or a CIDR range`);
    }
  }
  return entries;
}

// ── Domain settings (issue 13): parsed here so that their defaults and documentation live in one place ──

/**
 * Check-in settings, each with its default:
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
    graceHours: envNumber(env, 'WARDEN_CHECKIN_GRACE_HOURS', { fallback: 72 }),
    invalidMax: envNumber(env, 'WARDEN_CHECKIN_INVALID_MAX', { fallback: 20, min: 1 }),
    invalidWindowSec: envNumber(env, 'WARDEN_CHECKIN_INVALID_WINDOW_SEC', { fallback: 600, min: 1 }),
    inboundEmailSecret: env.WARDEN_INBOUND_EMAIL_SECRET || undefined,
    streamPollMs: envNumber(env, 'WARDEN_BOARD_POLL_MS', { fallback: 5000, min: 50 }),
    escalation: {
      afterMinutes: envNumber(env, 'WARDEN_ESCALATION_AFTER_MIN', { fallback: ESCALATION_DEFAULTS.afterMinutes, min: 0.001 }),
      maxRounds: envNumber(env, 'WARDEN_ESCALATION_ROUNDS', { fallback: ESCALATION_DEFAULTS.maxRounds, min: 1 }),
      everyMs: envNumber(env, 'WARDEN_ESCALATION_EVERY_MS', { fallback: ESCALATION_DEFAULTS.everyMs, min: 10 }),
    },
    duty: {
      emails: (env.WARDEN_DUTY_EMAILS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      webhookUrl: env.WARDEN_DUTY_WEBHOOK_URL || undefined,
    },
    traveller: {
      linkMinutes: envNumber(env, 'WARDEN_TRAVELLER_LINK_MIN', { fallback: 15, min: 1 }),
      sessionHours: envNumber(env, 'WARDEN_TRAVELLER_SESSION_HOURS', { fallback: 24, min: 1 }),
    },
  };
}

/**
 * CAP publishing settings (see docs/public-api.md, "Google Public Alerts rules"):
 *
 *   WARDEN_CAP_SENDER           warden@<public host>   CAP <sender>: the address the authority registers with
 *                                                      the WMO Register of Alerting Authorities (an Internet
 *                                                      address it controls; no spaces, commas, "<" or "&")
 *   WARDEN_CAP_SENDER_NAME      Warden (<public host>) CAP <senderName>: the authority's name as people know it
 *   WARDEN_ADVISORY_REVIEW_DAYS 30                     an advisory's CAP <expires> is its publication + this
 *                                                      review period; a review re-publishes it (a new version)
 *   WARDEN_ALERT_REVIEW_HOURS   48                     <expires> of an alert published without an end time
 */
export interface CapSettings {
  sender?: string;
  senderName?: string;
  advisoryReviewDays: number;
  alertReviewHours: number;
}

export const CAP_SETTING_DEFAULTS = { advisoryReviewDays: 30, alertReviewHours: 48 } as const;

/** WMO register convention: the sender is an address in a domain the authority controls (name@domain or a domain). */
export function capSenderProblem(sender: string): string | undefined {
  const problem = identifierProblem(sender);
  if (problem) return problem;
  if (!/^(?:[^@]+@)?[a-z0-9-]+(?:\.[a-z0-9-]+)*$/i.test(sender)) return 'must be name@domain or a domain name (WMO register convention)';
  return undefined;
}

export function capSettingsFromEnv(env: NodeJS.ProcessEnv): CapSettings {
  const sender = env.WARDEN_CAP_SENDER?.trim() || undefined;
  const problem = sender ? capSenderProblem(sender) : undefined;
  if (problem) throw new RangeError(`WARDEN_CAP_SENDER ${problem}, got "${sender}"`);
  const senderName = env.WARDEN_CAP_SENDER_NAME?.trim() || undefined;
  return {
    ...(sender ? { sender } : {}),
    ...(senderName ? { senderName } : {}),
    advisoryReviewDays: envNumber(env, 'WARDEN_ADVISORY_REVIEW_DAYS', { fallback: CAP_SETTING_DEFAULTS.advisoryReviewDays, min: 1, max: 3650, whole: true }),
    alertReviewHours: envNumber(env, 'WARDEN_ALERT_REVIEW_HOURS', { fallback: CAP_SETTING_DEFAULTS.alertReviewHours, min: 1, max: 24 * 365, whole: true }),
  };
}

/** Requests per minute per key: WARDEN_RATE_LIMIT_READS (1200), _WRITES (300), _PUBLIC_WRITES (30, sign-in, subscriptions, check-ins). */
export interface RateLimitSettings { reads: number; writes: number; publicWrites: number }

export function rateLimitSettingsFromEnv(env: NodeJS.ProcessEnv): RateLimitSettings {
  const perMinute = (name: string, fallback: number) => envNumber(env, name, { fallback, min: 1, whole: true });
  return { reads: perMinute('WARDEN_RATE_LIMIT_READS', 1200), writes: perMinute('WARDEN_RATE_LIMIT_WRITES', 300), publicWrites: perMinute('WARDEN_RATE_LIMIT_PUBLIC_WRITES', 30) };
}

/**
 * The two-person rule: an alert reaching more than WARDEN_TWO_PERSON_THRESHOLD (100) people needs a second
 * operator to approve it. The count adds up, over WARDEN_TWO_PERSON_WINDOW_HOURS (24), the people that alerts
 * sent by one operator alone reached in a country, so a large send split into small alerts still needs the
 * second person.
 */
export interface TwoPersonSettings { threshold: number; windowHours: number }

export function twoPersonSettingsFromEnv(env: NodeJS.ProcessEnv): TwoPersonSettings {
  return {
    threshold: envNumber(env, 'WARDEN_TWO_PERSON_THRESHOLD', { fallback: TWO_PERSON_DEFAULTS.threshold, whole: true }),
    windowHours: envNumber(env, 'WARDEN_TWO_PERSON_WINDOW_HOURS', { fallback: TWO_PERSON_DEFAULTS.windowHours }),
  };
}

/**
 * Messaging: the outbox, its channels and runtime, check-ins (issue 13: one outbox, one runtime).
 *
 *   channels, rates, retries and the worker (WARDEN_SMTP_*, WARDEN_SMS_*, WARDEN_VONAGE_*, WARDEN_WEBHOOK_*,
 *     WARDEN_VAPID_*, WARDEN_RATE_*, WARDEN_RETRY_*, WARDEN_WORKER_*): documented in src/delivery/config.ts;
 *   check-in links, replies, escalation, duty officers, traveller sign-in: CheckinSettings above;
 *   WARDEN_CAPTURE                      1 on the embedded database, else 0   capture the messages of channels without settings in the mailbox
 *   WARDEN_INPROCESS_WORKER             1                                   0: `warden start` runs no runtime (run `warden worker` processes)
 *   WARDEN_SUBSCRIPTION_MAIL_EVERY_MS   30000                               how often a runtime queues subscribers' change notices
 */
export interface MessagingSettings {
  delivery: DeliveryConfig;
  checkins: CheckinSettings;
  capture: boolean;
  inProcessWorker: boolean;
  subscriptionMailEveryMs: number;
}

function envFlag(env: NodeJS.ProcessEnv, name: string): '0' | '1' | undefined {
  const raw = env[name] || undefined;
  if (raw !== undefined && raw !== '0' && raw !== '1') throw new RangeError(`${name} must be 0 or 1, got "${raw}"`);
  return raw;
}

export function loadMessagingSettings(env: NodeJS.ProcessEnv, base: { publicUrl: string; embedded: boolean }): MessagingSettings {
  const capture = envFlag(env, 'WARDEN_CAPTURE');
  return {
    delivery: deliveryConfigFromEnv(env, base.publicUrl),
    checkins: checkinSettingsFromEnv(env),
    capture: capture === undefined ? base.embedded : capture === '1',
    inProcessWorker: envFlag(env, 'WARDEN_INPROCESS_WORKER') !== '0',
    subscriptionMailEveryMs: envNumber(env, 'WARDEN_SUBSCRIPTION_MAIL_EVERY_MS', { fallback: 30_000, min: 10 }),
  };
}
