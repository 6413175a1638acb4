/**
 * Check-in benchmark (PostgreSQL via DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test;
 * creates and drops its own database warden_bench_checkin_<pid>).
 * 100,000 recipients of one alert with valid personal tokens; the app (buildApp, the same factory as
 * `warden start`) listens on 127.0.0.1 in a child process; autocannon (programmatic API) POSTs
 * JSON answers, a request generator cycling through the tokens. Reports requests/s, p50/p99 latency,
 * answers accepted (2xx) and answers stored (checkin_history rows) — they must be equal.
 * Knobs: CHECKIN_RECIPIENTS (100000), CHECKIN_CONNECTIONS (50), CHECKIN_REQUESTS (= recipients), CHECKIN_POOL (10),
 * CHECKIN_CPU_PROF (a folder: write the server's V8 CPU profile there).
 * Last line: one JSON object.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { checkinToken } from '../src/alerts/checkin-token.js';
import { publishAlert } from '../src/alerts/publish.js';
import { alertInput } from '../src/alerts/schema.js';
import { composeAlert, submitAlert } from '../src/alerts/service.js';
import { systemActor } from '../src/auth/roles.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { buildApp } from '../src/http/app.js';

interface CannonResult {
  requests: { average: number; total: number }; latency: { p50: number; p99: number; average: number; max: number };
  '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number;
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const secret = 'bench-secret-bench-secret-bench-secret-01';
const log = (m: string) => process.stderr.write(`${m}\n`);
const withDb = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };

/** Child mode: serve the app on loopback and print the port. */
async function serve(url: string): Promise<void> {
  const db = openPostgres(url, Number(process.env.CHECKIN_POOL ?? 10));
  const app = await buildApp({ db, config: { ...loadConfig({}), publicUrl: 'http://bench.test', secret, demo: false } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  process.stdout.write(`${address.port}\n`);
  process.once('SIGTERM', async () => { await app.close(); await db.close(); process.exit(0); });
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const recipients = Number(process.env.CHECKIN_RECIPIENTS ?? 100_000);
  const connections = Number(process.env.CHECKIN_CONNECTIONS ?? 50);
  const amount = Number(process.env.CHECKIN_REQUESTS ?? recipients);
  const name = `warden_bench_checkin_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDb(adminUrl, name);
  const db = openPostgres(url, 2);
  let server: ReturnType<typeof spawn> | null = null;
  try {
    await migrate(db);
    log(`seeding ${recipients} travellers…`);
    await db.query(`INSERT INTO travellers (id, full_name, consent_at, external_ref) SELECT gen_random_uuid(), 'T ' || n, now(), 'ck' || n FROM generate_series(1, $1::int) n`, [recipients]);
    await db.query(`INSERT INTO contact_points (traveller_id, channel, address) SELECT id, 'email', external_ref || '@bench.test' FROM travellers`);
    await db.query(`INSERT INTO trips (traveller_id, country_code, place_name, starts_at) SELECT id, 'IQ', 'Baghdad', now() - interval '1 day' FROM travellers`);
    await db.query('ANALYZE');
    const actor = systemActor('bench');
    const draft = await composeAlert(db, actor, alertInput.parse({ kind: 'security_alert', sender: 'Bench Embassy', area: { countries: ['IQ'] },
      infos: [{ language: 'en', event: 'Bench', headline: 'Benchmark alert', description: 'A benchmark.', instruction: 'Check in.' }] }));
    await submitAlert(db, actor, draft.id);
    const published = await publishAlert(db, { ...actor, id: null }, draft.id, { twoPersonThreshold: Number.MAX_SAFE_INTEGER });
    await db.query('ANALYZE');
    const { rows } = await db.query<{ checkin_no: string }>('SELECT checkin_no::text AS checkin_no FROM alert_recipients WHERE alert_id = $1', [draft.id]);
    const tokens = rows.map((r) => checkinToken(secret, r.checkin_no));
    log(`published to ${published.recipients} recipients; ${tokens.length} tokens`);

    const child = spawn(process.execPath, [...(process.env.CHECKIN_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CHECKIN_CPU_PROF}`] : []), '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    server = child;
    const port = await new Promise<number>((resolve, reject) => { child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))); child.once('exit', reject); });
    const body = JSON.stringify({ answer: 'safe', place: 'Hotel, Baghdad' });
    const run = (count: number, offset: number) => {
      let i = offset;
      return autocannon({
        url: `http://127.0.0.1:${port}`, connections, amount: count, timeout: 10,
        requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, body,
          setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/c/${tokens[i++ % tokens.length]}` }) }],
      });
    };
    log('warm-up: 3,000 answers…');
    const warm = await run(3000, recipients - 3000);
    log(`load: ${amount} answers over ${connections} connections…`);
    const result = await run(amount, 0);
    const stored = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM checkin_history')).rows[0]!.n;
    const current = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM checkins')).rows[0]!.n;
    const accepted = warm['2xx'] + result['2xx'];
    const figures = {
      bench: 'checkin', backend: 'postgresql', recipients: published.recipients, connections, requests: result.requests.total,
      reqPerSec: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max,
      accepted, stored, current, lost: accepted - stored, non2xx: warm.non2xx + result.non2xx, errors: warm.errors + result.errors, timeouts: result.timeouts,
      goals: { reqPerSec: 3000, p99Ms: 50, met: result.requests.average >= 3000 && result.latency.p99 <= 50 && accepted === stored },
    };
    log(`${figures.reqPerSec} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; accepted ${accepted}, stored ${stored}, current answers ${current}; non-2xx ${figures.non2xx}, errors ${figures.errors}`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    if (server) { server.kill('SIGTERM'); await new Promise((r) => server!.once('exit', r)); }
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]!);
else await main();
