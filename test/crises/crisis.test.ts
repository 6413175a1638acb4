/**
 * The crisis, through the API on a real database: accountability across an Update (a "need help" given
 * to the first alert stays), help handled, per-crisis escalation, concurrent operators (409 with what
 * changed, nothing half-sent), departures and their capacity, closing with deliveries queued, bad input.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLoginToken } from '../../src/travellers/me.js';
import { systemActor } from '../../src/auth/roles.js';
import { demoCrisisName, openDemoCrisis } from '../../src/crises/demo.js';
import { SmtpChannel } from '../../src/delivery/channels/index.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { drain, jsonPost, publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { countRows } from '../support/db.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

let t: TestContext;
let smtp: SmtpTestServer;
let ids: Map<string, string>;
let firstId = '';
let crisisId = '';
let updateId = '';

const channels = () => ({ email: new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'alerts@warden.test', messageIdDomain: 'warden.test', maxConnections: 2, maxMessages: 1000 }) });
const version = async () => (await t.request('GET', `/api/crises/${crisisId}`, { role: 'viewer' })).json().version as number;
const board = async () => (await t.request('GET', `/api/crises/${crisisId}/board`, { role: 'viewer' })).json() as { total: number; counts: Record<string, number>; helpOpen: number };
const list = async (name: string) => (await t.request('GET', `/api/crises/${crisisId}/people?list=${name}`, { role: 'editor' })).json().items as { name: string; status: string; helpOpen: boolean; deliveries: { channel: string; state: string; error: string | null }[] }[];
const updateBody = (headline: string) => alertBody({ infos: [{ language: 'en', event: 'Armed clashes', headline, description: 'Clashes continue in Baghdad.', instruction: 'Shelter in place.' }] });

before(async () => {
  smtp = await startSmtpTestServer();
  Object.assign(process.env, { WARDEN_SMTP_HOST: smtp.host, WARDEN_SMTP_PORT: String(smtp.port) });
  t = await createTestContext();
  ids = await addTravellers(t.db, ['amal', 'bo', 'cy', 'dee', 'ed'].map((tag) => ({ tag, country: 'IQ' })));
  await t.db.query(`INSERT INTO posts (slug, name, kind, country_code, city, contacts) VALUES ('embassy-baghdad', 'U.S. Embassy Baghdad', 'embassy', 'IQ', 'Baghdad',
    '{"phone": "+964 760 030 3000", "emergencyPhone": "+1 202 501 4444", "email": "baghdadacs@state.gov"}')`);
  firstId = (await publishViaApi(t, alertBody())).id;
});
after(async () => { await t.close(); await smtp.close(); });

test('bad input opens nothing: no name, unknown incident, end before start, unknown alert', async () => {
  const cases: [unknown, number, string][] = [
    [{ area: { countries: ['IQ'] } }, 422, 'name'],
    [{ incidentId: '00000000-0000-4000-8000-000000000000' }, 422, 'incidentId'],
    [{ name: 'X', area: { countries: ['IQ'] }, startsAt: '2020-01-03', endsAt: '2020-01-02' }, 422, 'endsAt'],
    [{ name: 'X', area: { countries: ['IQ'] }, alertIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'alertIds'],
    [{ name: 'X', area: { countries: ['ZZ'] } }, 422, 'area.countries[0]'],
  ];
  for (const [body, status, field] of cases) {
    const res = await t.request('POST', '/api/crises', { role: 'editor', body });
    assert.equal(res.statusCode, status, res.body);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    assert.ok(res.json().errors.some((e: { field: string }) => e.field.startsWith(field)), res.body);
  }
  assert.equal((await t.request('POST', '/api/crises', { role: 'viewer', body: { name: 'X', area: { countries: ['IQ'] } } })).statusCode, 403);
  assert.deepEqual(await countRows(t.db, ['crises', 'crisis_alerts', 'crisis_events']), { crises: 0, crisis_alerts: 0, crisis_events: 0 });
});

test('open a crisis over the first alert: everyone reached is a member, status "no answer"', async () => {
  const res = await t.request('POST', '/api/crises', { role: 'editor', body: { name: 'Iraq, January 2020', area: { countries: ['IQ'] }, startsAt: '2020-01-03', alertIds: [firstId] } });
  assert.equal(res.statusCode, 201, res.body);
  crisisId = res.json().id;
  assert.equal(res.json().currentAlertId, firstId);
  assert.equal(res.json().version, 2, 'opening is version 1 plus its "opened" event');
  assert.deepEqual(await board(), { total: 5, counts: { safe: 0, departed: 0, need_help: 0, no_answer: 5, unreachable: 0 }, helpOpen: 0 });
  const again = await t.request('POST', '/api/crises', { role: 'editor', body: { name: 'Other', area: { countries: ['IQ'] }, alertIds: [firstId] } });
  assert.equal(again.statusCode, 409, 'an alert belongs to one crisis');
});

test('status across an Update: the "need help" given to the first alert stays; the per-alert board stays per alert', async () => {
  const tokens = await recipientTokens(t.db, t.config.secret, firstId);
  assert.equal((await jsonPost(t, tokens.get(ids.get('amal')!)!, { answer: 'safe' })).statusCode, 201);
  assert.equal((await jsonPost(t, tokens.get(ids.get('bo')!)!, { answer: 'need_help', message: 'Trapped at the hotel' })).statusCode, 201);
  const sent = await t.request('POST', `/api/crises/${crisisId}/update`, { role: 'approver', body: updateBody('Shelter in place'), headers: { 'if-match': `"${await version()}"` } });
  assert.equal(sent.statusCode, 201, sent.body);
  assert.equal(sent.json().published, true);
  assert.equal(sent.json().alert.msgType, 'Update');
  assert.equal(sent.json().alert.references, firstId, 'the Update references the first alert (CAP references)');
  updateId = sent.json().alert.id;
  assert.equal(sent.json().crisis.currentAlertId, updateId);
  const assistance = (await t.request('GET', `/api/alerts/${updateId}`, { role: 'viewer' })).json().assistance;
  assert.deepEqual(assistance.contacts.map((c: { name: string; phone: string }) => [c.name, c.phone]), [['U.S. Embassy Baghdad', '+1 202 501 4444']], 'assistance filled from the post');
  assert.deepEqual((await board()).counts, { safe: 1, departed: 0, need_help: 1, no_answer: 3, unreachable: 0 });
  const perAlert = await t.request('GET', `/api/alerts/${updateId}/accountability`, { role: 'viewer' });
  assert.equal(perAlert.json().counts.no_answer, 5, 'the per-alert board of the Update still counts per message');
  const updTokens = await recipientTokens(t.db, t.config.secret, updateId);
  assert.equal((await jsonPost(t, updTokens.get(ids.get('bo')!)!, { answer: 'safe' })).statusCode, 201);
  const b = await board();
  assert.equal(b.counts.safe, 2, 'latest answer to any alert counts');
  assert.equal(b.helpOpen, 1, '"need help" stays open until handled');
  const needHelp = await list('need_help');
  assert.deepEqual(needHelp.map((p) => [p.name, p.status, p.helpOpen]), [['Traveller bo', 'safe', true]]);
  assert.deepEqual(needHelp[0]!.deliveries.map((d) => [d.channel, d.state]), [['email', 'queued']], 'channels with the last delivery state');
});

test('help handled: who, when, note; twice is refused; a new "need help" opens it again', async () => {
  const bo = ids.get('bo')!;
  const bad = await t.request('POST', `/api/crises/${crisisId}/people/${bo}/help-handled`, { role: 'editor', body: { note: '' } });
  assert.equal(bad.statusCode, 400);
  const ok = await t.request('POST', `/api/crises/${crisisId}/people/${bo}/help-handled`, { role: 'editor', body: { note: 'Called, collected by the team' } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().handled[0].by, 'editor');
  assert.equal(ok.json().handled[0].note, 'Called, collected by the team');
  assert.equal((await board()).helpOpen, 0);
  assert.equal((await t.request('POST', `/api/crises/${crisisId}/people/${bo}/help-handled`, { role: 'editor', body: { note: 'again' } })).statusCode, 409);
  const detail = (await t.request('GET', `/api/crises/${crisisId}/people/${bo}`, { role: 'editor' })).json();
  assert.deepEqual(detail.history.map((h: { answer: string; alertId: string }) => [h.answer, h.alertId]), [['need_help', firstId], ['safe', updateId]], 'full history across alerts');
  const tokens = await recipientTokens(t.db, t.config.secret, updateId);
  await jsonPost(t, tokens.get(bo)!, { answer: 'need_help', message: 'Again' });
  assert.equal((await board()).helpOpen, 1);
  assert.equal((await t.request('GET', `/api/crises/${crisisId}/people?list=need_help`, { role: 'viewer' })).statusCode, 403, 'lists of people: editors only');
});

test('the traveller follows the crisis: check-in page and /me show its latest instruction and my status; the emergency phone after "need help"', async () => {
  const tokens = await recipientTokens(t.db, t.config.secret, firstId);
  const bo = await t.app.inject({ method: 'GET', url: `/c/${tokens.get(ids.get('bo')!)}` });
  assert.equal(bo.statusCode, 200);
  assert.match(bo.body, /Latest instruction — Iraq, January 2020/);
  assert.match(bo.body, /Update: Shelter in place/, 'the link of the first alert shows the crisis’s latest message');
  assert.match(bo.body, /Your status in this crisis: <strong>I need help<\/strong>/);
  assert.match(bo.body, /href="tel:\+12025014444"><strong>\+1 202 501 4444<\/strong>/);
  assert.match(bo.body, /action="\/c\/[^"]+\/departure"/, 'the departure-assistance form');
  const amal = await t.app.inject({ method: 'GET', url: `/c/${tokens.get(ids.get('amal')!)}` });
  assert.match(amal.body, /Your status in this crisis: <strong>I am safe<\/strong>/);
  assert.doesNotMatch(amal.body, /202 501 4444/, 'no emergency phone without "need help"');
  const login = await createLoginToken(t.db, 'bo@t.test', 10);
  const session = await t.app.inject({ method: 'GET', url: `/api/me/session?token=${login!.token}` });
  const cookie = String(session.headers['set-cookie']).split(';')[0]!;
  const mine = await t.app.inject({ method: 'GET', url: '/api/me/crises', headers: { cookie } });
  assert.equal(mine.statusCode, 200, mine.body);
  assert.deepEqual(mine.json().items.map((c: { name: string; headline: string; status: string; emergencyPhone: string }) => [c.name, c.headline, c.status, c.emergencyPhone]),
    [['Iraq, January 2020', 'Update: Shelter in place', 'need_help', '+1 202 501 4444']]);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/me/crises' })).statusCode, 401);
});

test('per-crisis escalation: chases only those with no answer to ANY alert of the crisis', async () => {
  const policy = await t.request('PUT', `/api/crises/${crisisId}/escalation`, { role: 'editor', body: { afterMinutes: 5, maxRounds: 3 } });
  assert.equal(policy.statusCode, 200, policy.body);
  assert.deepEqual(policy.json().policy, { afterMinutes: 5, maxRounds: 3, isDefault: false });
  await drain(t, channels());
  const res = await t.request('POST', `/api/crises/${crisisId}/escalate`, { role: 'editor', headers: { 'if-match': `"${policy.json().version}"` } });
  assert.equal(res.statusCode, 200, res.body);
  // amal answered only the first alert, bo the Update: neither is chased; cy, dee, ed are.
  assert.equal(res.json().reminders, 3);
  const { rows } = await t.db.query<{ tag: string }>(
    `SELECT t.external_ref AS tag FROM deliveries d JOIN travellers t ON t.id = d.traveller_id WHERE d.round = 2 ORDER BY 1`);
  assert.deepEqual(rows.map((r) => r.tag), ['cy', 'dee', 'ed']);
  const timeline = (await t.request('GET', `/api/crises/${crisisId}/timeline`, { role: 'viewer' })).json().items as { kind: string; summary: string }[];
  assert.ok(timeline.some((i) => i.kind === 'escalation' && i.summary === 'Escalation round 2: 3 reminder(s)'));
  assert.ok(timeline.some((i) => i.kind === 'answer'));
  assert.deepEqual(timeline.filter((i) => i.kind === 'alert').map((i) => i.summary.split(':')[0]), ['Alert published', 'Update published']);
  const unanswered = await list('no_answer');
  assert.deepEqual(unanswered.map((p) => p.name), ['Traveller cy', 'Traveller dee', 'Traveller ed']);
});

let requestBo = '';
test('departures: "help to leave" with party and phone; capacity refused with the count; notify through the outbox; manifest', async () => {
  const alertId = (await t.request('GET', `/api/crises/${crisisId}`, { role: 'viewer' })).json().currentAlertId as string;
  const tokens = await recipientTokens(t.db, t.config.secret, alertId);
  const post = (tag: string, body: unknown) => t.app.inject({ method: 'POST', url: `/c/${tokens.get(ids.get(tag)!)}/departure`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const bad = await post('cy', { partySize: 0, phone: '+964 770 1' });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().errors[0].field, 'partySize');
  assert.equal((await post('cy', { partySize: 2, phone: 'call me' })).json().errors[0].field, 'phone');
  assert.equal((await countRows(t.db, ['departure_requests'])).departure_requests, 0);
  assert.equal((await t.app.inject({ method: 'POST', url: '/c/not-a-token/departure', payload: { partySize: 1, phone: '+1 2' } })).statusCode, 404);
  const bo = await post('bo', { partySize: 3, phone: '+964 770 123 4567' });
  assert.equal(bo.statusCode, 201, bo.body);
  requestBo = bo.json().id;
  const cy = await post('cy', { partySize: 2, phone: '+964 770 765 4321', note: 'one wheelchair' });
  assert.equal(cy.statusCode, 201);
  assert.equal((await board()).counts.need_help, 2, 'the request is also a "need help" answer');
  const requests = (await t.request('GET', `/api/crises/${crisisId}/departure-requests`, { role: 'editor' })).json().items as { id: string; name: string; partySize: number }[];
  assert.deepEqual(requests.map((r) => [r.name, r.partySize]), [['Traveller bo', 3], ['Traveller cy', 2]]);
  const dep = await t.request('POST', `/api/crises/${crisisId}/departures`, { role: 'editor', body: { kind: 'flight', label: 'Charter BGW–AMM', capacity: 4, departsAt: '2030-01-05T09:00:00+00:00', assemblyPoint: 'Al-Rasheed Hotel lobby' } });
  assert.equal(dep.statusCode, 201, dep.body);
  const depId = dep.json().id;
  assert.equal((await t.request('POST', `/api/crises/${crisisId}/departures`, { role: 'editor', body: { kind: 'boat', label: 'x', capacity: 0, departsAt: 'soon', assemblyPoint: '' } })).statusCode, 400);
  const first = await t.request('POST', `/api/crises/${crisisId}/departures/${depId}/assign`, { role: 'editor', body: { requestIds: [requestBo] } });
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().seatsTaken, 3);
  const over = await t.request('POST', `/api/crises/${crisisId}/departures/${depId}/assign`, { role: 'editor', body: { requestIds: [cy.json().id] } });
  assert.equal(over.statusCode, 409);
  assert.equal(over.json().detail, 'requestIds: over capacity: 4 seats, 3 taken, 2 more requested (1 too many)');
  assert.equal((await countRows(t.db, ['departure_assignments'])).departure_assignments, 1, 'nothing written');
  const notified = await t.request('POST', `/api/crises/${crisisId}/departures/${depId}/notify`, { role: 'editor' });
  assert.equal(notified.statusCode, 200, notified.body);
  assert.equal(notified.json().recipients, 1);
  const { rows } = await t.db.query<{ address: string; state: string; kind: string }>(
    `SELECT d.address, d.state, a.kind FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.alert_id = $1`, [notified.json().alertId]);
  assert.deepEqual(rows, [{ address: 'bo@t.test', state: 'queued', kind: 'message' }]);
  const manifest = await t.request('GET', `/api/crises/${crisisId}/departures/${depId}/manifest`, { role: 'editor' });
  assert.equal(manifest.statusCode, 200);
  const lines = manifest.body.trim().split('\r\n');
  assert.equal(lines[0], 'departure,departsAt,assemblyPoint,name,partySize,phone,city,note');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /^Charter BGW–AMM,2030-01-05T09:00:00.000Z,Al-Rasheed Hotel lobby,Traveller bo,3,'\+964 770 123 4567,IQ,$/, 'a leading + is defused like a formula');
  const audited = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'crisis.departure%' ORDER BY seq`);
  assert.deepEqual(audited.rows.map((r) => r.action), ['crisis.departure-request', 'crisis.departure-request', 'crisis.departure.create', 'crisis.departure.assign', 'crisis.departure.notify', 'crisis.departure.manifest']);
});

test('two operators at once: both send an Update → one wins, the other gets 409 with what changed; nothing half-sent', async () => {
  const v = await version();
  const alertsBefore = (await countRows(t.db, ['alerts'])).alerts;
  const [a, b] = await Promise.all([
    t.request('POST', `/api/crises/${crisisId}/update`, { role: 'approver', body: updateBody('Update A'), headers: { 'if-match': `"${v}"` } }),
    t.request('POST', `/api/crises/${crisisId}/update`, { role: 'approver2', body: updateBody('Update B'), headers: { 'if-match': `"${v}"` } }),
  ]);
  const statuses = [a.statusCode, b.statusCode].sort();
  assert.deepEqual(statuses, [201, 409]);
  const loser = a.statusCode === 409 ? a : b;
  assert.match(loser.headers['content-type'] as string, /problem\+json/);
  assert.match(loser.json().detail, new RegExp(`changed since version ${v}`));
  assert.match(loser.json().detail, /Update “Update [AB]” sent/);
  assert.equal((await countRows(t.db, ['alerts'])).alerts, alertsBefore! + 1, 'the loser drafted nothing');
  const winner = (a.statusCode === 201 ? a : b).json();
  updateId = winner.alert.id;
  // One cancels while the other updates, on the same version.
  const v2 = await version();
  const [u, c] = await Promise.all([
    t.request('POST', `/api/crises/${crisisId}/update`, { role: 'approver', body: updateBody('Update C'), headers: { 'if-match': `"${v2}"` } }),
    t.request('POST', `/api/crises/${crisisId}/cancel`, { role: 'approver2', body: {}, headers: { 'if-match': `"${v2}"` } }),
  ]);
  assert.deepEqual([u.statusCode, c.statusCode].sort(), [201, 409]);
  const won = (u.statusCode === 201 ? u : c).json();
  assert.equal(won.alert.references, updateId, 'references the Update that was current');
  if (u.statusCode === 201) updateId = won.alert.id;
  const bad = await t.request('POST', `/api/crises/${crisisId}/update`, { role: 'approver', body: updateBody('x'), headers: { 'if-match': 'yesterday' } });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().errors[0].field, 'If-Match');
});

test('CSV export of a list: editors, audited, formulas defused', async () => {
  const csv = await t.request('GET', `/api/crises/${crisisId}/people?list=all&format=csv`, { role: 'editor' });
  assert.equal(csv.statusCode, 200);
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], 'travellerId,name,organisation,city,status,helpOpen,joinedAt,answeredAt,answeredBy,message,place,deliveries');
  assert.equal(lines.length, 6);
  const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'crisis.export' AND entity_id = $1`, [crisisId]);
  assert.equal(rows[0]!.n, 1);
});

test('close with deliveries queued (its alerts and departure notices): refused without a choice (nothing changed), then cancelled explicitly', async () => {
  const pending = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'queued'`)).rows[0]!.n;
  await t.db.query(`UPDATE deliveries SET state = 'queued', sent_at = NULL WHERE round = 2`);
  const queued = await pending();
  assert.ok(queued > 0);
  const refused = await t.request('POST', `/api/crises/${crisisId}/close`, { role: 'editor', body: {} });
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().errors[0].field, 'queuedDeliveries');
  assert.match(refused.json().detail, new RegExp(`${queued} deliveries of this crisis are still queued`));
  assert.equal(await pending(), queued);
  assert.equal((await t.request('GET', `/api/crises/${crisisId}`, { role: 'viewer' })).json().state, 'open');
  const closed = await t.request('POST', `/api/crises/${crisisId}/close`, { role: 'editor', body: { queuedDeliveries: 'cancel' } });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().cancelled, queued);
  assert.equal(closed.json().crisis.state, 'closed');
  assert.equal(closed.json().crisis.closedDeliveries, 'cancel');
  const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'failed' AND last_error = 'cancelled: crisis closed'`);
  assert.equal(rows[0]!.n, queued, 'cancelled rows are recorded as failed with the reason, not deleted');
  assert.equal((await t.request('POST', `/api/crises/${crisisId}/update`, { role: 'approver', body: updateBody('late') })).statusCode, 409, 'a closed crisis takes no Update');
  const dep = (await t.request('GET', `/api/crises/${crisisId}/departures`, { role: 'viewer' })).json().items[0];
  assert.equal((await t.request('POST', `/api/crises/${crisisId}/departures/${dep.id}/notify`, { role: 'editor' })).statusCode, 409, 'nor departure notices');
});

test('the demo crisis: opened over the given alerts for Iraq from 2020-01-03, once', async () => {
  const alertId = (await publishViaApi(t, alertBody({ effective: '2020-01-03T06:00:00+00:00' }))).id;
  const first = await openDemoCrisis(t.db, systemActor('demo'), { alertIds: [alertId] });
  assert.equal(first.name, demoCrisisName);
  assert.equal(first.startsAt, '2020-01-03T00:00:00.000Z');
  assert.deepEqual(first.alerts.map((a) => a.id), [alertId]);
  const again = await openDemoCrisis(t.db, systemActor('demo'), { alertIds: [alertId] });
  assert.equal(again.id, first.id);
  assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM crises WHERE name = $1', [demoCrisisName])).rows[0]!.n, 1);
  const b = (await t.request('GET', `/api/crises/${first.id}/board`, { role: 'viewer' })).json();
  assert.equal(b.total, 5);
  assert.equal(b.counts.unreachable, 0);
  // Every delivery to one person refused: not reachable (kept by the deliveries trigger, no recount).
  await t.db.query(`UPDATE deliveries SET state = 'bounced', last_error = '550 gone' WHERE alert_id = $1 AND traveller_id = $2`, [alertId, ids.get('ed')!]);
  const after = (await t.request('GET', `/api/crises/${first.id}/board`, { role: 'viewer' })).json();
  assert.equal(after.counts.unreachable, 1);
  assert.equal(after.counts.no_answer, 4);
  const unreachable = (await t.request('GET', `/api/crises/${first.id}/people?list=unreachable`, { role: 'editor' })).json().items;
  assert.deepEqual(unreachable.map((p: { name: string; deliveries: { state: string; error: string }[] }) => [p.name, p.deliveries[0]!.state, p.deliveries[0]!.error]), [['Traveller ed', 'bounced', '550 gone']]);
});
