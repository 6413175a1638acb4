/**
 * Fan-out benchmark (PostgreSQL via DATABASE_URL; creates and drops its own database).
 *   1. smtp-source → smtp-sink raw rate (Postfix tools) with the workers' connection count and message size;
 *   2. 100,000 travellers: publish → last message accepted by smtp-sink, 2 worker processes; the rate against (1);
 *   3. 1,000,000 travellers in one country: time to publish (freeze + outbox) in its own process, and, in the same
 *      database, the raw INSERT … SELECT of the same rows (bench/support.ts rawWriteSeconds) — the publish's limit.
 * Peak RSS of the publishing process and of each worker. Last line: one JSON object, each figure beside its limit.
 * Knobs: FANOUT_BIG (1000000), FANOUT_SEND (100000), FANOUT_WORKERS (2), WARDEN_SMTP_MAX_CONNECTIONS (5 per worker),
 * FANOUT_CPU_PROF (a folder: the workers write V8 CPU profiles there).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Db } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { benchWorkers, messageBytes, smtpSink, smtpSourceRate } from './smtp.js';
import { addTravellers, log, peakRssMb, publishTimed, type Published, rawWriteSeconds, scratchDatabase } from './support.js';

const self = fileURLToPath(import.meta.url);
/** Goals (issue 15): publish within 2× the raw write of its rows; delivery at 0.75 of smtp-source; 300 MB per process. */
const limits = { publishToRawRatio: 2, deliveryToSmtpSourceRatio: 0.75, peakRssMb: 300 };

async function publishOne(url: string, country: string) {
  const db = openPostgres(url, 2);
  const published = await publishTimed(db, country);
  await db.close();
  return { ...published, maxRssMb: peakRssMb() };
}

/** Sends the alert's outbox through `workers` worker processes; the rate counts from the first message accepted. */
export async function sendThrough(db: Db, url: string, port: number, workers: number, publish: () => Promise<Published>) {
  const fleet = benchWorkers(url, port);
  const pool = await Promise.all(Array.from({ length: workers }, () => fleet.spawn()));
  const t0 = performance.now();
  const published = await publish();
  let firstSent = 0;
  for (;;) {
    const { rows } = await db.query<{ left: number; done: number }>(`SELECT count(*) FILTER (WHERE state IN ('queued','sending'))::int AS left, count(*) FILTER (WHERE state = 'sent')::int AS done FROM deliveries WHERE alert_id = $1`, [published.alertId]);
    if (!firstSent && rows[0]!.done > 0) firstSent = performance.now();
    if (rows[0]!.left === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const publishToLast = (performance.now() - t0) / 1000;
  const rate = published.deliveries / ((performance.now() - (firstSent || t0)) / 1000);
  const stats = (await Promise.all(pool.map((w) => fleet.stop(w)))).map((out) => JSON.parse(out.trim().split('\n').pop()!) as { maxRssKb: number; cpuUs: number; sent: number });
  return { published, publishToLast, rate, stats };
}

async function main() {
  const big = Number(process.env.FANOUT_BIG ?? 1_000_000);
  const send = Number(process.env.FANOUT_SEND ?? 100_000);
  const workers = Number(process.env.FANOUT_WORKERS ?? 2);
  const connections = workers * Number(process.env.WARDEN_SMTP_MAX_CONNECTIONS ?? 5);
  const scratch = await scratchDatabase('postgresql', 'warden_bench_fanout');
  const { db, url } = scratch;
  const sink = await smtpSink();
  try {
    const bytes = await messageBytes();
    log(`smtp-source: ${send} messages of ${bytes} bytes over ${connections} connections…`);
    const rawRate = smtpSourceRate(sink.port, send, bytes, connections);
    const keptRate = smtpSourceRate(sink.port, send, bytes, connections, true);
    log(`raw rate ${Math.round(rawRate)} msg/s (sessions kept: ${Math.round(keptRate)}); enrolling ${send} travellers…`);
    await addTravellers(db, 'IQ', send, 's');
    const sent = await sendThrough(db, url!, sink.port, workers, () => publishOne(url!, 'IQ'));
    const cpuUsPerMessage = Math.round(sent.stats.reduce((a, w) => a + w.cpuUs, 0) / Math.max(1, sent.stats.reduce((a, w) => a + w.sent, 0)));
    log(`publish → last accepted ${sent.publishToLast.toFixed(1)} s (${Math.round(sent.rate)} msg/s, ${cpuUsPerMessage} µs CPU per message in the workers); enrolling ${big} travellers…`);
    await addTravellers(db, 'JO', big, 'b');
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--publish', url!, 'JO'], { encoding: 'utf8' });
    const bigRun = JSON.parse(out.trim().split('\n').pop()!) as Awaited<ReturnType<typeof publishOne>>;
    const raw = await rawWriteSeconds(db, bigRun.alertId);
    log(`publish ${bigRun.recipients} recipients: ${bigRun.seconds.toFixed(1)} s (raw INSERT … SELECT of the same rows ${raw.toFixed(1)} s), publisher RSS ${bigRun.maxRssMb} MB`);
    const publishRatio = bigRun.seconds / raw;
    const deliveryRatio = sent.rate / rawRate;
    const workerPeakRssMb = sent.stats.map((w) => Math.round(w.maxRssKb / 1024));
    const result = {
      bench: 'fanout', backend: 'postgresql', smtp: 'postfix smtp-sink', connections, workers,
      publish1M: { recipients: bigRun.recipients, deliveries: bigRun.deliveries, publishSeconds: +bigRun.seconds.toFixed(2), rawInsertSelectSeconds: +raw.toFixed(2),
        ratio: +publishRatio.toFixed(2), limitRatio: limits.publishToRawRatio, publisherPeakRssMb: bigRun.maxRssMb, limitRssMb: limits.peakRssMb },
      send100k: { recipients: sent.published.recipients, publishSeconds: +sent.published.seconds.toFixed(2), publishToLastAcceptedSeconds: +sent.publishToLast.toFixed(2),
        rateMsgPerSec: Math.round(sent.rate), rawSmtpSourceMsgPerSec: Math.round(rawRate), messageBytes: bytes, ratio: +deliveryRatio.toFixed(2),
        smtpSourceKeptSessionsMsgPerSec: Math.round(keptRate), ratioToKeptSessions: +(sent.rate / keptRate).toFixed(2),
        limitRatio: limits.deliveryToSmtpSourceRatio, workerCpuUsPerMessage: cpuUsPerMessage, workerPeakRssMb, limitRssMb: limits.peakRssMb },
      met: publishRatio <= limits.publishToRawRatio && deliveryRatio >= limits.deliveryToSmtpSourceRatio
        && Math.max(bigRun.maxRssMb, ...workerPeakRssMb) <= limits.peakRssMb,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    sink.stop();
    await scratch.drop();
  }
}

if (process.argv[2] === '--publish') process.stdout.write(`${JSON.stringify(await publishOne(process.argv[3]!, process.argv[4]!))}\n`);
else await main();
