import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
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
