/** The accountability board: who sees what, filters, CSV, escalation policy, and the traveller's own side. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { board, jsonPost, publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { countRows } from '../support/db.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';
import { startWorker, type RunningWorker } from '../support/runtime.js';

let t: TestContext;
let smtp: SmtpTestServer;
let ids: Map<string, string>;
let alertId = '';

let links: RunningWorker;

before(async () => {
  smtp = await startSmtpTestServer();
  Object.assign(process.env, { WARDEN_SMTP_HOST: smtp.host, WARDEN_SMTP_PORT: String(smtp.port) });
  t = await createTestContext();
  // Sign-in links leave through the outbox: the runtime `warden start` runs in-process, for those kinds.
  links = await startWorker({ db: t.db, config: t.config }, { kinds: ['sign_in'], escalation: false, subscriptionMail: false });
  ids = await addTravellers(t.db, [
    { tag: 'amal', country: 'IQ', channels: ['email', 'sms'] }, { tag: 'bo', country: 'IQ' }, { tag: 'cy', country: 'IQ', channels: ['email', 'webhook'] },
    { tag: 'dee', country: 'IQ' }, { tag: 'ed', country: 'IQ' },
  ]);
  await t.db.query(`UPDATE travellers SET organisation = 'Northgate Engineering' WHERE id IN ($1, $2)`, [ids.get('amal')!, ids.get('bo')!]);
  await t.db.query(`UPDATE trips SET place_name = 'Erbil' WHERE traveller_id = $1`, [ids.get('cy')!]);
  alertId = (await publishViaApi(t, alertBody())).id;
  const tokens = await recipientTokens(t.db, t.config.secret, alertId);
  await jsonPost(t, tokens.get(ids.get('amal')!)!, { answer: 'safe' });
  await jsonPost(t, tokens.get(ids.get('bo')!)!, { answer: 'need_help', message: '=HYPERLINK("x"), "quoted"', lat: -33.5, lon: 44.1 });
  await jsonPost(t, tokens.get(ids.get('cy')!)!, { answer: 'departed' });
  await t.db.query(`UPDATE deliveries SET state = 'failed', last_error = '550 no such user' WHERE traveller_id = $1`, [ids.get('dee')!]);
});
after(async () => { await links.stop(); await t.close(); await smtp.close(); });

test('viewers get counts, editors get people; unknown alert 404; no token 401', async () => {
  // Viewers may not see personal data: a count of one person is that person's status, so it shows as "<5".
  const viewer = await board(t, alertId);
  assert.deepEqual(viewer.counts, { safe: '<5', departed: '<5', need_help: '<5', no_answer: '<5', unreachable: '<5' });
  assert.equal(viewer.total, 5);
  assert.equal(viewer.people, undefined);
  const editor = await board(t, alertId, '', 'editor');
  assert.deepEqual(editor.counts, { safe: 1, departed: 1, need_help: 1, no_answer: 1, unreachable: 1 });
  assert.deepEqual(editor.people!.map((p) => [p.name, p.status, p.round]), [
    ['Traveller bo', 'need_help', 1], ['Traveller dee', 'unreachable', 1], ['Traveller ed', 'no_answer', 1], ['Traveller cy', 'departed', 1], ['Traveller amal', 'safe', 1]]);
  assert.equal((await t.request('GET', '/api/alerts/00000000-0000-4000-8000-000000000000/accountability', { role: 'viewer' })).statusCode, 404);
  assert.equal((await t.request('GET', `/api/alerts/${alertId}/accountability`)).statusCode, 401);
});

test('filters: city, organisation, channel, status (exact for editors; a viewer learns nothing from a filter down to a few people)', async () => {
  assert.deepEqual((await board(t, alertId, '?city=erbil', 'editor')).counts, { safe: 0, departed: 1, need_help: 0, no_answer: 0, unreachable: 0 });
  assert.equal((await board(t, alertId, '?organisation=Northgate%20Engineering', 'editor')).total, 2);
  assert.deepEqual((await board(t, alertId, '?channel=sms', 'editor')).counts, { safe: 1, departed: 0, need_help: 0, no_answer: 0, unreachable: 0 });
  assert.equal((await board(t, alertId, '?channel=webhook', 'editor')).total, 1);
  assert.deepEqual((await board(t, alertId, '?city=erbil')).counts, { safe: '<5', departed: '<5', need_help: '<5', no_answer: '<5', unreachable: '<5' });
  const bad = await t.request('GET', `/api/alerts/${alertId}/accountability?channel=pigeon`, { role: 'viewer' });
  assert.equal(bad.statusCode, 400);
});

test('CSV export: editors only, formulas defused, quotes escaped', async () => {
  assert.equal((await t.request('GET', `/api/alerts/${alertId}/accountability?format=csv`, { role: 'viewer' })).statusCode, 403);
  const csv = await t.request('GET', `/api/alerts/${alertId}/accountability?format=csv`, { role: 'editor' });
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], 'travellerId,name,organisation,city,status,round,channels,answeredAt,answeredBy,message,place,lat,lon');
  assert.equal(lines.length, 6);
  assert.ok(lines[1]!.includes(`"'=HYPERLINK(""x""), ""quoted"""`), lines[1]);
  assert.ok(lines[1]!.endsWith(',-33.5,44.1'), 'numbers stay numbers');
});

test('escalation policy: defaults until set, editors set it, audited; bad values refused', async () => {
  const initial = await t.request('GET', `/api/alerts/${alertId}/escalation`, { role: 'viewer' });
  assert.deepEqual(initial.json(), { alertId, afterMinutes: 30, maxRounds: 3, isDefault: true });
  assert.equal((await t.request('PUT', `/api/alerts/${alertId}/escalation`, { role: 'viewer', body: { afterMinutes: 5, maxRounds: 2 } })).statusCode, 403);
  assert.equal((await t.request('PUT', `/api/alerts/${alertId}/escalation`, { role: 'editor', body: { afterMinutes: 0, maxRounds: 2 } })).statusCode, 400);
  assert.equal((await t.request('PUT', `/api/alerts/${alertId}/escalation`, { role: 'editor', body: { afterMinutes: 5, maxRounds: 11 } })).statusCode, 400);
  const set = await t.request('PUT', `/api/alerts/${alertId}/escalation`, { role: 'editor', body: { afterMinutes: 5, maxRounds: 2 } });
  assert.equal(set.statusCode, 200);
  assert.deepEqual((await t.request('GET', `/api/alerts/${alertId}/escalation`, { role: 'viewer' })).json(), { alertId, afterMinutes: 5, maxRounds: 2, isDefault: false });
  const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'alert.escalation' AND entity_id = $1`, [alertId]);
  assert.equal(rows[0]!.n, 1);
});

test('traveller side: e-mailed one-time link → session cookie → my trips, alerts, answers; contacts updated and validated', async () => {
  const tables = ['traveller_login_tokens', 'traveller_sessions'];
  const before = await countRows(t.db, tables);
  const nobody = await t.request('POST', '/api/me/login', { body: { email: 'nobody@t.test' } });
  assert.equal(nobody.statusCode, 202);
  assert.deepEqual(await countRows(t.db, tables), before, 'no token for an unknown address, same answer');
  const asked = await t.request('POST', '/api/me/login', { body: { email: 'BO@t.test' } });
  assert.equal(asked.statusCode, 202);
  assert.deepEqual(asked.json(), nobody.json());
  const [mail] = await smtp.waitForMessages(1);
  // The e-mailed link opens the traveller page, which exchanges the token at /api/me/session.
  const token = /http:\/\/warden\.test\/me\?token=([A-Za-z0-9_-]+)/.exec(mail!.parsed.text ?? '')![1]!;
  const path = `/api/me/session?token=${token}`;
  const session = await t.app.inject({ method: 'GET', url: path });
  assert.equal(session.statusCode, 200, session.body);
  const cookie = session.cookies.find((c) => c.name === 'warden_traveller')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 401, 'a link works once');
  const headers = { cookie: `warden_traveller=${cookie.value}` };
  const me = await t.app.inject({ method: 'GET', url: '/api/me', headers });
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().name, 'Traveller bo');
  assert.equal(me.json().trips.length, 1);
  assert.deepEqual(me.json().alerts.map((a: { id: string; answer: string }) => [a.id, a.answer]), [[alertId, 'need_help']]);
  assert.equal(me.json().answers[0].message, '=HYPERLINK("x"), "quoted"');
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode, 401);
  const put = (contacts: unknown) => t.app.inject({ method: 'PUT', url: '/api/me/contacts', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ contacts }) });
  const bad = await put([{ channel: 'email', address: 'bo@t.test' }, { channel: 'sms', address: '12345' }]);
  assert.equal(bad.statusCode, 422);
  const noEmail = await put([{ channel: 'sms', address: '+964 770 123 4567' }]);
  assert.equal(noEmail.statusCode, 422);
  const taken = await put([{ channel: 'email', address: 'amal@t.test' }]);
  assert.equal(taken.statusCode, 409);
  const ok = await put([{ channel: 'email', address: 'Bo.New@T.test' }, { channel: 'sms', address: '+964 770 123 4567', priority: 1 }]);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json().contacts, [{ channel: 'email', address: 'bo.new@t.test', priority: 0 }, { channel: 'sms', address: '+9647701234567', priority: 1 }]);
});
