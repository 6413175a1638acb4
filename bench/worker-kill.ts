/**
 * Kill benchmark (PostgreSQL via DATABASE_URL; creates and drops its own database): a send to
 * KILL_RECIPIENTS (50,000) travellers by two worker processes, one of them killed with SIGKILL KILL_COUNT (20)
 * times at random moments and replaced; with --restart-postgres, the PostgreSQL server is also restarted once
 * mid-send (pg_ctlcluster; needs root). Then: everyone received the alert, nothing is left queued, and the
 * duplicates stay within the in-flight window (2 batches per interrupted worker). Exit 1 otherwise.
 * Last line: one JSON object.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { migrate } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { addBulkTravellers, alertBody, publishNow } from '../test/support/alert-fixtures.js';
import { startCountingSmtpServer } from '../test/support/counting-smtp-server.js';
import { checkSend, pendingDeliveries, waitUntilSent, WorkerFleet } from '../test/support/worker-fleet.js';

const log = (m: string) => process.stderr.write(`${m}\n`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function restartPostgres(): void {
  const version = readdirSync('/etc/postgresql')[0]!;
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { stdio: 'inherit' });
}

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set DATABASE_URL to a PostgreSQL server (the benchmark creates its own database)');
  const recipients = Number(process.env.KILL_RECIPIENTS ?? 50_000);
  const killCount = Number(process.env.KILL_COUNT ?? 20);
  const restart = process.argv.includes('--restart-postgres');
  const batch = 100;
  const name = `warden_bench_kill_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), 4);
  const smtp = await startCountingSmtpServer();
  // Each worker is held to 1,000 messages/s so the send lasts long enough for every kill.
  const fleet = new WorkerFleet({ dbUrl: url.toString(), smtpPort: smtp.port, secret: 'bench-secret-bench-secret-bench-secret-02', batch,
    appName: 'warden-kill-bench', env: { WARDEN_RATE_EMAIL_PER_SEC: process.env.KILL_RATE ?? '1000', WARDEN_RATE_EMAIL_BURST: '100' } });
  let failed = false;
  try {
    await migrate(db);
    await addBulkTravellers(db, 'IQ', recipients, 'kill');
    const { alert } = await publishNow(db, alertBody({ area: { countries: ['IQ'] } }));
    const started = performance.now();
    const workers = [await fleet.spawn(), await fleet.spawn()];
    let kills = 0;
    let restarted = false;
    while (kills < killCount) {
      await pause(300 + Math.random() * 700);
      if ((await pendingDeliveries(db, alert.id).catch(() => 1)) === 0) break;
      const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
      victim.kill('SIGKILL');
      kills += 1;
      workers.push(await fleet.spawn());
      if (restart && !restarted && kills === Math.floor(killCount / 2)) {
        log('restarting PostgreSQL…');
        restartPostgres();
        restarted = true;
      }
      log(`kill ${kills}: ${smtp.total()} messages so far`);
    }
    await waitUntilSent(db, alert.id, 300_000);
    const seconds = (performance.now() - started) / 1000;
    const result = await checkSend(db, alert.id, smtp.counts);
    const window = (kills + (restarted ? workers.length : 0)) * 2 * batch;
    failed = result.missing.length > 0 || result.notSent > 0 || result.duplicates > window || kills < killCount;
    for (const w of workers) await fleet.stop(w);
    process.stdout.write(`${JSON.stringify({
      bench: 'kill', recipients, kills, postgresRestarted: restarted, messages: smtp.total(), deliveries: result.deliveries,
      missing: result.missing.length, notSent: result.notSent, duplicates: result.duplicates, duplicateWindow: window, seconds: +seconds.toFixed(1), ok: !failed,
    })}\n`);
  } finally {
    fleet.killAll();
    await smtp.close();
    await db.close();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  }
  if (failed) process.exit(1);
}

await main();
