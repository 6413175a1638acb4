/**
 * The embedded default against PostgreSQL, on the same work in the same run (issue 15, goal 5).
 * For each size (EMBEDDED_SIZES, default 10000,100000) and each backend (PGlite in a temporary folder; PostgreSQL via
 * DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, a database of its own), in a process of its own:
 * enrol the people, publish (and the raw INSERT … SELECT of the same rows), deliver the outbox into smtp-sink through
 * one in-process worker (as `warden start` runs it on PGlite) with 5 SMTP connections, and the board's counts
 * (median of 5). Then bench/checkin.ts for each backend at that size (the app's check-in route at 50 connections).
 * Goal: every PGlite figure within 3× of PostgreSQL's, peak RSS ≤ 300 MB. Last line: one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { deliveryConfigFromEnv } from '../src/delivery/config.js';
import { startWardenRuntime } from '../src/runtime.js';
import { messageBytes, smtpSink, smtpSourceRate } from './smtp.js';
import { addTravellers, benchSecret, boardCounts, log, peakRssMb, publishTimed, rawWriteSeconds, scratchDatabase, timedRuns, type Backend } from './support.js';

const self = fileURLToPath(import.meta.url);
const limits = { pgliteToPostgres: 3, peakRssMb: 300 };
const connections = 5;

/** One backend at one size, in this process (so its peak RSS is its own). */
async function runCase(backend: Backend, size: number, smtpPort: number) {
  const scratch = await scratchDatabase(backend, 'warden_bench_embedded');
  try {
    const { db } = scratch;
    const enrolStarted = performance.now();
    await addTravellers(db, 'IQ', size, 'e');
    const enrolSeconds = (performance.now() - enrolStarted) / 1000;
    const published = await publishTimed(db, 'IQ');
    const raw = await rawWriteSeconds(db, published.alertId);
    const config = { ...loadConfig({}), publicUrl: 'http://bench.test', secret: benchSecret, demo: false };
    const delivery = deliveryConfigFromEnv({ WARDEN_SMTP_HOST: '127.0.0.1', WARDEN_SMTP_PORT: String(smtpPort), WARDEN_SMTP_MAX_CONNECTIONS: String(connections),
      WARDEN_SMTP_MAX_MESSAGES: '100000', WARDEN_RATE_EMAIL_PER_SEC: '1000000', WARDEN_RATE_EMAIL_BURST: '100000', WARDEN_WORKER_BATCH: '500',
      WARDEN_WORKER_CONCURRENCY: '50', WARDEN_WORKER_POLL_MS: '50' }, config.publicUrl);
    const sendStarted = performance.now();
    const worker = startWardenRuntime({ db, config }, { delivery, escalation: false, subscriptionNotices: false });
    for (;;) {
      const { rows } = await db.query<{ left: number }>(`SELECT count(*)::int AS left FROM deliveries WHERE alert_id = $1 AND state IN ('queued', 'sending')`, [published.alertId]);
      if (rows[0]!.left === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const sendSeconds = (performance.now() - sendStarted) / 1000;
    await worker.stop();
    const board = await timedRuns(5, () => boardCounts(db, published.alertId));
    return {
      backend, size, enrolSeconds: +enrolSeconds.toFixed(2), publishSeconds: +published.seconds.toFixed(2), rawInsertSelectSeconds: +raw.toFixed(2),
      sendSeconds: +sendSeconds.toFixed(2), sendMsgPerSec: Math.round(published.deliveries / sendSeconds), sent: worker.stats.sent,
      boardMs: board.median, peakRssMb: peakRssMb(),
    };
  } finally {
    await scratch.drop();
  }
}

type Case = Awaited<ReturnType<typeof runCase>>;
type Checkin = { reqPerSec: number; p99Ms: number; accepted: number; stored: number; lost: number; bareRoute: { reqPerSec: number } };

function child(args: string[], env: Record<string, string> = {}): string {
  const out = execFileSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!;
}

async function main(): Promise<void> {
  const sizes = (process.env.EMBEDDED_SIZES ?? '10000,100000').split(',').map(Number);
  const sink = await smtpSink();
  const results = [];
  try {
    const bytes = await messageBytes();
    for (const size of sizes) {
      const smtpSource = smtpSourceRate(sink.port, Math.min(size, 50_000), bytes, connections);
      const cases: Partial<Record<Backend, Case & { checkin: Checkin }>> = {};
      for (const backend of ['pglite', 'postgresql'] as const) {
        log(`${backend}, ${size} people: publish, deliver, board…`);
        const c = JSON.parse(child([self, '--case', backend, String(size), String(sink.port)])) as Case;
        log(`${backend}, ${size} people: check-ins…`);
        const checkin = JSON.parse(child([fileURLToPath(new URL('./checkin.ts', import.meta.url))], { CHECKIN_BACKEND: backend, CHECKIN_RECIPIENTS: String(size) })) as Checkin;
        cases[backend] = { ...c, checkin };
        log(`${backend} ${size}: ${JSON.stringify(cases[backend])}`);
      }
      const lite = cases.pglite!;
      const pgres = cases.postgresql!;
      const ratios = {
        publish: +(lite.publishSeconds / pgres.publishSeconds).toFixed(2),
        send: +(pgres.sendMsgPerSec / lite.sendMsgPerSec).toFixed(2),
        board: +(lite.boardMs / pgres.boardMs).toFixed(2),
        checkin: +(pgres.checkin.reqPerSec / lite.checkin.reqPerSec).toFixed(2),
      };
      results.push({
        size, smtpSourceMsgPerSec: Math.round(smtpSource), pglite: lite, postgresql: pgres,
        pgliteSlowerBy: ratios, met: Object.values(ratios).every((r) => r <= limits.pgliteToPostgres) && Math.max(lite.peakRssMb, pgres.peakRssMb) <= limits.peakRssMb
          && lite.checkin.lost === 0 && pgres.checkin.lost === 0,
      });
    }
  } finally {
    sink.stop();
  }
  process.stdout.write(`${JSON.stringify({ bench: 'embedded', connections, limits, sizes: results, met: results.every((r) => r.met) })}\n`);
}

if (process.argv[2] === '--case') process.stdout.write(`${JSON.stringify(await runCase(process.argv[3] as Backend, Number(process.argv[4]), Number(process.argv[5])))}\n`);
else await main();
