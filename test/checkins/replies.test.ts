/** Check-in by reply: keywords in four languages, the SMS and e-mail webhooks, and races between channels. */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { parseReply, replyHelp } from '../../src/checkins/keywords.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { jsonPost, publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { countRows } from '../support/db.js';
import { startFakeSmsProvider, type FakeSmsProvider } from '../support/fake-sms-provider.js';

let t: TestContext;
let sms: FakeSmsProvider;
let url = '';
let ids: Map<string, string>;
let alertId = '';
const tables = ['checkins', 'checkin_history', 'deliveries'];
const secret = 'inbound-secret-0123456789';
const phone = (tag: string) => t.db.query<{ address: string }>(`SELECT address FROM contact_points WHERE traveller_id = $1 AND channel = 'sms'`, [ids.get(tag)!]).then((r) => r.rows[0]!.address);
const inboundMail = (body: unknown, headers: Record<string, string> = { 'x-warden-inbound-secret': secret }) =>
  t.app.inject({ method: 'POST', url: '/api/inbound/email', payload: body as object, headers });

before(async () => {
  sms = await startFakeSmsProvider();
  Object.assign(process.env, { WARDEN_SMS_ACCOUNT_SID: sms.accountSid, WARDEN_SMS_AUTH_TOKEN: sms.authToken, WARDEN_SMS_URL: sms.url, WARDEN_INBOUND_EMAIL_SECRET: secret });
  t = await createTestContext();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/inbound/sms`;
  ids = await addTravellers(t.db, ['fr', 'es', 'ar', 'racer', 'mail', 'quiet', 'shared1', 'shared2'].map((tag) => ({ tag, country: 'IQ', channels: ['email', 'sms'] as ('email' | 'sms')[], language: ['fr', 'es', 'ar'].includes(tag) ? tag : 'en' })));
  await t.db.query(`UPDATE contact_points SET address = '+447000099999' WHERE channel = 'sms' AND traveller_id IN ($1, $2)`, [ids.get('shared1')!, ids.get('shared2')!]);
  alertId = (await publishViaApi(t, alertBody())).id;
});
after(async () => { await t.close(); await sms.close(); });

test('keywords: case, accents, Arabic marks and multi-word forms; the rest of the line is the message', () => {
  const cases: [string, string | null, string | null][] = [
    ['SAFE', 'safe', null], ['  safe.', 'safe', null], ['Help broken leg, Hotel Rasheed', 'need_help', 'broken leg, Hotel Rasheed'], ['left', 'departed', null],
    ['Sain et sauf', 'safe', null], ['SAUF', 'safe', null], ['aide', 'need_help', null], ['Parti à Amman', 'departed', 'à Amman'],
    ['A salvo', 'safe', null], ['Seguro', 'safe', null], ['AYUDA por favor', 'need_help', 'por favor'], ['salí', 'departed', null], ['SALI', 'departed', null], ['Me fui', 'departed', null],
    ['آمن', 'safe', null], ['امن', 'safe', null], ['مُساعَدة', 'need_help', null], ['غادرت', 'departed', null],
    ['safely home', null, null], ['maybe', null, null], ['', null, null],
  ];
  for (const [text, answer, message] of cases) {
    const parsed = parseReply(text);
    assert.deepEqual(parsed && { answer: parsed.answer, message: parsed.message }, answer ? { answer, message } : null, text);
  }
});

test('SMS replies in French, Spanish, Arabic are recorded for the sender’s latest alert, answered in their language', async () => {
  for (const [tag, body, pattern] of [['fr', 'Sain et sauf', /EN SÉCURITÉ/], ['es', 'ME FUI', /SALIDO/], ['ar', 'آمن', /أنت آمن/]] as const) {
    const res = await sms.sendInbound(url, { from: await phone(tag), to: '+15005550006', body });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/xml/);
    assert.match(await res.text(), pattern);
  }
  const { rows } = await t.db.query<{ traveller_id: string; answer: string; channel: string }>(`SELECT traveller_id, answer, channel FROM checkins ORDER BY answer`);
  assert.deepEqual(rows.map((r) => [r.answer, r.channel]), [['departed', 'sms'], ['safe', 'sms'], ['safe', 'sms']]);
});

test('unknown keyword, unknown sender, shared phone, bad signature: exact answers, nothing written', async () => {
  const before = await countRows(t.db, tables);
  const unknown = await sms.sendInbound(url, { from: await phone('quiet'), to: '+15005550006', body: 'I think I am fine' });
  assert.equal(await unknown.text(), `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${replyHelp.replaceAll('’', '’')}</Message></Response>`);
  const stranger = await sms.sendInbound(url, { from: '+447000012345', to: '+15005550006', body: 'SAFE' });
  assert.match(await stranger.text(), /no open alert for this sender/);
  const shared = await sms.sendInbound(url, { from: '+447000099999', to: '+15005550006', body: 'SAFE' });
  assert.match(await shared.text(), /Several people share this number/);
  const forged = await fetch(url, { method: 'POST', body: new URLSearchParams({ From: await phone('quiet'), To: '+1', Body: 'SAFE', MessageSid: 'SM1' }), headers: { 'X-Twilio-Signature': 'bm9wZQ==' } });
  assert.equal(forged.status, 403);
  const noMail = await inboundMail({ from: 'mail@t.test', subject: '', text: 'SAFE' }, {});
  assert.equal(noMail.statusCode, 401);
  const mailUnknown = await inboundMail({ from: 'Mail <mail@t.test>', subject: 'Re: Depart Iraq immediately', text: 'what should I do?\n> SAFE' });
  assert.deepEqual(mailUnknown.json(), { result: 'not-understood', reply: replyHelp });
  assert.deepEqual(await countRows(t.db, tables), before);
});

test('e-mail replies: keyword from the first line, else the subject', async () => {
  const first = await inboundMail({ from: 'Mail Person <MAIL@t.test>', subject: 'Re: Depart Iraq immediately', text: 'HELP we are 4 at the airport\n\n> Depart Iraq immediately' });
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().result, 'recorded');
  const second = await inboundMail({ from: 'mail@t.test', subject: 'Re: safe', text: '' });
  assert.equal(second.json().result, 'recorded');
  const { rows } = await t.db.query<{ answer: string; message: string | null; channel: string }>(
    `SELECT answer, message, channel FROM checkin_history WHERE traveller_id = $1 ORDER BY id`, [ids.get('mail')!]);
  assert.deepEqual(rows, [{ answer: 'need_help', message: 'we are 4 at the airport', channel: 'email' }, { answer: 'safe', message: null, channel: 'email' }]);
});

test('the same person answers at once by SMS and by link: one current answer, both in history, no error', async () => {
  const token = (await recipientTokens(t.db, t.config.secret, alertId)).get(ids.get('racer')!)!;
  const from = await phone('racer');
  const [link, text] = await Promise.all([jsonPost(t, token, { answer: 'safe' }), sms.sendInbound(url, { from, to: '+15005550006', body: 'LEFT' })]);
  assert.equal(link.statusCode, 201);
  assert.equal(text.status, 200);
  const history = await t.db.query<{ id: number; answer: string }>(`SELECT id::int AS id, answer FROM checkin_history WHERE traveller_id = $1 ORDER BY id`, [ids.get('racer')!]);
  assert.deepEqual(history.rows.map((r) => r.answer).sort(), ['departed', 'safe']);
  const current = await t.db.query<{ history_id: number; answer: string }>(`SELECT history_id::int AS history_id, answer FROM checkins WHERE traveller_id = $1`, [ids.get('racer')!]);
  assert.equal(current.rows.length, 1);
  assert.deepEqual(current.rows[0], { history_id: history.rows[1]!.id, answer: history.rows[1]!.answer }, 'the later answer is current');
});
