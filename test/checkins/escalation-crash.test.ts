/**
 * Escalation across worker crashes (PostgreSQL: worker processes to kill). Two worker processes run
 * escalation with a short clock (WARDEN_ESCALATION_AFTER_MIN=0.002, every 50 ms); one is SIGKILLed in the
 * middle of each reminder round and replaced. Every round completes for everyone who did not answer, each
 * person has exactly one reminder row per round, and messages sent twice stay within the outbox's
 * documented at-least-once window. Registered only on PostgreSQL (PGlite is one in-process connection).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/db/index.js';
import { addBulkTravellers, alertBody, publishNow } from '../support/alert-fixtures.js';
import { startCountingSmtpServer, type CountingSmtpServer } from '../support/counting-smtp-server.js';
import { backend, freshDatabase } from '../support/db.js';

const script = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));
const secret = 'test-secret-test-secret-test-secret-0123';
const batch = 100;

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
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, WARDEN_TEST_DB_URL: url, WARDEN_TEST_SMTP_PORT: String(smtp.port), WARDEN_SECRET: secret,
        WARDEN_WORKER_BATCH: String(batch), WARDEN_WORKER_CONCURRENCY: '20', WARDEN_WORKER_LEASE_MS: '1500', WARDEN_WORKER_POLL_MS: '20',
        WARDEN_RATE_EMAIL_PER_SEC: '3000', WARDEN_RATE_EMAIL_BURST: '100', WARDEN_RETRY_BASE_MS: '50',
        WARDEN_ESCALATION_AFTER_MIN: '0.002', WARDEN_ESCALATION_ROUNDS: '3', WARDEN_ESCALATION_EVERY_MS: '50' },
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    child.stdout!.once('data', () => resolve(child));
    child.once('error', reject);
  });

  const roundState = async (alertId: string, round: number) => (await db.query<{ total: number; sent: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'sent')::int AS sent FROM deliveries WHERE alert_id = $1 AND round = $2`, [alertId, round])).rows[0]!;

  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test('SIGKILL a worker in the middle of reminder rounds 2 and 3: both rounds complete, nobody chased twice in a round', { timeout: 120_000 }, async (t) => {
    const people = 3000;
    const answered = 200;
    await addBulkTravellers(db, 'IQ', people, 'esc');
    const { alert } = await publishNow(db, alertBody({ area: { countries: ['IQ'] } }));
    // Some answer before any reminder: they must never be chased.
    await db.query(`INSERT INTO checkins (alert_id, traveller_id, history_id, answer, channel, answered_at)
      SELECT alert_id, traveller_id, 0, 'safe', 'link', now() FROM alert_recipients WHERE alert_id = $1 ORDER BY traveller_id LIMIT $2`, [alert.id, answered]);
    const workers = [await spawnWorker(), await spawnWorker()];
    let kills = 0;
    for (const round of [2, 3]) {
      await until(`round ${round} under way`, async () => { const s = await roundState(alert.id, round); return s.sent > 50; });
      const s = await roundState(alert.id, round);
      assert.ok(s.sent < people - answered, `killed mid-round ${round} (${s.sent} of ${s.total} sent)`);
      workers.shift()!.kill('SIGKILL');
      kills += 1;
      workers.push(await spawnWorker());
    }
    const silent = people - answered;
    await until('every round sent', async () => {
      const [r2, r3] = [await roundState(alert.id, 2), await roundState(alert.id, 3)];
      return r2.sent === silent && r3.sent === silent;
    });
    await new Promise((r) => setTimeout(r, 300));
    const { rows } = await db.query<{ id: string; traveller_id: string; round: number; answered: boolean }>(
      `SELECT d.id, d.traveller_id, d.round, c.traveller_id IS NOT NULL AS answered FROM deliveries d
         LEFT JOIN checkins c ON c.alert_id = d.alert_id AND c.traveller_id = d.traveller_id WHERE d.alert_id = $1`, [alert.id]);
    assert.equal(rows.filter((r) => r.answered && r.round > 1).length, 0, 'people who answered were never chased');
    const perPersonRound = new Map<string, number>();
    for (const r of rows) perPersonRound.set(`${r.traveller_id}:${r.round}`, (perPersonRound.get(`${r.traveller_id}:${r.round}`) ?? 0) + 1);
    assert.ok([...perPersonRound.values()].every((n) => n === 1), 'one delivery per person and round');
    assert.equal(rows.length, people + 2 * silent, 'round 1 for all, rounds 2 and 3 for the silent; no round 4');
    const missing = rows.filter((r) => !smtp.counts.has(r.id));
    assert.equal(missing.length, 0, 'every reminder of the killed rounds was sent after the restart');
    const duplicates = rows.reduce((sum, r) => sum + (smtp.counts.get(r.id) ?? 0) - 1, 0);
    assert.ok(duplicates <= kills * 2 * batch, `messages sent twice (${duplicates}) stay within the at-least-once window`);
    const { rows: recipients } = await db.query<{ round: number; n: number }>(`SELECT round, count(*)::int AS n FROM alert_recipients WHERE alert_id = $1 GROUP BY round ORDER BY round`, [alert.id]);
    assert.deepEqual(recipients, [{ round: 1, n: answered }, { round: 3, n: silent }]);
    t.diagnostic(`${kills} kills, ${duplicates} messages sent twice, ${rows.length} deliveries`);
    for (const w of workers) w.kill('SIGTERM');
  });
}
