/**
 * The model case end to end: the Baghdad alert published to demo travellers, delivered by e-mail
 * (loopback SMTP) and SMS (fake provider), a third answering "safe" by link, some "need help" by SMS
 * reply (duty officers told at once), escalation with a short clock, the board checked at each step,
 * and the live stream seeing an answer arrive.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { checkinSettingsFromEnv } from '../../src/config.js';
import { SmsChannel, SmtpChannel, verifyWebhookSignature } from '../../src/delivery/channels/index.js';
import { loadDemo } from '../../src/demo/load.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { startWorker } from '../support/runtime.js';
import { board, drain, formPost, publishViaApi, tokenIn } from '../support/checkin-fixtures.js';
import { startFakeSmsProvider, type FakeSmsProvider } from '../support/fake-sms-provider.js';
import { startHttpTestServer, type HttpTestServer } from '../support/http-test-server.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

let t: TestContext;
let smtp: SmtpTestServer;
let sms: FakeSmsProvider;
let dutyHook: HttpTestServer;
const hookSecret = 'duty-webhook-secret';
let base = '';
let alertId = '';
let recipients = 0;
const smsFrom = '+15005550006';

before(async () => {
  smtp = await startSmtpTestServer();
  sms = await startFakeSmsProvider();
  dutyHook = await startHttpTestServer();
  Object.assign(process.env, {
    WARDEN_DUTY_WEBHOOK_URL: `${dutyHook.url}/duty`, WARDEN_WEBHOOK_SECRET: hookSecret,
    WARDEN_SMTP_HOST: smtp.host, WARDEN_SMTP_PORT: String(smtp.port), WARDEN_DUTY_EMAILS: 'duty@ops.test',
    WARDEN_SMS_ACCOUNT_SID: sms.accountSid, WARDEN_SMS_AUTH_TOKEN: sms.authToken, WARDEN_SMS_URL: sms.url, WARDEN_SMS_FROM: smsFrom,
  });
  t = await createTestContext();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  await loadDemo(t.db, { travellers: 300, operators: false });
});
after(async () => { await t.close(); await sms.close(); await smtp.close(); await dutyHook.close(); });

const channels = () => ({
  email: new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'alerts@warden.test', messageIdDomain: 'warden.test', maxConnections: 4, maxMessages: 1000 }),
  sms: new SmsChannel({ baseUrl: sms.url, accountSid: sms.accountSid, authToken: sms.authToken, from: smsFrom, timeoutMs: 5000 }),
});

const mailTo = (address: string) => smtp.messages.filter((m) => m.envelope.to[0] === address);

test('publish the Baghdad alert: everyone is "no answer" until they answer', async () => {
  const published = await publishViaApi(t, {
    kind: 'security_alert', sender: 'Embassy Baghdad', effective: '2020-01-03T06:00:00+00:00', expires: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    area: { circles: [{ lat: 33.3152, lon: 44.3661, radiusKm: 40 }] },
    infos: [{ language: 'en', event: 'Airstrike', headline: 'Depart Iraq immediately', description: 'An airstrike hit Baghdad International Airport.', instruction: 'Depart Iraq immediately.\nDo not approach the Embassy.' }],
  });
  alertId = published.id;
  recipients = published.recipients;
  assert.ok(recipients >= 60, `enough demo travellers in Baghdad (${recipients})`);
  const policy = await t.request('PUT', `/api/alerts/${alertId}/escalation`, { role: 'editor', body: { afterMinutes: 1, maxRounds: 2 } });
  assert.equal(policy.statusCode, 200, policy.body);
  const b = await board(t, alertId);
  assert.equal(b.total, recipients);
  assert.deepEqual(b.counts, { safe: 0, departed: 0, need_help: 0, no_answer: recipients, unreachable: 0 });
  assert.equal(b.people, undefined, 'viewers see counts only');
});

let onlyEmail = '';
test('deliver by e-mail and SMS; a refused address makes its owner "not reachable"', async () => {
  const { rows } = await t.db.query<{ address: string }>(
    `SELECT d.address FROM deliveries d WHERE d.alert_id = $1 AND d.channel = 'email'
        AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.alert_id = d.alert_id AND o.traveller_id = d.traveller_id AND o.channel <> 'email') LIMIT 1`, [alertId]);
  onlyEmail = rows[0]!.address;
  smtp.rejectRecipient(onlyEmail, 550, '5.1.1 No such user');
  await drain(t, channels());
  const b = await board(t, alertId, '', 'editor'); // exact counts: viewers see small cells as "<5"
  assert.equal(b.counts.unreachable, 1);
  assert.equal(b.counts.no_answer, recipients - 1);
  assert.equal(smtp.messages.length, recipients - 1);
  assert.ok(sms.messages.length > recipients / 2, 'most demo travellers also get an SMS');
});

let safeTokens: string[] = [];
test('a third answer "safe" through their links', async () => {
  const third = Math.floor(recipients / 3);
  safeTokens = smtp.messages.slice(0, third).map((m) => tokenIn(m.parsed.text));
  for (const token of safeTokens) {
    const res = await formPost(t, token, { answer: 'safe' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /your answer is recorded|réponse est enregistrée|respuesta está registrada|تم تسجيل/);
  }
  const b = await board(t, alertId, '', 'editor'); // exact counts: viewers see small cells as "<5"
  assert.deepEqual(b.counts, { safe: third, departed: 0, need_help: 0, no_answer: recipients - 1 - third, unreachable: 1 });
});

let helpers: string[] = [];
test('some answer "need help" by SMS reply (English and Arabic); duty officers are e-mailed at once', async () => {
  const answered = new Set(smtp.messages.slice(0, safeTokens.length).map((m) => m.envelope.to[0]));
  const { rows } = await t.db.query<{ traveller_id: string; sms: string; email: string }>(
    `SELECT s.traveller_id, s.address AS sms, e.address AS email FROM deliveries s JOIN deliveries e ON e.alert_id = s.alert_id AND e.traveller_id = s.traveller_id AND e.channel = 'email'
      WHERE s.alert_id = $1 AND s.channel = 'sms' AND s.state = 'sent'
        AND (SELECT count(*) FROM contact_points c WHERE c.channel = 'sms' AND c.address = s.address) = 1 ORDER BY s.address`, [alertId]);
  const candidates = rows.filter((r) => !answered.has(r.email)).slice(0, 4);
  helpers = candidates.map((c) => c.traveller_id);
  const bodies = ['HELP injured near Al-Rasheed hotel', 'help', 'Aide !', 'مساعدة نحن في الفندق'];
  // The runtime `warden start` runs in-process, here for the duty kind only (the alert's rows stay as the later tests expect).
  const runtime = await startWorker({ db: t.db, config: t.config }, { kinds: ['duty'], escalation: false, subscriptionMail: false });
  for (const [i, c] of candidates.entries()) {
    const res = await sms.sendInbound(`${base}/api/inbound/sms`, { from: c.sms, to: smsFrom, body: bodies[i]! });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /<Response><Message>.*(NEED HELP|BESOIN|AYUDA|مساعدة).*<\/Message><\/Response>/s);
  }
  const b = await board(t, alertId, '', 'editor'); // exact counts: viewers see small cells as "<5"
  assert.equal(b.counts.need_help, 4);
  assert.equal(b.counts.no_answer, recipients - 1 - safeTokens.length - 4);
  const duty = await waitFor(() => mailTo('duty@ops.test').length >= 4 ? mailTo('duty@ops.test') : null);
  assert.equal(duty.length, 4);
  assert.ok(duty.some((m) => /injured near Al-Rasheed hotel/.test(m.parsed.text ?? '')), 'the message reaches the duty officer');
  const hooks = await waitFor(() => dutyHook.requests.length >= 4 ? dutyHook.requests : null);
  assert.equal(hooks.length, 4);
  for (const h of hooks) {
    assert.ok(verifyWebhookSignature(hookSecret, h.headers['warden-signature'] as string, h.body.toString()), 'signed like delivery webhooks');
    const payload = JSON.parse(h.body.toString()) as { type: string; alertId: string; travellerId: string; channel: string };
    assert.equal(payload.type, 'warden.need_help');
    assert.equal(payload.alertId, alertId);
    assert.equal(payload.channel, 'sms');
    assert.ok(helpers.includes(payload.travellerId));
  }
  // Each notice is one outbox row per target (e-mail, webhook), recorded sent just after the hook arrives here.
  const notes = await waitFor(async () => {
    const { rows } = await t.db.query<{ state: string; channel: string }>(`SELECT state, channel FROM deliveries WHERE kind = 'duty' ORDER BY channel`);
    return rows.every((n) => n.state === 'sent') ? rows : null;
  });
  await runtime.stop();
  assert.deepEqual(notes.map((n) => `${n.channel}:${n.state}`), [...Array(4).fill('email:sent'), ...Array(4).fill('webhook:sent')]);
  const editorView = await board(t, alertId, '?status=need_help', 'editor');
  assert.deepEqual(editorView.people!.map((p) => p.travellerId).sort(), [...helpers].sort());
});

test('escalation with a short clock: one reminder per silent person on their next channel, never twice, round shown', async () => {
  const silent = recipients - 1 - safeTokens.length - helpers.length;
  const mailBefore = smtp.messages.length;
  const smsBefore = sms.messages.length;
  const settings = { ...checkinSettingsFromEnv({}), escalation: { afterMinutes: 1, maxRounds: 3, everyMs: 10 } };
  const later = () => new Date(Date.now() + 2 * 60_000);
  // The alert's own policy (2 rounds) wins over the defaults; two workers at once still chase nobody twice.
  await Promise.all([drain(t, channels(), { now: later, settings }), drain(t, channels(), { now: later, settings })]);
  const { rows } = await t.db.query<{ n: number; people: number; rounds: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT traveller_id)::int AS people, max(round)::int AS rounds FROM deliveries WHERE alert_id = $1 AND round > 1`, [alertId]);
  assert.deepEqual(rows[0], { n: silent, people: silent, rounds: 2 });
  assert.equal(smtp.messages.length - mailBefore + sms.messages.length - smsBefore, silent, 'one reminder each');
  const { rows: picked } = await t.db.query<{ channel: string; has_sms: boolean }>(
    `SELECT d.channel, EXISTS (SELECT 1 FROM deliveries s WHERE s.alert_id = d.alert_id AND s.traveller_id = d.traveller_id AND s.channel = 'sms' AND s.round = 1 AND s.state = 'sent') AS has_sms
       FROM deliveries d WHERE d.alert_id = $1 AND d.round = 2`, [alertId]);
  assert.ok(picked.every((p) => p.channel === (p.has_sms ? 'sms' : 'email')), 'the next channel by priority (demo: e-mail first, then SMS); e-mail again for people with only e-mail');
  const b = await board(t, alertId, '', 'editor'); // exact counts: viewers see small cells as "<5"
  assert.deepEqual(b.byRound, { 1: recipients - silent, 2: silent });
  await drain(t, channels(), { now: later, settings });
  const { rows: again } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND round > 1`, [alertId]);
  assert.equal(again[0]!.n, silent, 'max rounds reached: nobody chased again');
});

test('the live board (Server-Sent Events) sends new counts when someone answers', async () => {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/alerts/${alertId}/accountability/stream`, { headers: { authorization: `Bearer ${t.tokens.editor}` /* exact counts; a viewer's stream shows 1 as "<5" */ }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  const events: { counts: Record<string, number> }[] = [];
  let buffer = '';
  const next = async () => {
    for (;;) {
      const split = buffer.indexOf('\n\n');
      if (split >= 0) {
        const chunk = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const data = chunk.split('\n').find((l) => l.startsWith('data: '));
        if (data) return JSON.parse(data.slice(6)) as { counts: Record<string, number> };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += new TextDecoder().decode(value);
    }
  };
  events.push(await next());
  const departedBefore = events[0]!.counts.departed!;
  const { rows } = await t.db.query<{ address: string }>(
    `SELECT d.address FROM deliveries d WHERE d.alert_id = $1 AND d.channel = 'email' AND d.state = 'sent' AND d.round = 1
        AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.alert_id = d.alert_id AND c.traveller_id = d.traveller_id) LIMIT 1`, [alertId]);
  const token = tokenIn(mailTo(rows[0]!.address)[0]!.parsed.text);
  assert.equal((await formPost(t, token, { answer: 'departed', place: 'Amman' })).statusCode, 200);
  events.push(await next());
  assert.equal(events[1]!.counts.departed, departedBefore + 1);
  controller.abort();
  await reader.cancel().catch(() => undefined);
});

async function waitFor<T>(check: () => T | null | Promise<T | null>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
