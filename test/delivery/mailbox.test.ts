/**
 * The local mailbox: with no channel configured (the embedded default) the outbox worker captures every
 * message as it would be sent — e-mail with its HTML, SMS with its segments, the check-in link that works —
 * shown to editors and above only, each read audited. On PostgreSQL with no channel, publishing is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deliveryMode } from '../../src/delivery/mailbox.js';
import { loadMessagingSettings } from '../../src/config.js';
import { startWorker } from '../support/runtime.js';
import { answerManyAsRecipients } from '../../src/checkins/answers.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
  await addTravellers(t.db, [
    { tag: 'mail-only', country: 'IQ', lat: 33.31, lon: 44.36 },
    { tag: 'mail-and-sms', country: 'IQ', channels: ['email', 'sms'] },
    { tag: 'in-jordan', country: 'JO' },
  ]);
});
after(async () => { await t.close(); });

async function publishAndCapture(): Promise<string> {
  const id = (await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() })).json().id as string;
  assert.equal((await t.request('POST', `/api/alerts/${id}/submit`, { role: 'editor' })).statusCode, 200);
  const published = await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver' });
  assert.equal(published.statusCode, 200, published.body);
  // The worker as `warden start` builds it on the embedded database: no settings, so every channel captures.
  const worker = await startWorker({ db: t.db, config: { ...t.config, databaseUrl: undefined } }, { escalation: false, subscriptionMail: false, delivery: undefined });
  try {
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND state <> 'sent'`, [id]);
      if (rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await worker.stop();
  }
  return id;
}

describe('the local mailbox', () => {
  let alertId = '';
  it('captures each message of a published alert, per recipient and channel, and marks it sent', async () => {
    alertId = await publishAndCapture();
    const { rows } = await t.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY state', [alertId]);
    assert.deepEqual(rows, [{ state: 'sent', n: 3 }]);
    const list = await t.request('GET', '/api/mailbox', { role: 'editor' });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().total, 3);
    assert.deepEqual(list.json().items.map((m: { channel: string }) => m.channel).sort(), ['email', 'email', 'sms']);
  });

  it('shows an e-mail with its HTML and a working check-in link, and an SMS with its segments', async () => {
    const items = (await t.request('GET', '/api/mailbox', { role: 'editor' })).json().items as { id: number; channel: string }[];
    const email = (await t.request('GET', `/api/mailbox/${items.find((m) => m.channel === 'email')!.id}`, { role: 'editor' })).json();
    assert.match(email.subject, /\S/);
    assert.match(email.html, /<html|<p/i);
    assert.match(email.checkinUrl, /^http:\/\/warden\.test\/c\/[A-Za-z0-9_-]{43}$/);
    assert.ok(email.text.includes(email.checkinUrl));
    // The captured link opens the recipient's check-in page.
    const page = await t.app.inject({ method: 'GET', url: new URL(email.checkinUrl).pathname });
    assert.equal(page.statusCode, 200);
    const sms = (await t.request('GET', `/api/mailbox/${items.find((m) => m.channel === 'sms')!.id}`, { role: 'editor' })).json();
    assert.equal(sms.html, null);
    assert.ok(sms.sms.segments >= 1);
    assert.match(sms.sms.encoding, /^(GSM-7|UCS-2)$/);
    assert.ok(sms.sms.text.includes(sms.checkinUrl));
  });

  it('is for editors and above, and every read is audited', async () => {
    assert.equal((await t.request('GET', '/api/mailbox', { role: 'viewer' })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/mailbox/1', { role: 'viewer' })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/mailbox/999999', { role: 'editor' })).statusCode, 404);
    const { rows } = await t.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'mailbox.%' GROUP BY action ORDER BY action`);
    assert.deepEqual(rows, [{ action: 'mailbox.list', n: 2 }, { action: 'mailbox.read', n: 2 }]);
  });

  it('says which channels are captured (the console banner)', async () => {
    const mode = await t.request('GET', '/api/mailbox/mode', { role: 'viewer' });
    assert.equal(mode.statusCode, 200);
    assert.deepEqual(mode.json(), { captured: ['email', 'sms', 'webhook', 'webpush'], refusal: null });
  });

  it('shows every kind of message, not only alerts: a sign-in link, a duty notice, a subscription confirmation (issue 11)', async () => {
    assert.equal((await t.request('POST', '/api/me/login', { body: { email: 'mail-only@t.test' } })).statusCode, 202);
    assert.equal((await t.request('POST', '/api/public/subscriptions', { body: { email: 'reader@t.test', countries: ['IQ'] } })).statusCode, 202);
    const { rows: [helper] } = await t.db.query<{ traveller_id: string }>('SELECT traveller_id FROM alert_recipients WHERE alert_id = $1 LIMIT 1', [alertId]);
    await answerManyAsRecipients(t.db, [{ alertId, travellerId: helper!.traveller_id, fields: { answer: 'need_help', message: 'stuck at the hotel' }, channel: 'link' }],
      [{ channel: 'email', address: 'duty@ops.test' }]);
    const worker = await startWorker({ db: t.db, config: { ...t.config, databaseUrl: undefined } }, { escalation: false, subscriptionMail: false });
    try {
      for (let i = 0; i < 200; i += 1) {
        const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE kind <> 'alert' AND state <> 'sent'`);
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop();
    }
    const items = (await t.request('GET', '/api/mailbox?limit=50', { role: 'editor' })).json().items as { recipient: string; subject: string; preview: string }[];
    const to = (address: string) => items.find((m) => m.recipient === address);
    assert.equal(to('mail-only@t.test')?.subject, 'Your Warden sign-in link');
    assert.match(to('mail-only@t.test')!.preview, /http:\/\/warden\.test\/me\?token=/);
    assert.equal(to('reader@t.test')?.subject, 'Confirm your Warden subscription');
    assert.match(to('duty@ops.test')?.subject ?? '', /^NEED HELP: /);
    assert.match(to('duty@ops.test')!.preview, /needs help/);
  });
});

/** The messaging settings of this environment (embedded: the database is PGlite). */
const settings = (env: NodeJS.ProcessEnv, embedded: boolean) => loadMessagingSettings(env, { publicUrl: 'http://warden.test', embedded });

