import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { checkinSettingsFromEnv, type CheckinSettings } from './checkins/config.js';
import { deliveryConfigFromEnv, type DeliveryConfig } from './delivery/config.js';
import { capSettingsFromEnv, type CapSettings } from './feeds/cap-settings.js';

/**
 * Configuration comes only from the environment (never from files in the repo),
 * so secrets stay out of version control. Every knob has a documented default.
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
  /** CAP sender, sender name and review periods (src/feeds/cap-settings.ts). */
  cap: CapSettings;
  /** The outbox, its channels, its runtime and check-ins (the block at the end of this file). */
  messaging: MessagingSettings;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): WardenConfig {
  const port = Number(env.PORT ?? 8080);
  const dataDir = env.WARDEN_DATA_DIR ?? './data';
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    publicUrl: (env.WARDEN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    // Demo data never lands in a production database by surprise: PostgreSQL needs WARDEN_DEMO=1.
    demo: env.WARDEN_DEMO === '1' || (!env.DATABASE_URL && env.WARDEN_DEMO !== '0'),
    secret: env.WARDEN_SECRET ?? '',
    trustProxy: parseTrustProxy(env.WARDEN_TRUST_PROXY),
    cap: capSettingsFromEnv(env),
    auditAnchor: { path: env.WARDEN_AUDIT_ANCHOR_PATH || join(dataDir, 'audit-anchor.json'), everyMs: positiveMs(env.WARDEN_AUDIT_ANCHOR_EVERY_MS, 10_000, 'WARDEN_AUDIT_ANCHOR_EVERY_MS') },
    messaging: loadMessagingSettings(env, { publicUrl: (env.WARDEN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''), embedded: !env.DATABASE_URL }),
  };
}

function positiveMs(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100) throw new Error(`${name} must be a whole number of milliseconds, at least 100; got ${value}`);
  return n;
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

// ─── Messaging: the outbox, its channels and runtime, check-ins (issue 13: one outbox, one runtime) ───
//
// Every setting of the outbox and of check-ins is read here, once, from the environment:
//   channels, rates, retries and the worker (WARDEN_SMTP_*, WARDEN_SMS_*, WARDEN_VONAGE_*, WARDEN_WEBHOOK_*,
//     WARDEN_VAPID_*, WARDEN_RATE_*, WARDEN_RETRY_*, WARDEN_WORKER_*): documented in src/delivery/config.ts;
//   check-in links, replies, escalation, duty officers, traveller sign-in (WARDEN_CHECKIN_*, WARDEN_ESCALATION_*,
//     WARDEN_DUTY_*, WARDEN_TRAVELLER_*, WARDEN_BOARD_POLL_MS, WARDEN_INBOUND_EMAIL_SECRET): src/checkins/config.ts;
//   and the three below.
//   WARDEN_CAPTURE                      1 on the embedded database, else 0   capture the messages of channels without settings in the mailbox
//   WARDEN_INPROCESS_WORKER             1                                   0: `warden start` runs no runtime (run `warden worker` processes)
//   WARDEN_SUBSCRIPTION_MAIL_EVERY_MS   30000                               how often a runtime queues subscribers' change notices

export interface MessagingSettings {
  delivery: DeliveryConfig;
  checkins: CheckinSettings;
  capture: boolean;
  inProcessWorker: boolean;
  subscriptionMailEveryMs: number;
}

const flag = z.enum(['0', '1']).optional();

/**
 * One number from the environment, validated: unset or blank → the default; otherwise a finite number ≥ min,
 * else a RangeError naming the variable. Used by every settings parser (delivery, check-ins).
 */
export function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const parsed = z.coerce.number().finite().min(min).safeParse(raw);
  if (!parsed.success) throw new RangeError(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return parsed.data;
}

function envFlag(env: NodeJS.ProcessEnv, name: string): '0' | '1' | undefined {
  const parsed = flag.safeParse(env[name] || undefined);
  if (!parsed.success) throw new RangeError(`${name} must be 0 or 1, got "${env[name]}"`);
  return parsed.data;
}

export function loadMessagingSettings(env: NodeJS.ProcessEnv, base: { publicUrl: string; embedded: boolean }): MessagingSettings {
  const capture = envFlag(env, 'WARDEN_CAPTURE');
  return {
    delivery: deliveryConfigFromEnv(env, base.publicUrl),
    checkins: checkinSettingsFromEnv(env),
    capture: capture === undefined ? base.embedded : capture === '1',
    inProcessWorker: envFlag(env, 'WARDEN_INPROCESS_WORKER') !== '0',
    subscriptionMailEveryMs: envNumber(env, 'WARDEN_SUBSCRIPTION_MAIL_EVERY_MS', 30_000, 10),
  };
}
