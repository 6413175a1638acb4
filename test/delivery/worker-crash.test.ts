/**
 * Crash faults on PostgreSQL: worker processes killed with SIGKILL mid-send, and the workers'
 * database connections terminated mid-send (what a PostgreSQL restart does to them, without
 * restarting the server other tests share; `npm run bench:kill -- --restart-postgres` restarts it for real).
 * Registered only when the suite runs on PostgreSQL: PGlite is an in-process, single-connection
 * database, so there is no second process to kill.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { alertBody, addBulkTravellers, publishNow } from '../support/alert-fixtures.js';
import { startCountingSmtpServer, type CountingSmtpServer } from '../support/counting-smtp-server.js';
import { backend, freshDatabase } from '../support/db.js';
import { checkSend, pendingDeliveries, waitUntilSent, WorkerFleet } from '../support/worker-fleet.js';
import type { Db } from '../../src/db/index.js';

const secret = 'test-secret-test-secret-test-secret-0123';
const batch = 100;
const appName = 'warden-crash-test-worker';

if (backend === 'pg') {
  let db: Db;
  let drop: () => Promise<void>;
  let smtp: CountingSmtpServer;
  let fleet: WorkerFleet;

  before(async () => {
    let url: string;
    ({ db, drop, url } = (await freshDatabase()) as { db: Db; drop: () => Promise<void>; url: string });
    smtp = await startCountingSmtpServer();
    fleet = new WorkerFleet({ dbUrl: url, smtpPort: smtp.port, secret, batch, appName });
  });
  after(async () => {
    fleet.killAll();
    await smtp.close();
    await drop();
  });

  async function check(alertId: string, kills: number, workersAlive: number) {
    const result = await checkSend(db, alertId, smtp.counts);
    assert.equal(result.missing.length, 0, `${result.missing.length} recipients never received the alert: ${JSON.stringify(result.missing.slice(0, 3))}`);
    assert.equal(result.notSent, 0, 'nothing queued, sending or failed');
    // Each interruption can re-send at most what one worker had claimed and not yet recorded (two batches), per worker it hit.
    const window = kills * 2 * batch * workersAlive;
    assert.ok(result.duplicates <= window, `duplicates ${result.duplicates} exceed the in-flight window ${window}`);
    return result.duplicates;
  }

  test('SIGKILL a worker 5 times during a 20,000-recipient send: everyone reached, duplicates within the window, nothing left queued', { timeout: 90_000 }, async (t) => {
    await addBulkTravellers(db, 'IQ', 20_000, 'kill');
    const { alert, deliveries } = await publishNow(db, alertBody({ area: { countries: ['IQ'] } }));
    assert.equal(deliveries, 20_000);
    const workers = [await fleet.spawn(), await fleet.spawn()];
    let kills = 0;
    while (kills < 5) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
      if ((await pendingDeliveries(db, alert.id)) === 0) break;
      const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
      victim.kill('SIGKILL');
      kills += 1;
      workers.push(await fleet.spawn());
    }
    assert.equal(kills, 5, 'the send lasted long enough for 5 kills');
    await waitUntilSent(db, alert.id, 60_000);
    const duplicates = await check(alert.id, kills, 1);
    t.diagnostic(`5 kills, ${smtp.total()} messages for 20000 deliveries, ${duplicates} duplicates`);
    for (const w of workers) w.kill('SIGTERM');
  });

  test('worker connections terminated mid-send (as in a PostgreSQL restart): the workers reconnect and finish', { timeout: 60_000 }, async (t) => {
    await addBulkTravellers(db, 'SY', 5_000, 'term');
    const { alert } = await publishNow(db, alertBody({ area: { countries: ['SY'] } }));
    const workers = [await fleet.spawn(), await fleet.spawn()];
    let terminated = 0;
    for (let i = 0; i < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 300));
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [appName]);
      terminated += rows[0]!.n;
    }
    assert.ok(terminated > 0, 'some worker connections were terminated');
    await waitUntilSent(db, alert.id, 45_000);
    const duplicates = await check(alert.id, 3, 2);
    t.diagnostic(`${terminated} connections terminated, ${duplicates} duplicates`);
    const stats = await Promise.all(workers.map((w) => fleet.stop(w)));
    assert.ok(stats.every((s) => s.includes('"sent"')), 'both workers survived and stopped cleanly');
  });
}
