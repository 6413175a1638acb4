/** Self-enrolment (double opt-in) and the traveller's own trips. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';
import { startWorker, type RunningWorker } from '../support/runtime.js';

let t: TestContext;
let smtp: SmtpTestServer;
let cookie = '';
let travellerId = '';
let ip = 1;

let links: RunningWorker;

before(async () => {
  smtp = await startSmtpTestServer();
  Object.assign(process.env, { WARDEN_SMTP_HOST: smtp.host, WARDEN_SMTP_PORT: String(smtp.port) });
  t = await createTestContext();
  // Sign-in links leave through the outbox: the runtime `warden start` runs in-process, for those kinds.
  links = await startWorker({ db: t.db, config: t.config }, { kinds: ['sign_in', 'enrolment'], escalation: false, subscriptionMail: false });
  const resident = await t.request('POST', '/api/travellers', { role: 'editor', body: {
    fullName: 'Ops Made', consent: true, contacts: [{ channel: 'email', address: 'ops-made@t.test' }], trips: [{ countryCode: 'IQ', startsAt: '2019-06-01' }] } });
  assert.equal(resident.statusCode, 201, resident.body);
});
after(async () => { await links.stop(); await t.close(); await smtp.close(); });

const tables = ['travellers', 'contact_points', 'trips'];
const enrolment = (over: Record<string, unknown> = {}) => ({
  fullName: 'Dana Self', language: 'fr', consent: true,
  contacts: [{ channel: 'email', address: 'Dana@Self.test' }, { channel: 'sms', address: '+964 770 123 4567' }],
  trips: [{ countryCode: 'IQ', placeName: 'Baghdad', startsAt: '2020-01-01', endsAt: '2020-01-20' }],
  ...over,
});
/** Each call from its own address, so the strict per-IP limit of the route does not get in the way. */
const enrol = (body: unknown, from = `198.51.100.${ip++}`) =>
  t.app.inject({ method: 'POST', url: '/api/public/enrol', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, payload: JSON.stringify(body) });
