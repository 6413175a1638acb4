/**
 * Check-in benchmark (CHECKIN_BACKEND=postgresql via DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, a
 * database of its own created and dropped; or CHECKIN_BACKEND=pglite, a temporary folder).
 * Two alerts to the same CHECKIN_RECIPIENTS people, each with valid personal tokens. A child process serves, on two
 * loopback ports over one database handle: the app (buildApp, the same factory as `warden start`, every hook on), and
 * its limit — a bare Fastify route (no plugin, no hook) that admits the token and writes the answer with the same
 * statement through the same group commit (src/checkins/batcher.ts). autocannon (programmatic API, a request generator
 * cycling through the tokens) POSTs JSON answers to each, one per recipient after a 3,000-answer warm-up; the app
 * answers the first alert, the bare route the second, so both do the same inserts. "Stored" counts checkin_history
 * rows of the app's alert after the server stopped; it must equal the answers the app acknowledged (2xx).
 * Knobs: CHECKIN_RECIPIENTS (100000), CHECKIN_CONNECTIONS (50), CHECKIN_REQUESTS (= recipients), CHECKIN_POOL (10),
 * CHECKIN_CPU_PROF (a folder: write the server's V8 CPU profile there).
 * Last line: one JSON object, each figure beside its limit.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { checkinNumber, checkinToken } from '../src/alerts/checkin-token.js';
import { loadConfig } from '../src/config.js';
import { AnswerBatcher } from '../src/checkins/batcher.js';
import { checkinInput } from '../src/checkins/schema.js';
import type { Db } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { buildApp } from '../src/http/app.js';
import { startDatabaseUpkeep } from '../src/runtime.js';
import { addTravellers, benchSecret as secret, log, publishTimed, scratchDatabase, type Backend } from './support.js';

interface CannonResult {
  requests: { average: number; total: number }; latency: { p50: number; p99: number; average: number; max: number };
  '2xx': number; non2xx: number; errors: number; timeouts: number; duration: number;
}
type Cannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;
const limits = { reqPerSec: 10_000, p99Ms: 50 };
const graceHours = 72;

/** The limit: the same token check and the same write (one statement per group of answers), without the app around it. */
async function bareRoute(db: Db) {
  const app = Fastify();
  const batcher = new AnswerBatcher(db, graceHours, []);
  app.post<{ Params: { token: string } }>('/c/:token', async (request, reply) => {
    const checkinNo = checkinNumber(secret, request.params.token);
    const parsed = checkinInput.safeParse(request.body ?? {});
    if (!checkinNo || !parsed.success) return reply.code(400).send();
    const recorded = await batcher.submit(checkinNo, parsed.data);
    if (!recorded) return reply.code(404).send();
    return reply.code(201).send({ alertId: recorded.alertId, answer: recorded.answer, answeredAt: recorded.answeredAt.toISOString(), channel: 'link' });
  });
  return app;
}

async function openBackend(backend: Backend, target: string): Promise<Db> {
  if (backend === 'postgresql') return openPostgres(target, Number(process.env.CHECKIN_POOL ?? 10));
  const { openPglite } = await import('../src/db/pglite.js');
  return openPglite(target);
}

