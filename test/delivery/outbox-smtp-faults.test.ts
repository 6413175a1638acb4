import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SmtpChannel } from '../../src/delivery/channels/index.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { startWorker } from '../support/runtime.js';
import { addTravellers, alertBody, publishNow } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

let t: TestContext;
let smtp: SmtpTestServer;
before(async () => { t = await createTestContext(); smtp = await startSmtpTestServer(); });
after(async () => { await smtp.close(); await t.close(); });

function worker(env: Record<string, string> = {}) {
  const delivery = deliveryConfigFromEnv({ WARDEN_WORKER_POLL_MS: '20', WARDEN_RETRY_BASE_MS: '30', WARDEN_RETRY_MAX_MS: '200', WARDEN_RATE_EMAIL_PER_SEC: '1000', WARDEN_RATE_EMAIL_BURST: '1000', ...env });
  return startWorker({ db: t.db, config: t.config }, {
    delivery, channels: { email: new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'alerts@warden.test', messageIdDomain: 'warden.test', maxConnections: 3, maxMessages: 100 }) },
  });
}

async function settle(alertId: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await t.db.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY state`, [alertId]);
    const counts = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    if (!counts.queued && !counts.sending) return counts;
    if (Date.now() > until) throw new Error(`not settled: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

test('451 for the first N messages: retried with backoff, then every message delivered exactly once', async () => {
  await addTravellers(t.db, Array.from({ length: 12 }, (_, i) => ({ tag: `g${i}`, country: 'LB' })));
  const { alert } = await publishNow(t.db, alertBody({ area: { countries: ['LB'] } }));
  smtp.failNext(7, 451, '4.3.0 Try again later');
  const w = await worker();
  const counts = await settle(alert.id);
  await w.stop();
  assert.deepEqual(counts, { sent: 12 });
  assert.equal(smtp.refusedCount, 7);
  const got = smtp.messages.map((m) => m.envelope.to[0]).sort();
  assert.deepEqual(got, Array.from({ length: 12 }, (_, i) => `g${i}@t.test`).sort(), 'each once, none lost');
  assert.equal(w.stats.retried, 7);
  const { rows } = await t.db.query<{ attempts: number; n: number }>(`SELECT attempts, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY attempts ORDER BY attempts`, [alert.id]);
  assert.ok(rows.some((r) => r.attempts > 1), 'the refused ones took more than one attempt');
});

test('550 for one recipient: that row fails with the server’s reason, the others are delivered', async () => {
  await addTravellers(t.db, Array.from({ length: 6 }, (_, i) => ({ tag: `s${i}`, country: 'SY' })));
  smtp.rejectRecipient('s3@t.test', 550, '5.1.1 <s3@t.test>: Recipient address rejected: User unknown');
  const before = smtp.messages.length;
  const { alert } = await publishNow(t.db, alertBody({ area: { countries: ['SY'] } }));
  const w = await worker();
  const counts = await settle(alert.id);
  await w.stop();
  assert.deepEqual(counts, { sent: 5, failed: 1 });
  const { rows } = await t.db.query<{ address: string; last_error: string; attempts: number }>(`SELECT address, last_error, attempts FROM deliveries WHERE alert_id = $1 AND state = 'failed'`, [alert.id]);
  assert.equal(rows[0]!.address, 's3@t.test');
  assert.match(rows[0]!.last_error, /550.*User unknown/);
  assert.equal(rows[0]!.attempts, 1, 'a permanent failure is not retried');
  assert.equal(smtp.messages.length - before, 5);
  const listed = await t.request('GET', `/api/alerts/${alert.id}/deliveries?state=failed`, { role: 'editor' });
  assert.equal(listed.statusCode, 200, listed.body);
  assert.deepEqual(listed.json().items.map((d: { address: string }) => d.address), ['s3@t.test']);
  assert.match(listed.json().items[0].lastError, /User unknown/);
  assert.equal((await t.request('GET', `/api/alerts/${alert.id}/deliveries`, { role: 'viewer' })).statusCode, 403, 'addresses are personal data');
});

test('transient failures stop at the attempt limit with the last reason', async () => {
  await addTravellers(t.db, [{ tag: 'limit', country: 'YE' }]);
  const { alert } = await publishNow(t.db, alertBody({ area: { countries: ['YE'] } }));
  smtp.failNext(3, 421, '4.7.0 Too many connections');
  const w = await worker({ WARDEN_RETRY_MAX_ATTEMPTS: '3' });
  const counts = await settle(alert.id);
  await w.stop();
  assert.deepEqual(counts, { failed: 1 });
  const { rows } = await t.db.query<{ last_error: string }>(`SELECT last_error FROM deliveries WHERE alert_id = $1`, [alert.id]);
  assert.match(rows[0]!.last_error, /gave up after 3 attempts: .*421/);
});

test('an expired lease (a worker that died mid-send) is reclaimed and delivered', async () => {
  await addTravellers(t.db, [{ tag: 'orphan', country: 'LY' }]);
  const { alert } = await publishNow(t.db, alertBody({ area: { countries: ['LY'] } }));
  await t.db.query(`UPDATE deliveries SET state = 'sending', attempts = 1, leased_by = gen_random_uuid(), lease_until = now() - interval '1 second' WHERE alert_id = $1`, [alert.id]);
  const w = await worker();
  const counts = await settle(alert.id);
  await w.stop();
  assert.deepEqual(counts, { sent: 1 });
  assert.ok(smtp.messages.some((m) => m.envelope.to[0] === 'orphan@t.test'));
});