const countIraq = async () => {
  const res = await t.request('POST', '/api/presence/count', { role: 'editor' /* exact counts: a viewer's small ones read "<5" */, body: { area: { countries: ['IQ'] }, from: '2020-01-03T00:00:00Z', to: '2020-01-04T00:00:00Z' } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().people as number;
};
const tokenIn = (text: string | undefined) => /http:\/\/warden\.test\/me\?token=([A-Za-z0-9_-]+)/.exec(text ?? '')![1]!;

test('enrol → 202, stored unconfirmed and not counted; the e-mailed link confirms and then they are counted', async () => {
  const before = await countRows(t.db, tables);
  const baseline = await countIraq();
  assert.equal(baseline, 1, 'the operator-created traveller counts');
  const res = await enrol(enrolment());
  assert.equal(res.statusCode, 202, res.body);
  const after = await countRows(t.db, tables);
  assert.deepEqual(after, { travellers: before.travellers! + 1, contact_points: before.contact_points! + 2, trips: before.trips! + 1 });
  const { rows } = await t.db.query<{ id: string; email_verified_at: Date | null; consent_at: Date | null }>(
    `SELECT t.id, t.email_verified_at, t.consent_at FROM travellers t JOIN contact_points c ON c.traveller_id = t.id WHERE c.address = 'dana@self.test'`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.email_verified_at, null);
  assert.ok(rows[0]!.consent_at);
  travellerId = rows[0]!.id;
  assert.equal(await countIraq(), baseline, 'an unconfirmed traveller is not targeted');
  const audit = await t.db.query<{ actor_label: string }>(`SELECT actor_label FROM audit_log WHERE action = 'traveller.create' AND entity_id = $1`, [travellerId]);
  assert.deepEqual(audit.rows.map((r) => r.actor_label), [`traveller:${travellerId}`]);

  const [mail] = await smtp.waitForMessages(1);
  assert.equal(mail!.envelope.to[0], 'dana@self.test');
  // Dana enrolled in French: the confirmation is written in French (src/i18n/catalogs/fr.json, key signIn).
  assert.equal(mail!.parsed.subject, 'Confirmez votre inscription à Warden');
  assert.match(mail!.parsed.text ?? '', /^Ouvrez ce lien pour confirmer votre inscription et voir vos voyages, vos alertes et vos réponses \(valable \d+ minutes, une seule fois\) :\n\nhttp:\/\/warden\.test\/me\?token=/);
  const session = await t.app.inject({ method: 'GET', url: `/api/me/session?token=${tokenIn(mail!.parsed.text)}` });
  assert.equal(session.statusCode, 200, session.body);
  cookie = session.cookies.find((c) => c.name === 'warden_traveller')!.value;
  const verified = await t.db.query<{ email_verified_at: Date | null }>('SELECT email_verified_at FROM travellers WHERE id = $1', [travellerId]);
  assert.ok(verified.rows[0]!.email_verified_at, 'opening the link confirms the address');
  assert.equal(await countIraq(), baseline + 1, 'a confirmed traveller is counted');
});

test('the same e-mail again: the same 202 body, no second traveller, a sign-in link instead', async () => {
  const before = await countRows(t.db, tables);
  const first = await enrol(enrolment({ fullName: 'Someone Else' }));
  const fresh = await enrol(enrolment({ fullName: 'Eli New', contacts: [{ channel: 'email', address: 'eli@self.test' }] }));
  assert.equal(first.statusCode, 202);
  assert.equal(fresh.statusCode, 202);
  assert.equal(first.body, fresh.body, 'the answer does not tell whether the address was enrolled');
  assert.equal((await countRows(t.db, tables)).travellers, before.travellers! + 1, 'only the new address is stored');
  const mails = await smtp.waitForMessages(3);
  assert.deepEqual(mails.slice(1).map((m) => m.envelope.to[0]).sort(), ['dana@self.test', 'eli@self.test']);
  const names = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM travellers WHERE full_name = 'Someone Else'`);
  assert.equal(names.rows[0]!.n, 0, 'an enrolled record is never overwritten by a public request');
});

test('bad input: the problem names the field, nothing is stored', async () => {
  const before = await countRows(t.db, tables);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ consent: false, contacts: [{ channel: 'email', address: 'x1@self.test' }] }, /consent/],
    [{ contacts: [{ channel: 'email', address: 'x2@self.test' }, { channel: 'sms', address: '12345' }] }, /contacts\[1\]\.address/],
    [{ contacts: [{ channel: 'email', address: 'x3@self.test' }], trips: [{ countryCode: 'IQ', startsAt: '2020-01-10', endsAt: '2020-01-05' }] }, /trips\[0\]\.endsAt/],
    [{ contacts: [{ channel: 'sms', address: '+964 770 123 4567' }] }, /contacts/],
  ];
  for (const [over, field] of cases) {
    const res = await enrol(enrolment(over));
    assert.ok([400, 422].includes(res.statusCode), `${res.statusCode} ${res.body}`);
    assert.match(res.body, field);
  }
  assert.deepEqual(await countRows(t.db, tables), before);
});

test('strict rate limit on the enrol route', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 6; i++) codes.push((await enrol(enrolment({ consent: false }), '203.0.113.7')).statusCode);
  assert.equal(codes[5], 429);
});

test('my trips: add and remove my own (audited as the traveller); someone else\'s trip is 404', async () => {
  const headers = { cookie: `warden_traveller=${cookie}`, 'content-type': 'application/json' };
  const add = (body: unknown, h: Record<string, string> = headers) => t.app.inject({ method: 'POST', url: '/api/me/trips', headers: h, payload: JSON.stringify(body) });
  assert.equal((await add({ countryCode: 'JO', startsAt: '2020-02-01' }, { 'content-type': 'application/json' })).statusCode, 401);
  const bad = await add({ countryCode: 'JO', startsAt: '2020-02-10', endsAt: '2020-02-01' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /endsAt/);
  const added = await add({ countryCode: 'JO', placeName: 'Amman', startsAt: '2020-02-01', endsAt: '2020-02-10' });
  assert.equal(added.statusCode, 201, added.body);
  const tripId = added.json().id as string;
  const me = await t.app.inject({ method: 'GET', url: '/api/me', headers });
  assert.deepEqual(me.json().trips.map((x: { countryCode: string }) => x.countryCode).sort(), ['IQ', 'JO']);

  const other = await t.request('POST', '/api/travellers', { role: 'editor', body: {
    fullName: 'Other Person', consent: true, contacts: [{ channel: 'email', address: 'other@ops-made.test' }], trips: [{ countryCode: 'IQ', startsAt: '2020-01-01' }] } });
  assert.equal(other.statusCode, 201, other.body);
  const otherTrip = other.json().trips[0].id as string;
  const del = (id: string, h: Record<string, string> = { cookie: headers.cookie }) => t.app.inject({ method: 'DELETE', url: `/api/me/trips/${id}`, headers: h });
  assert.equal((await del(otherTrip)).statusCode, 404);
  assert.equal((await t.db.query('SELECT 1 FROM trips WHERE id = $1', [otherTrip])).rowCount, 1, 'the other traveller\'s trip stays');
  assert.equal((await del(tripId, {})).statusCode, 401);
  assert.equal((await del(tripId)).statusCode, 204);
  assert.equal((await del(tripId)).statusCode, 404);
  const audit = await t.db.query<{ action: string; actor_label: string }>(
    `SELECT action, actor_label FROM audit_log WHERE entity_id = $1 AND action LIKE 'trip.%' ORDER BY seq`, [travellerId]);
  assert.deepEqual(audit.rows.map((r) => [r.action, r.actor_label]), [['trip.create', `traveller:${travellerId}`], ['trip.delete', `traveller:${travellerId}`]]);
  const verified = await t.db.query<{ v: Date | null }>(`SELECT email_verified_at AS v FROM travellers WHERE full_name = 'Other Person'`);
  assert.ok(verified.rows[0]!.v, 'operator-created travellers count as confirmed');
});

test('the sign-in e-mail\'s Message-ID and headers carry no part of the token (issue 12 finding 17)', async () => {
  const before = smtp.messages.length;
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/me/login', headers: { 'x-forwarded-for': '198.51.100.201' }, payload: { email: 'dana@self.test' } })).statusCode, 202);
  const mail = (await smtp.waitForMessages(before + 1))[before]!;
  const token = tokenIn(mail.parsed.text);
  const headers = mail.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!;
  // The Message-ID is the outbox row's id, as for every message (src/delivery/outbox.ts): a sign-in row's, unrelated to the token.
  const id = /^<([0-9a-f-]{36})@/.exec(String(mail.parsed.messageId))?.[1];
  assert.ok(id, `a delivery id in ${mail.parsed.messageId}`);
  assert.deepEqual((await t.db.query<{ kind: string }>('SELECT kind FROM deliveries WHERE id = $1', [id])).rows, [{ kind: 'sign_in' }]);
  for (let i = 0; i + 6 <= token.length; i++) assert.ok(!headers.includes(token.slice(i, i + 6)), `the headers carry part of the token (${token.slice(i, i + 6)})`);
});

test('the sign-in e-mail is in the traveller\'s stored language: English, French, Spanish, Arabic (link on its own line)', async () => {
  const signIn = async (email: string, from: string) => {
    const before = smtp.messages.length;
    assert.equal((await t.app.inject({ method: 'POST', url: '/api/me/login', headers: { 'x-forwarded-for': from }, payload: { email } })).statusCode, 202);
    return (await smtp.waitForMessages(before + 1))[before]!;
  };
  const enrolled = smtp.messages.length;
  assert.equal((await enrol(enrolment({ language: 'ar', contacts: [{ channel: 'email', address: 'rana@self.test' }] }))).statusCode, 202);
  assert.equal((await enrol(enrolment({ language: 'es', contacts: [{ channel: 'email', address: 'ines@self.test' }] }))).statusCode, 202);
  const confirmations = (await smtp.waitForMessages(enrolled + 2)).slice(enrolled);
  assert.deepEqual(confirmations.map((m) => m.parsed.subject).sort(), ['Confirme su inscripción en Warden', 'أكّد تسجيلك في Warden']);
  const english = await signIn('ops-made@t.test', '198.51.100.211');
  assert.equal(english.parsed.subject, 'Your Warden sign-in link');
  assert.match(english.parsed.text ?? '', /^Open this link to see your trips, alerts and answers \(valid \d+ minutes, once\):\n\nhttp:\/\/warden\.test\/me\?token=[\w-]+\n\nIf you did not ask for it, ignore this message\.\s*$/);
  const french = await signIn('dana@self.test', '198.51.100.212');
  assert.equal(french.parsed.subject, 'Votre lien de connexion à Warden');
  assert.match(french.parsed.text ?? '', /Si vous ne l’avez pas demandé, ignorez ce message\./);
  const arabic = await signIn('rana@self.test', '198.51.100.213');
  assert.equal(arabic.parsed.subject, 'رابط الدخول إلى Warden');
  assert.match(arabic.parsed.text ?? '', /^افتح هذا الرابط لرؤية رحلاتك وتنبيهاتك وإجاباتك \(صالح لمدة \d+ دقيقة، مرة واحدة\):\n\nhttp:\/\/warden\.test\/me\?token=[\w-]+\n/);
  const spanish = await signIn('ines@self.test', '198.51.100.214');
  assert.equal(spanish.parsed.subject, 'Su enlace para entrar en Warden');
  assert.match(spanish.parsed.text ?? '', /Abra este enlace para ver sus viajes, alertas y respuestas/);
});

test('replacing my contact points is audited as the traveller, without the addresses (issue 12 finding 19)', async () => {
  const res = await t.app.inject({ method: 'PUT', url: '/api/me/contacts', headers: { cookie: `warden_traveller=${cookie}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ contacts: [{ channel: 'email', address: 'dana@self.test' }, { channel: 'sms', address: '+964 770 765 4321' }] }) });
  assert.equal(res.statusCode, 200, res.body);
  const audit = await t.db.query<{ actor_label: string; after: unknown }>(`SELECT actor_label, after FROM audit_log WHERE action = 'traveller.contacts_replace' AND entity_id = $1`, [travellerId]);
  assert.deepEqual(audit.rows, [{ actor_label: `traveller:${travellerId}`, after: { channels: ['email', 'sms'] } }]);
  assert.ok(!JSON.stringify(audit.rows).includes('7654321'), 'no address in the audit row');
});

test('erasing the traveller erases their sign-in and enrolment rows in the outbox: no address, no link, the count kept', async () => {
  const mine = `SELECT count(*)::int AS n FROM deliveries WHERE kind IN ('sign_in', 'enrolment') AND address = 'dana@self.test'`;
  assert.ok((await t.db.query<{ n: number }>(mine)).rows[0]!.n >= 2, 'the enrolment and sign-in mails were rows of the outbox');
  const total = `SELECT count(*)::int AS n FROM deliveries WHERE kind IN ('sign_in', 'enrolment')`;
  const before = (await t.db.query<{ n: number }>(total)).rows[0]!.n;
  await t.db.query('DELETE FROM travellers WHERE id = $1', [travellerId]);
  assert.equal((await t.db.query<{ n: number }>(mine)).rows[0]!.n, 0);
  assert.equal((await t.db.query<{ n: number }>(total)).rows[0]!.n, before);
  const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE kind IN ('sign_in', 'enrolment') AND address = '[erased]' AND content IS NULL AND traveller_id IS NULL`);
  assert.ok(rows[0]!.n >= 2);
});