/** Child mode: serve the app and the bare route on loopback and print both ports. */
async function serve(backend: Backend, target: string): Promise<void> {
  const db = await openBackend(backend, target);
  const config = { ...loadConfig({}), publicUrl: 'http://bench.test', secret, demo: false };
  const app = await buildApp({ db, config });
  // As `warden start` runs on PGlite: the database's upkeep (src/db/maintenance.ts) beside the requests; none on PostgreSQL.
  const upkeep = startDatabaseUpkeep({ db, config });
  const bare = await bareRoute(db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const port = (a: typeof bare) => (a.server.address() as { port: number }).port;
  process.stdout.write(`${port(app as unknown as typeof bare)} ${port(bare)}\n`);
  process.once('SIGTERM', async () => { await app.close(); await bare.close(); await upkeep?.stop(); await db.close(); process.exit(0); });
}

async function tokensOf(db: Db, alertId: string): Promise<string[]> {
  const { rows } = await db.query<{ checkin_no: string }>('SELECT checkin_no::text AS checkin_no FROM alert_recipients WHERE alert_id = $1', [alertId]);
  return rows.map((r) => checkinToken(secret, r.checkin_no));
}

function load(port: number, tokens: string[], connections: number, count: number, offset: number) {
  const body = JSON.stringify({ answer: 'safe', place: 'Hotel, Baghdad' });
  let i = offset;
  return autocannon({
    url: `http://127.0.0.1:${port}`, connections, amount: count, timeout: 10,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, body,
      setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/c/${tokens[i++ % tokens.length]}` }) }],
  });
}

/** A 3,000-answer warm-up on the last tokens, then one answer per token from the first. */
async function measure(label: string, port: number, tokens: string[], connections: number, amount: number) {
  log(`${label}: warm-up 3,000 answers, then ${amount} over ${connections} connections…`);
  const warm = await load(port, tokens, connections, 3000, tokens.length - 3000);
  const result = await load(port, tokens, connections, amount, 0);
  // autocannon's requests.average divides by whole seconds; the total over the exact duration is finer.
  const reqPerSec = result.requests.total / result.duration;
  log(`${label}: ${Math.round(reqPerSec)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  return { warm, result, reqPerSec, accepted: warm['2xx'] + result['2xx'] };
}

async function main(): Promise<void> {
  const backend = (process.env.CHECKIN_BACKEND ?? 'postgresql') as Backend;
  const recipients = Number(process.env.CHECKIN_RECIPIENTS ?? 100_000);
  const connections = Number(process.env.CHECKIN_CONNECTIONS ?? 50);
  const amount = Number(process.env.CHECKIN_REQUESTS ?? recipients);
  const scratch = await scratchDatabase(backend, 'warden_bench_checkin', 2);
  let server: ReturnType<typeof spawn> | null = null;
  try {
    log(`seeding ${recipients} travellers and publishing two alerts…`);
    await addTravellers(scratch.db, 'IQ', recipients, 'ck');
    const appAlert = await publishTimed(scratch.db, 'IQ');
    const bareAlert = await publishTimed(scratch.db, 'IQ');
    await scratch.db.query('ANALYZE'); // what autovacuum (PostgreSQL) or the upkeep job (PGlite) does soon after a publish
    const appTokens = await tokensOf(scratch.db, appAlert.alertId);
    const bareTokens = await tokensOf(scratch.db, bareAlert.alertId);
    // PGlite: one process owns the folder, so the server opens it only once this process has let go.
    if (backend === 'pglite') await scratch.db.close();
    const target = scratch.url ?? scratch.dataDir!;
    const child = spawn(process.execPath, [...(process.env.CHECKIN_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CHECKIN_CPU_PROF}`] : []),
      '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', backend, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    server = child;
    const [appPort, barePort] = await new Promise<number[]>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim().split(' ').map(Number)));
      child.once('exit', reject);
    });
    // CHECKIN_BARE_FIRST=1 measures the limit first (the second run of the two meets a busier database: autovacuum).
    const bareFirst = process.env.CHECKIN_BARE_FIRST === '1';
    const bareEarly = bareFirst ? await measure('bare route', barePort!, bareTokens, connections, amount) : null;
    const full = await measure('app', appPort!, appTokens, connections, amount);
    const bare = bareEarly ?? await measure('bare route', barePort!, bareTokens, connections, amount);
    server.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    server = null;
    const db = backend === 'pglite' ? await openBackend(backend, target) : scratch.db;
    const count = async (table: string, alertId: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE alert_id = $1`, [alertId])).rows[0]!.n;
    const stored = await count('checkin_history', appAlert.alertId);
    const current = await count('checkins', appAlert.alertId);
    const bareStored = await count('checkin_history', bareAlert.alertId);
    if (backend === 'pglite') await db.close();
    const r = full.result;
    const figures = {
      bench: 'checkin', backend, recipients: appAlert.recipients, connections, requests: r.requests.total,
      reqPerSec: Math.round(full.reqPerSec), p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max,
      accepted: full.accepted, stored, current, lost: full.accepted - stored, non2xx: full.warm.non2xx + r.non2xx, errors: full.warm.errors + r.errors, timeouts: r.timeouts,
      bareRoute: { reqPerSec: Math.round(bare.reqPerSec), p50Ms: bare.result.latency.p50, p99Ms: bare.result.latency.p99, accepted: bare.accepted, stored: bareStored },
      ratioToBareRoute: +(full.reqPerSec / bare.reqPerSec).toFixed(2),
      limits: { ...limits, lost: 0 },
      met: full.reqPerSec >= limits.reqPerSec && r.latency.p99 <= limits.p99Ms && full.accepted === stored,
    };
    log(`app ${figures.reqPerSec} req/s (bare route ${figures.bareRoute.reqPerSec}), p99 ${figures.p99Ms} ms; accepted ${full.accepted}, stored ${stored}, current ${current}; non-2xx ${figures.non2xx}, errors ${figures.errors}`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    if (server) { server.kill('SIGTERM'); await new Promise((r) => server!.once('exit', r)); }
    await scratch.drop();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as Backend, process.argv[4]!);
else await main();
