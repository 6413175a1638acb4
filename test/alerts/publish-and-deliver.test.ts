import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkinNumber, checkinToken } from '../../src/alerts/checkin-token.js';
import { SmtpChannel } from '../../src/delivery/channels/index.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { startWorker } from '../support/runtime.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

let t: TestContext;
let smtp: SmtpTestServer;
let ids: Map<string, string>;

before(async () => {
  t = await createTestContext();
  smtp = await startSmtpTestServer();
  ids = await addTravellers(t.db, [
    { tag: 'in-baghdad', country: 'IQ', lat: 33.31, lon: 44.36 },
    { tag: 'in-basra-fr', country: 'IQ', lat: 30.5, lon: 47.8, language: 'fr' },
    { tag: 'resident', country: 'IQ', endsAt: null },
    { tag: 'two-channels', country: 'IQ', channels: ['email', 'sms'] },
    { tag: 'opted-out', country: 'IQ', optedOut: true },
    { tag: 'left-last-month', country: 'IQ', startsAt: new Date(Date.now() - 60 * 86_400_000).toISOString(), endsAt: new Date(Date.now() - 30 * 86_400_000).toISOString() },
    { tag: 'in-jordan', country: 'JO' },
  ]);
});
after(async () => { await smtp.close(); await t.close(); });

async function flush(expected: number) {
  const delivery = deliveryConfigFromEnv({ WARDEN_WORKER_POLL_MS: '20', WARDEN_RATE_EMAIL_PER_SEC: '1000', WARDEN_RATE_EMAIL_BURST: '1000' });
  const worker = await startWorker({ db: t.db, config: t.config }, {
    delivery, channels: { email: new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'alerts@warden.test', messageIdDomain: 'warden.test', maxConnections: 2, maxMessages: 100 }) },
  });
  await smtp.waitForMessages(expected, 10_000);
  for (let i = 0; i < 100; i += 1) {
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('queued', 'sending') AND channel = 'email'`);
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await worker.stop();
}

const recipientsOf = (from: number) => smtp.messages.slice(from).map((m) => m.envelope.to[0]!).sort();
let original = '';

test('compose → submit → dry run → publish → the worker delivers to exactly the people in the area, once each', async () => {
  const created = await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() });
  assert.equal(created.statusCode, 201, created.body);
  original = created.json().id;
  assert.equal(created.json().state, 'draft');
  assert.equal(created.json().msgType, 'Alert');

  const early = await t.request('POST', `/api/alerts/${original}/publish`, { role: 'approver' });
  assert.equal(early.statusCode, 409, 'a draft must be submitted first');
  assert.equal((await t.request('POST', `/api/alerts/${original}/submit`, { role: 'editor' })).statusCode, 200);

  const dry = await t.request('POST', `/api/alerts/${original}/dry-run`, { role: 'editor' });
  assert.equal(dry.statusCode, 200, dry.body);
  assert.deepEqual({ people: dry.json().people, email: dry.json().byChannel.email, sms: dry.json().byChannel.sms, deliveries: dry.json().deliveries }, { people: 4, email: 4, sms: 1, deliveries: 5 });
  assert.match(dry.json().summary, /^4 people, 4 by email, 1 by sms/);

  assert.equal((await t.request('POST', `/api/alerts/${original}/publish`, { role: 'editor' })).statusCode, 403, 'editors cannot publish');
  const published = await t.request('POST', `/api/alerts/${original}/publish`, { role: 'approver' });
  assert.equal(published.statusCode, 200, published.body);
  assert.equal(published.json().state, 'published');
  assert.equal(published.json().recipientCount, 4);
  assert.equal(published.json().deliveries, 5);
  assert.equal((await t.request('POST', `/api/alerts/${original}/publish`, { role: 'approver' })).statusCode, 409, 'publishing twice is refused');

  const progress0 = await t.request('GET', `/api/alerts/${original}/progress`, { role: 'viewer' });
  assert.equal(progress0.json().byState.queued, 5);
  assert.equal(progress0.json().done, false);

  await flush(4);
  const expected = ['in-baghdad', 'in-basra-fr', 'resident', 'two-channels'].map((tag) => `${tag}@t.test`).sort();
  assert.deepEqual(recipientsOf(0), expected, 'exactly the travellers in Iraq now, opted-out and departed excluded, nobody twice');

  // Each message carries its delivery id and the recipient's personal check-in link; only the link's number is stored.
  const { rows } = await t.db.query<{ id: string; traveller_id: string; provider_id: string; state: string; checkin_no: string }>(
    `SELECT d.id, d.traveller_id, d.provider_id, d.state, r.checkin_no::text AS checkin_no FROM deliveries d JOIN alert_recipients r USING (alert_id, traveller_id) WHERE d.alert_id = $1 AND d.channel = 'email'`, [original]);
  assert.equal(new Set(rows.map((r) => r.checkin_no)).size, rows.length, 'every recipient has a check-in number of their own');
  for (const mail of smtp.messages) {
    const row = rows.find((r) => mail.parsed.messageId === `<${r.id}@warden.test>`);
    assert.ok(row, 'Message-ID is the delivery id');
    assert.equal(row.state, 'sent');
    assert.equal(row.provider_id, mail.queueId, 'the relay queue id is recorded');
    const token = checkinToken(t.config.secret, row.checkin_no);
    assert.ok(mail.parsed.text?.includes(`http://warden.test/c/${token}`), 'personal check-in link');
    assert.equal(checkinNumber(t.config.secret, token), row.checkin_no, 'the link opens exactly this recipient');
    assert.equal(checkinNumber('another-secret-another-secret-another', token), null, 'and only with this server’s secret');
  }
  const french = smtp.messages.find((m) => m.envelope.to[0] === 'in-basra-fr@t.test')!;
  assert.match(french.parsed.subject ?? '', /Quittez/, 'the info block in the recipient’s language');

  const progress = (await t.request('GET', `/api/alerts/${original}/progress`, { role: 'viewer' })).json();
  assert.equal(progress.byState.sent, 4);
  assert.equal(progress.byChannel.sms.queued, 1, 'no SMS provider configured: the SMS stays queued, visible');
  assert.equal(progress.byChannel.email.sent, 4);
});

