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
import { publishDirectMessage } from '../../src/alerts/direct.js';
import { systemActor } from '../../src/auth/roles.js';
import { answerManyAsRecipients } from '../../src/checkins/answers.js';
import { escalateDue } from '../../src/checkins/escalation.js';
import { messageKinds, type MessageKind } from '../../src/vocabulary.js';

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
    // Each worker is held to 1,000 e-mails/s, so that a send outlasts the kills however fast the machine
    // (pipelined SMTP on a quiet machine finished 20,000 messages after three kills).
    fleet = new WorkerFleet({ dbUrl: url, smtpPort: smtp.port, secret, batch, appName, env: { WARDEN_RATE_EMAIL_PER_SEC: '1000', WARDEN_RATE_EMAIL_BURST: '100' } });
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

  /** Every outbox row of these alerts and of the non-alert kinds, with what the SMTP server received, per kind. */
  async function checkKinds(alertIds: string[]) {
    const { rows } = await db.query<{ id: string; kind: MessageKind; round: number; state: string }>(
      `SELECT id, kind, round, state FROM deliveries WHERE kind <> 'alert' OR alert_id = ANY($1::uuid[])`, [alertIds]);
    const byKind = new Map<string, { rows: number; missing: number; notSent: number; duplicates: number }>();
    for (const r of rows) {
      const key = r.kind === 'alert' && r.round > 1 ? 'alert (escalation round)' : r.kind;
      const k = byKind.get(key) ?? { rows: 0, missing: 0, notSent: 0, duplicates: 0 };
      k.rows += 1;
      if (!smtp.counts.has(r.id)) k.missing += 1;
      if (r.state !== 'sent') k.notSent += 1;
      k.duplicates += Math.max(0, (smtp.counts.get(r.id) ?? 0) - 1);
      byKind.set(key, k);
    }
    return byKind;
  }

  const pendingOf = async (alertIds: string[]) => (await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE (kind <> 'alert' OR alert_id = ANY($1::uuid[])) AND state IN ('queued', 'sending')`, [alertIds])).rows[0]!.n;

  /**
   * Queues `perKind` rows of every non-alert kind the way their domains do (duty notices from "need help"
   * answers, the others as their modules store them), an escalation round and a departure-style direct message.
   */
  async function queueEveryKind(perKind: number): Promise<string[]> {
    await addBulkTravellers(db, 'LB', perKind, 'kinds');
    const { alert } = await publishNow(db, alertBody({ area: { countries: ['LB'] }, asksCheckin: true }));
    const workers = [await fleet.spawn()];
    await waitUntilSent(db, alert.id, 60_000);
    await fleet.stop(workers[0]!);
    const { rows: people } = await db.query<{ traveller_id: string }>('SELECT traveller_id FROM alert_recipients WHERE alert_id = $1 ORDER BY traveller_id', [alert.id]);
    // Half answer "need help" (each a duty notice to the officer's address), the other half are chased in round 2.
    const helpers = people.slice(0, perKind / 2);
    await answerManyAsRecipients(db, helpers.map((p) => ({ alertId: alert.id, travellerId: p.traveller_id, fields: { answer: 'need_help' as const, message: 'help' }, channel: 'link' as const })),
      [{ channel: 'email', address: 'duty@ops.test' }]);
    const reminders = await escalateDue(db, { afterMinutes: 30, maxRounds: 3 }, { alertId: alert.id, ignoreDelay: true });
    assert.equal(reminders, perKind - helpers.length, 'one reminder per silent person');
    const departure = await publishDirectMessage(db, systemActor('test'), { sender: 'Embassy', areaDescription: 'Beirut', expires: null, assistance: { contacts: [], notes: [] },
      infos: [{ language: 'en', event: 'Departure assistance', headline: 'Your departure', description: 'A seat on the bus.', instruction: 'Be at the gate.' }] }, people.map((p) => p.traveller_id));
    await db.query(
      `INSERT INTO deliveries (kind, channel, address, content, dedupe_key)
       SELECT k, 'email', k || n || '@kinds.test', jsonb_build_object('subject', k, 'text', 'message ' || n, 'subscriptionId', gen_random_uuid()::text), k || ':' || n
         FROM unnest($1::text[]) k, generate_series(1, $2::int) n`,
      [messageKinds.filter((k) => k !== 'alert' && k !== 'duty'), perKind]);
    return [alert.id, departure.alertId];
  }

  test('SIGKILL workers mid-send with every kind of message queued: each kind reached, duplicates within the window per kind', { timeout: 300_000 }, async (t) => {
    const perKind = 2_000;
    const alertIds = await queueEveryKind(perKind);
    const workers = [await fleet.spawn(), await fleet.spawn()];
    let kills = 0;
    while (kills < 4) {
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 600));
      if ((await pendingOf(alertIds)) === 0) break;
      workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!.kill('SIGKILL');
      kills += 1;
      workers.push(await fleet.spawn());
    }
    assert.ok(kills >= 2, `the send lasted long enough for kills (${kills})`);
    const until = Date.now() + 60_000;
    while ((await pendingOf(alertIds)) > 0) {
      assert.ok(Date.now() < until, 'everything sent within a minute');
      await new Promise((r) => setTimeout(r, 100));
    }
    const byKind = await checkKinds(alertIds);
    const expected = ['alert', 'alert (escalation round)', ...messageKinds.filter((k) => k !== 'alert')];
    assert.deepEqual([...byKind.keys()].sort(), expected.sort(), 'every kind was in the send');
    const window = kills * 2 * batch;
    let duplicates = 0;
    for (const [kind, k] of byKind) {
      assert.equal(k.missing, 0, `${kind}: ${k.missing} of ${k.rows} never received`);
      assert.equal(k.notSent, 0, `${kind}: nothing queued, sending or failed`);
      duplicates += k.duplicates;
    }
    // The bound is per worker lost, whatever the kinds of the rows it held (src/delivery/outbox.ts).
    assert.ok(duplicates <= window, `duplicates ${duplicates} exceed the in-flight window ${window}`);
    t.diagnostic(`${kills} kills; per kind (rows/duplicates): ${[...byKind].map(([k, v]) => `${k} ${v.rows}/${v.duplicates}`).join(', ')}`);
    for (const w of workers) w.kill('SIGTERM');
  });
}
