/**
 * What the benchmarks share: a scratch database (PostgreSQL: created and dropped; PGlite: a temporary folder),
 * enrolling travellers set-based, the model case's alert, a timed publish, the raw write of the same rows
 * (the publish's same-run limit), the board's counts, and the min / median / max of repeated timings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { publishAlert } from '../src/alerts/publish.js';
import { alertInput } from '../src/alerts/schema.js';
import { composeAlert, submitAlert } from '../src/alerts/service.js';
import { systemActor } from '../src/auth/roles.js';
import { accountability } from '../src/checkins/accountability.js';
import { boardQuery } from '../src/checkins/schema.js';
import { migrate, type Db } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';

export const benchSecret = 'bench-secret-bench-secret-bench-secret-01';
export const log = (m: string) => process.stderr.write(`${m}\n`);
export const withDb = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
export const defaultAdminUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Backend = 'postgresql' | 'pglite';

/** A database of its own for one benchmark: `url` for PostgreSQL (other processes connect), `dataDir` for PGlite. */
export interface Scratch { backend: Backend; db: Db; url?: string; dataDir?: string; drop(): Promise<void> }

export async function scratchDatabase(backend: Backend, name: string, pool = 4): Promise<Scratch> {
  if (backend === 'pglite') {
    const { openPglite } = await import('../src/db/pglite.js');
    const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
    const db = await openPglite(dataDir);
    await migrate(db);
    return { backend, db, dataDir, drop: async () => { await db.close().catch(() => undefined); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const adminUrl = defaultAdminUrl();
  const dbName = `${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = withDb(adminUrl, dbName);
  const db = openPostgres(url, pool);
  const drop = async () => {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  };
  try { await migrate(db); } catch (error) { await drop(); throw error; }
  return { backend, db, url, drop };
}

/** `count` travellers with one e-mail address and one current trip in `country`, external refs `prefix || n`. */
export async function addTravellers(db: Db, country: string, count: number, prefix: string): Promise<void> {
  await db.query(`INSERT INTO travellers (id, full_name, consent_at, external_ref) SELECT gen_random_uuid(), 'T ' || n, now(), $2::text || n FROM generate_series(1, $1::int) n`, [count, prefix]);
  await db.query(`INSERT INTO contact_points (traveller_id, channel, address) SELECT id, 'email', external_ref || '@bench.test' FROM travellers WHERE external_ref LIKE $1 || '%'`, [prefix]);
  await db.query(`INSERT INTO trips (traveller_id, country_code, place_name, starts_at) SELECT id, $2::text, $2::text, now() - interval '1 day' FROM travellers WHERE external_ref LIKE $1 || '%'`, [prefix, country]);
  await db.query('ANALYZE');
}

/** The model case's alert, so messages have a realistic size (text and HTML, about 3.5 KB). */
export const benchAlert = (country: string) => alertInput.parse({
  kind: 'security_alert', sender: 'U.S. Embassy Baghdad', area: { countries: [country] },
  infos: [{ language: 'en', event: 'Security alert', headline: 'Depart Iraq immediately',
    description: 'Following a U.S. airstrike at Baghdad International Airport, tensions and the risk of attacks are heightened across Iraq. '
      + 'The Embassy has suspended all public consular operations until further notice.',
    instruction: 'Depart Iraq immediately: by airline while possible, and otherwise overland to other countries.\nDo not approach the Embassy.\nKeep a low profile and monitor local media.' }],
  assistance: { contacts: [{ name: 'U.S. Embassy Baghdad', phone: '+964 760 030 3000', email: 'BaghdadACS@state.gov', website: 'https://iq.usembassy.gov' }], notes: [] },
});

export interface Published { alertId: string; recipients: number; deliveries: number; seconds: number }

/** Drafts, submits and publishes the bench alert to everyone in `country`; `seconds` times the publish alone. */
export async function publishTimed(db: Db, country: string): Promise<Published> {
  const actor = systemActor('bench');
  const draft = await composeAlert(db, actor, benchAlert(country));
  await submitAlert(db, actor, draft.id);
  const started = performance.now();
  const result = await publishAlert(db, { ...actor, id: null }, draft.id, { twoPersonThreshold: Number.MAX_SAFE_INTEGER });
  return { alertId: draft.id, recipients: result.recipients, deliveries: result.deliveries, seconds: (performance.now() - started) / 1000 };
}

/**
 * The publish's limit: the same rows (an alert's recipients and outbox rows, copied as they are) written by a plain
 * INSERT … SELECT, in one transaction, into tables with the same columns, constraints and indexes — but no targeting,
 * join, sort, sequence, default or trigger. Seconds.
 * By default the tables start empty, so their indexes are appended at the right edge. With `history`, they first hold
 * every other alert's rows (copied untimed, indexes built after), as the real tables do when this alert is published:
 * the same rows then land among millions of others — e.g. in the traveller indexes — which is the work the publish did.
 */
export async function rawWriteSeconds(db: Db, alertId: string, opts: { history?: boolean } = {}): Promise<number> {
  const tables = [['alert_recipients', 'raw_recipients'], ['deliveries', 'raw_deliveries']] as const;
  await db.exec('DROP TABLE IF EXISTS raw_recipients, raw_deliveries');
  for (const [real, raw] of tables) {
    if (!opts.history) {
      await db.exec(`CREATE TABLE ${raw} (LIKE ${real} INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
      continue;
    }
    await db.exec(`CREATE TABLE ${raw} (LIKE ${real} INCLUDING CONSTRAINTS)`);
    await db.query(`INSERT INTO ${raw} SELECT * FROM ${real} WHERE alert_id IS DISTINCT FROM $1`, [alertId]);
    const { rows } = await db.query<{ def: string }>(`SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1`, [real]);
    for (const { def } of rows) {
      await db.exec(def.replace(/INDEX (\w+) ON public\.(\w+)/, (_m, name: string) => `INDEX raw_${name} ON public.${raw}`));
    }
    await db.exec(`ANALYZE ${raw}`);
  }
  const started = performance.now();
  await db.tx(async (tx) => {
    await tx.query(`SET LOCAL work_mem = '256MB'`);
    await tx.query('INSERT INTO raw_recipients SELECT * FROM alert_recipients WHERE alert_id = $1', [alertId]);
    await tx.query('INSERT INTO raw_deliveries SELECT * FROM deliveries WHERE alert_id = $1', [alertId]);
  });
  const seconds = (performance.now() - started) / 1000;
  await db.exec('DROP TABLE raw_recipients, raw_deliveries');
  return seconds;
}

/** The alert's accountability board as the route computes its counts. */
export const boardCounts = (db: Db, alertId: string) => accountability(db, alertId, boardQuery.parse({}), false);

export interface Spread { min: number; median: number; max: number }

export function spread(values: number[], digits = 1): Spread {
  const s = [...values].sort((a, b) => a - b);
  const round = (v: number) => +v.toFixed(digits);
  return { min: round(s[0]!), median: round(s[Math.floor(s.length / 2)]!), max: round(s.at(-1)!) };
}

/** Milliseconds of `runs` calls after one warm-up call. */
export async function timedRuns(runs: number, fn: () => Promise<unknown>): Promise<Spread> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return spread(times);
}

/** Peak RSS of this process, MB. */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