test('an Update reaches the original recipients (even one who left the area since) plus newcomers', async () => {
  const newcomer = await addTravellers(t.db, [{ tag: 'newcomer', country: 'IQ' }]);
  await t.db.query(`UPDATE trips SET ends_at = now() - interval '1 minute' WHERE traveller_id = $1`, [ids.get('in-baghdad')!]);
  const draft = await t.request('POST', `/api/alerts/${original}/update`, { role: 'editor', body: alertBody({ infos: [{ language: 'en', event: 'Armed clashes', headline: 'Airport reopened', description: 'Flights resumed.', instruction: 'Leave by air.' }] }) });
  assert.equal(draft.statusCode, 201, draft.body);
  assert.equal(draft.json().msgType, 'Update');
  assert.equal(draft.json().references, original);
  const id = draft.json().id;
  await t.request('POST', `/api/alerts/${id}/submit`, { role: 'editor' });
  const published = await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver' });
  assert.equal(published.statusCode, 200, published.body);
  assert.equal((await t.request('GET', `/api/alerts/${original}`, { role: 'viewer' })).json().state, 'updated');
  const from = smtp.messages.length;
  await flush(from + 5);
  assert.deepEqual(recipientsOf(from), ['in-baghdad', 'in-basra-fr', 'newcomer', 'resident', 'two-channels'].map((x) => `${x}@t.test`).sort());
  assert.ok(newcomer.size === 1);
  assert.match(smtp.messages[from]!.parsed.subject ?? '', /Update: Airport reopened/);

  const again = await t.request('POST', `/api/alerts/${original}/update`, { role: 'editor', body: alertBody() });
  assert.equal(again.statusCode, 409, 'only the current version can be updated');

  const cancel = await t.request('POST', `/api/alerts/${id}/cancel`, { role: 'editor', body: {} });
  assert.equal(cancel.statusCode, 201, cancel.body);
  const cid = cancel.json().id;
  await t.request('POST', `/api/alerts/${cid}/submit`, { role: 'editor' });
  assert.equal((await t.request('POST', `/api/alerts/${cid}/publish`, { role: 'approver' })).statusCode, 200);
  assert.equal((await t.request('GET', `/api/alerts/${id}`, { role: 'viewer' })).json().state, 'cancelled');
  const from2 = smtp.messages.length;
  await flush(from2 + 5);
  assert.deepEqual(recipientsOf(from2), ['in-baghdad', 'in-basra-fr', 'newcomer', 'resident', 'two-channels'].map((x) => `${x}@t.test`).sort(), 'the Cancel goes to the Update’s recipients only');
  assert.match(smtp.messages[from2]!.parsed.subject ?? '', /Cancelled/);
});

test('two-person rule: an author cannot approve their own alert above the threshold', async () => {
  const settings = t.config.twoPerson;
  t.config.twoPerson = { ...settings, threshold: 2 }; // the app reads the config it was built with
  try {
    const created = await t.request('POST', '/api/alerts', { role: 'approver', body: alertBody() });
    const id = created.json().id;
    await t.request('POST', `/api/alerts/${id}/submit`, { role: 'approver' });
    const dry = await t.request('POST', `/api/alerts/${id}/dry-run`, { role: 'approver' });
    assert.equal(dry.json().needsSecondApprover, true);
    const before = await countRows(t.db, ['alert_recipients', 'deliveries']);
    const own = await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver' });
    assert.equal(own.statusCode, 403, own.body);
    assert.match(own.json().detail, /second operator/);
    assert.deepEqual(await countRows(t.db, ['alert_recipients', 'deliveries']), before, 'the refused publish wrote nothing');
    assert.equal((await t.request('GET', `/api/alerts/${id}`, { role: 'viewer' })).json().state, 'pending_approval');
    const other = await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver2' });
    assert.equal(other.statusCode, 200, other.body);
  } finally {
    t.config.twoPerson = settings;
  }
});

test('erasing a traveller erases their recipient and delivery rows', async () => {
  const id = ids.get('resident')!;
  const before = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE traveller_id = $1`, [id])).rows[0]!.n;
  assert.ok(before > 0);
  await t.db.query('DELETE FROM travellers WHERE id = $1', [id]);
  const left = await t.db.query<{ d: number; r: number }>(
    `SELECT (SELECT count(*)::int FROM deliveries WHERE traveller_id = $1) AS d, (SELECT count(*)::int FROM alert_recipients WHERE traveller_id = $1) AS r`, [id]);
  assert.deepEqual(left.rows[0], { d: 0, r: 0 });
});