describe('when capture applies', () => {
  it('captures by default on the embedded database only, WARDEN_CAPTURE decides otherwise', () => {
    assert.equal(settings({}, true).capture, true);
    assert.equal(settings({}, false).capture, false);
    assert.equal(settings({ WARDEN_CAPTURE: '1' }, false).capture, true);
    assert.equal(settings({ WARDEN_CAPTURE: '0' }, true).capture, false);
    assert.throws(() => settings({ WARDEN_CAPTURE: 'yes' }, true), { message: 'WARDEN_CAPTURE must be 0 or 1, got "yes"' });
    assert.deepEqual(deliveryMode(settings({ WARDEN_SMTP_HOST: 'mail.example.org' }, true), false).captured, ['sms', 'webhook', 'webpush']);
  });

  it('refuses to publish on PostgreSQL with no channel and no capture, with the reason, and writes nothing', async () => {
    const refusal = deliveryMode(settings({}, false), true).refusal;
    assert.match(refusal!, /^no delivery channel is configured .*set WARDEN_CAPTURE=1/);
    assert.equal(deliveryMode(settings({ WARDEN_CAPTURE: '1' }, false), true).refusal, null);
    assert.equal(deliveryMode(settings({ WARDEN_SMTP_HOST: 'mail.example.org' }, false), true).refusal, null);
    const pg = await createTestContext({ databaseUrl: 'postgres://configured.example/warden' });
    try {
      await addTravellers(pg.db, [{ tag: 'refused', country: 'IQ' }]);
      const id = (await pg.request('POST', '/api/alerts', { role: 'editor', body: alertBody() })).json().id as string;
      await pg.request('POST', `/api/alerts/${id}/submit`, { role: 'editor' });
      const res = await pg.request('POST', `/api/alerts/${id}/publish`, { role: 'approver' });
      assert.equal(res.statusCode, 409);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().detail, `cannot publish: ${refusal}`);
      const { rows } = await pg.db.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries');
      assert.equal(rows[0]!.n, 0);
      assert.equal((await pg.db.query<{ state: string }>('SELECT state FROM alerts WHERE id = $1', [id])).rows[0]!.state, 'pending_approval');
    } finally {
      await pg.close();
    }
  });
});
