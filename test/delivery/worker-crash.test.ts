/**
 * Crash faults on PostgreSQL: worker processes killed with SIGKILL mid-send, and the workers'
 * database connections terminated mid-send (what a PostgreSQL restart does to them, without
 * restarting the server other tests share). Registered only when the suite runs on PostgreSQL:
 * PGlite is an in-process, single-connection database, so there is no second process to kill.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { alertBody, addBulkTravellers, publishNow } from '../support/alert-fixtures.js';
import { startCountingSmtpServer, type CountingSmtpServer } from '../support/counting-smtp-server.js';
import { backend, freshDatabase } from '../support/db.js';
import type { Db } from '../../src/db/index.js';

const script = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));
const secret = 'test-secret-test-secret-test-secret-0123';
const batch = 100;
const appName = 'warden-crash-test-worker';

if (backend === 'pg') {
  let db: Db;
  let drop: () => Promise<void>;
  let url: string;
  let smtp: CountingSmtpServer;
  const children = new Set<ChildProcess>();

  before(async () => {
    ({ db, drop, url } = (await freshDatabase()) as { db: Db; drop: () => Promise<void>; url: string });
    smtp = await startCountingSmtpServer();
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await smtp.close();
    await drop();
  });

  const spawnWorker = () => new Promise<ChildProcess>((resolve, reject) => {
    const u = new URL(url);
    u.searchParams.set('application_name', appName);
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, WARDEN_TEST_DB_URL: u.toString(), WARDEN_TEST_SMTP_PORT: String(smtp.port), WARDEN_SECRET: secret,
        WARDEN_WORKER_BATCH: String(batch), WARDEN_WORKER_CONCURRENCY: '40', WARDEN_WORKER_LEASE_MS: '2000', WARDEN_WORKER_POLL_MS: '50',
        WARDEN_SMTP_MAX_CONNECTIONS: '10', WARDEN_RATE_EMAIL_PER_SEC: '100000', WARDEN_RATE_EMAIL_BURST: '1000', WARDEN_RETRY_BASE_MS: '50' },
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    child.stdout!.once('data', () => resolve(child));
    child.once('error', reject);
  });

  async function pending(alertId: string): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND state IN ('queued', 'sending')`, [alertId]);
    return rows[0]!.n;
  }

  async function waitDone(alertId: string, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await pending(alertId)) > 0) {
      if (Date.now() > until) throw new Error(`still ${await pending(alertId)} pending`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function check(alertId: string, kills: number, workersAlive: number) {
    const { rows } = await db.query<{ id: string; state: string; last_error: string | null }>(`SELECT id, state, last_error FROM deliveries WHERE alert_id = $1`, [alertId]);
    const missing = rows.filter((r) => !smtp.counts.has(r.id));
    assert.equal(missing.length, 0, `${missing.length} recipients never received the alert: ${JSON.stringify(missing.slice(0, 3))}`);
    assert.ok(rows.every((r) => r.state === 'sent'), 'nothing queued, sending or failed');
    const duplicates = rows.reduce((sum, r) => sum + (smtp.counts.get(r.id)! - 1), 0);
    // Each interruption can re-send at most what one worker had claimed and not yet recorded (two batches), per worker it hit.
    const window = kills * 2 * batch * workersAlive;
    assert.ok(duplicates <= window, `duplicates ${duplicates} exceed the in-flight window ${window}`);
    return duplicates;
  }

  test('SIGKILL a worker 5 times during a 20,000-recipient send: everyone reached, duplicates within the window, nothing left queued', { timeout: 90_000 }, async (t) => {
    await addBulkTravellers(db, 'IQ', 20_000, 'kill');
    const { alert, deliveries } = await publishNow(db, alertBody({ area: { countries: ['IQ'] } }));
    assert.equal(deliveries, 20_000);
    const workers = [await spawnWorker(), await spawnWorker()];
    let kills = 0;
    while (kills < 5) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      if ((await pending(alert.id)) === 0) break;
      const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
      victim.kill('SIGKILL');
      kills += 1;
      workers.push(await spawnWorker());
    }
    assert.equal(kills, 5, 'the send lasted long enough for 5 kills');
    await waitDone(alert.id, 60_000);
    const duplicates = await check(alert.id, kills, 1);
    t.diagnostic(`5 kills, ${smtp.total()} messages for 20000 deliveries, ${duplicates} duplicates`);
    for (const w of workers) w.kill('SIGTERM');
  });

  test('worker connections terminated mid-send (as in a PostgreSQL restart): the workers reconnect and finish', { timeout: 60_000 }, async (t) => {
    await addBulkTravellers(db, 'SY', 5_000, 'term');
    const { alert } = await publishNow(db, alertBody({ area: { countries: ['SY'] } }));
    const workers = [await spawnWorker(), await spawnWorker()];
    let terminated = 0;
    for (let i = 0; i < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 300));
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [appName]);
      terminated += rows[0]!.n;
    }
    assert.ok(terminated > 0, 'some worker connections were terminated');
    await waitDone(alert.id, 45_000);
    const duplicates = await check(alert.id, 3, 2);
    t.diagnostic(`${terminated} connections terminated, ${duplicates} duplicates`);
    const stats = await Promise.all(workers.map((w) => new Promise<string>((resolve) => {
      let out = '';
      w.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      w.once('exit', () => resolve(out));
      w.kill('SIGTERM');
    })));
    assert.ok(stats.every((s) => s.includes('"sent"')), 'both workers survived and stopped cleanly');
  });
}
