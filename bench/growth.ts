/**
 * Growth: publish and board as the register grows (issue 15, goal 6). PostgreSQL via DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test); one database of its own, created and dropped.
 * For each size in GROWTH_SIZES (default 100000,1000000,3000000), cumulatively in the same database (each size a
 * country of its own, so the tables also hold the earlier sizes' rows, as a register with history does):
 * enrol, publish in a process of its own (its peak RSS), the raw INSERT … SELECT of the same rows (the limit) into empty
 * tables and into tables holding the earlier sizes' rows as the real ones do (bench/support.ts rawWriteSeconds),
 * the board's counts (median of 3), then two worker processes send from that outbox for GROWTH_SEND_SECONDS (15):
 * their rate and peak RSS at that queue length. The database's size after each step says what 10M needs.
 * Last line: one JSON object; `npm run plot:growth -- <file>` draws it (scripts/plot-growth.ts).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openPostgres } from '../src/db/postgres.js';
import { benchWorkers, smtpSink } from './smtp.js';
import { addTravellers, boardCounts, log, peakRssMb, publishTimed, rawWriteSeconds, scratchDatabase, timedRuns } from './support.js';

const self = fileURLToPath(import.meta.url);
const limits = { publishToRawRatio: 2, peakRssMb: 300 };
const countries = ['JO', 'LB', 'SY', 'YE', 'LY'];

async function publishChild(url: string, country: string) {
  const db = openPostgres(url, 2);
  const published = await publishTimed(db, country);
  await db.close();
  return { ...published, maxRssMb: peakRssMb() };
}

async function main(): Promise<void> {
  const sizes = (process.env.GROWTH_SIZES ?? '100000,1000000,3000000').split(',').map(Number);
  const sendSeconds = Number(process.env.GROWTH_SEND_SECONDS ?? 15);
  const scratch = await scratchDatabase('postgresql', 'warden_bench_growth');
  const { db, url } = scratch;
  const sink = await smtpSink();
  const steps = [];
  try {
    for (const [i, size] of sizes.entries()) {
      const country = countries[i]!;
      log(`enrolling ${size} travellers in ${country}…`);
      const enrolStarted = performance.now();
      await addTravellers(db, country, size, `g${i}_`);
      const enrolSeconds = (performance.now() - enrolStarted) / 1000;
      const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--publish', url!, country], { encoding: 'utf8' });
      const published = JSON.parse(out.trim().split('\n').pop()!) as Awaited<ReturnType<typeof publishChild>>;
      const raw = await rawWriteSeconds(db, published.alertId);
      const rawWithHistory = await rawWriteSeconds(db, published.alertId, { history: true });
      const board = await timedRuns(3, () => boardCounts(db, published.alertId));
      const fleet = benchWorkers(url!, sink.port);
      const workers = await Promise.all([fleet.spawn(), fleet.spawn()]);
      await new Promise((r) => setTimeout(r, sendSeconds * 1000));
      const stats = (await Promise.all(workers.map((w) => fleet.stop(w)))).map((o) => JSON.parse(o.trim().split('\n').pop()!) as { sent: number; maxRssKb: number });
      const bytes = (await db.query<{ n: string }>('SELECT pg_database_size(current_database())::text AS n')).rows[0]!.n;
      const step = {
        recipients: published.recipients, enrolSeconds: +enrolSeconds.toFixed(1), publishSeconds: +published.seconds.toFixed(2), rawInsertSelectSeconds: +raw.toFixed(2),
        ratio: +(published.seconds / raw).toFixed(2),
        rawWithHistorySeconds: +rawWithHistory.toFixed(2), ratioWithHistory: +(published.seconds / rawWithHistory).toFixed(2), boardMs: board, publisherPeakRssMb: published.maxRssMb,
        sendMsgPerSec: Math.round(stats.reduce((a, s) => a + s.sent, 0) / sendSeconds), workerPeakRssMb: stats.map((s) => Math.round(s.maxRssKb / 1024)),
        databaseGb: +(Number(bytes) / 2 ** 30).toFixed(2),
      };
      log(JSON.stringify(step));
      steps.push(step);
      // What is left queued would slow the next size's claims for nothing: mark it sent.
      await db.query(`UPDATE deliveries SET state = 'sent', sent_at = now(), finished_at = now() WHERE state IN ('queued', 'sending')`);
      await db.query('VACUUM ANALYZE deliveries');
    }
  } finally {
    sink.stop();
    await scratch.drop();
  }
  const rss = steps.flatMap((s) => [s.publisherPeakRssMb, ...s.workerPeakRssMb]);
  process.stdout.write(`${JSON.stringify({ bench: 'growth', backend: 'postgresql', limits, steps,
    met: steps.every((s) => s.ratio <= limits.publishToRawRatio) && Math.max(...rss) <= limits.peakRssMb })}\n`);
}

if (process.argv[2] === '--publish') process.stdout.write(`${JSON.stringify(await publishChild(process.argv[3]!, process.argv[4]!))}\n`);
else await main();
