/**
 * Providers both ways: SMS delivery receipts (Twilio's status callback, Vonage's DLR) and e-mail
 * bounces (Mailgun's webhook) write delivered / bounced per delivery, signatures checked, and the
 * accountability board counts a person whose every delivery bounced as not reachable.
 * Real parts: the SMTP test server, the fake SMS provider (both API shapes) posting over HTTP to the
 * listening app.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { signVonageParams, verifyVonageSignature, VonageSmsChannel, type VonageSignatureMethod } from '../../src/delivery/channels/vonage-sms.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { signMailgun } from '../../src/delivery/routes-receipts.js';
import { channelsFrom } from '../../src/delivery/worker.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { board, drain, publishViaApi } from '../support/checkin-fixtures.js';
import { startFakeSmsProvider, type FakeSmsProvider } from '../support/fake-sms-provider.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

const MAILGUN_KEY = `key-${randomBytes(16).toString('hex')}`;
const VONAGE_SIG = randomBytes(16).toString('hex');

interface Delivery { id: string; traveller_id: string; channel: string; state: string; last_error: string | null; delivered_at: Date | null; provider_id: string | null }
const deliveriesOf = async (t: TestContext, alertId: string) =>
  (await t.db.query<Delivery>('SELECT id, traveller_id, channel, state, last_error, delivered_at, provider_id FROM deliveries WHERE alert_id = $1', [alertId])).rows;

async function listen(t: TestContext): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

describe('Twilio status callbacks and Mailgun bounces', () => {
  let t: TestContext;
  let smtp: SmtpTestServer;
  let sms: FakeSmsProvider;
  let base = '';
  let alertId = '';
  let ids: Map<string, string>;
  const saved = { ...process.env };

  before(async () => {
    smtp = await startSmtpTestServer();
    sms = await startFakeSmsProvider();
    Object.assign(process.env, { WARDEN_SMS_ACCOUNT_SID: sms.accountSid, WARDEN_SMS_AUTH_TOKEN: sms.authToken, WARDEN_MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY });
    t = await createTestContext();
    base = await listen(t);
    ids = await addTravellers(t.db, [{ tag: 'amal', country: 'IQ', channels: ['email', 'sms'] }, { tag: 'bo', country: 'IQ', channels: ['email', 'sms'] }, { tag: 'cy', country: 'IQ' }]);
    alertId = (await publishViaApi(t, alertBody())).id;
    const delivery = deliveryConfigFromEnv({
      WARDEN_SMTP_HOST: smtp.host, WARDEN_SMTP_PORT: String(smtp.port), WARDEN_SMS_ACCOUNT_SID: sms.accountSid, WARDEN_SMS_AUTH_TOKEN: sms.authToken,
      WARDEN_SMS_URL: sms.url, WARDEN_SMS_FROM: '+15005550006',
    }, base);
    assert.equal(delivery.sms?.statusCallbackUrl, `${base}/api/providers/sms/status`, 'receipts come back to Warden by default');
    await drain(t, channelsFrom(delivery));
  });
  after(async () => { await t.close(); await smtp.close(); await sms.close(); process.env = saved; });

  const smsOf = (tag: string) => sms.messages.find((m) => m.to === `+4470000${String(['amal', 'bo', 'cy'].indexOf(tag)).padStart(5, '0')}`)!;
  const mailgun = (event: Record<string, unknown>, opts: { key?: string; timestamp?: number } = {}) => {
    const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const token = randomBytes(25).toString('hex');
    return fetch(`${base}/api/providers/email/mailgun`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signature: { timestamp, token, signature: signMailgun(opts.key ?? MAILGUN_KEY, timestamp, token) }, 'event-data': event }),
    });
  };
  const messageIdOf = async (tag: string) => {
    const row = (await deliveriesOf(t, alertId)).find((d) => d.traveller_id === ids.get(tag) && d.channel === 'email')!;
    return { id: row.id, header: `<${row.id}@warden.test>` };
  };

  it('a Twilio "delivered" callback marks the SMS delivered; "undelivered" bounces it with the error code', async () => {
    assert.equal(sms.messages.length, 2);
    assert.equal((await sms.sendStatus(smsOf('amal'), 'delivered')).status, 204);
    assert.equal((await sms.sendStatus(smsOf('bo'), 'undelivered', { errorCode: '30003' })).status, 204);
    assert.equal((await sms.sendStatus(smsOf('bo'), 'sent')).status, 204, 'not final: ignored');
    const rows = await deliveriesOf(t, alertId);
    const amal = rows.find((d) => d.traveller_id === ids.get('amal') && d.channel === 'sms')!;
    const bo = rows.find((d) => d.traveller_id === ids.get('bo') && d.channel === 'sms')!;
    assert.equal(amal.state, 'sent');
    assert.ok(amal.delivered_at, 'delivered_at written');
    assert.equal(bo.state, 'bounced');
    assert.equal(bo.last_error, 'SMS undelivered (error 30003)');
  });

  it('refuses a status callback with a wrong or missing signature (403) and changes nothing', async () => {
    const before = await deliveriesOf(t, alertId);
    const url = `${base}/api/providers/sms/status`;
    const form = new URLSearchParams({ MessageSid: smsOf('amal').sid, MessageStatus: 'failed' });
    assert.equal((await fetch(url, { method: 'POST', body: form, headers: { 'X-Twilio-Signature': 'forged=' } })).status, 403);
    assert.equal((await fetch(url, { method: 'POST', body: form })).status, 403);
    assert.deepEqual(await deliveriesOf(t, alertId), before);
  });

  it('a Mailgun permanent failure bounces the e-mail (reason kept); delivered marks it; a temporary failure changes nothing', async () => {
    const bo = await messageIdOf('bo');
    const amal = await messageIdOf('amal');
    const temporary = await mailgun({ event: 'failed', severity: 'temporary', message: { headers: { 'message-id': bo.header } } });
    assert.equal(temporary.status, 204);
    assert.equal((await deliveriesOf(t, alertId)).find((d) => d.id === bo.id)!.state, 'sent');
    assert.equal((await mailgun({ event: 'failed', severity: 'permanent', reason: 'bounce', 'delivery-status': { code: 550, description: '5.1.1 No such user' }, message: { headers: { 'message-id': bo.header } } })).status, 204);
    assert.equal((await mailgun({ event: 'delivered', message: { headers: { 'message-id': amal.header } } })).status, 204);
    const rows = await deliveriesOf(t, alertId);
    assert.deepEqual([rows.find((d) => d.id === bo.id)!.state, rows.find((d) => d.id === bo.id)!.last_error], ['bounced', 'bounced: 550 5.1.1 No such user']);
    assert.ok(rows.find((d) => d.id === amal.id)!.delivered_at);
  });

  it('refuses a Mailgun event signed with another key or too old (403), and answers 400 naming a malformed field', async () => {
    const cy = await messageIdOf('cy');
    const event = { event: 'failed', severity: 'permanent', message: { headers: { 'message-id': cy.header } } };
    assert.equal((await mailgun(event, { key: 'key-wrong' })).status, 403);
    assert.equal((await mailgun(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status, 403);
    const malformed = await fetch(`${base}/api/providers/email/mailgun`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'event-data': event }) });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { errors: { field: string }[] }).errors[0]!.field, 'signature');
    assert.equal((await deliveriesOf(t, alertId)).find((d) => d.id === cy.id)!.state, 'sent');
  });

  it('the board counts the person whose every delivery bounced as not reachable', async () => {
    // As an editor: exact counts (a viewer's small cells read "<5").
    const counts = (await board(t, alertId, '', 'editor')).counts;
    assert.deepEqual(counts, { safe: 0, departed: 0, need_help: 0, no_answer: 2, unreachable: 1 });
    const people = (await board(t, alertId, '', 'editor')).people!;
    assert.equal(people.find((p) => p.status === 'unreachable')!.travellerId, ids.get('bo'));
  });
});

describe('Vonage SMS behind the same channel, with signed delivery receipts', () => {
  let t: TestContext;
  let sms: FakeSmsProvider;
  let base = '';
  let alertId = '';
  const saved = { ...process.env };

  before(async () => {
    sms = await startFakeSmsProvider();
    Object.assign(process.env, { WARDEN_SMS_PROVIDER: 'vonage', WARDEN_VONAGE_API_KEY: sms.accountSid, WARDEN_VONAGE_API_SECRET: sms.authToken, WARDEN_VONAGE_SIGNATURE_SECRET: VONAGE_SIG });
    t = await createTestContext();
    base = await listen(t);
    await addTravellers(t.db, [{ tag: 'dana', country: 'IQ', channels: ['sms'] }, { tag: 'eli', country: 'IQ', channels: ['sms'] }]);
    alertId = (await publishViaApi(t, alertBody())).id;
  });
  after(async () => { await t.close(); await sms.close(); process.env = saved; });

  it('WARDEN_SMS_PROVIDER=vonage selects the Vonage channel; it sends with the delivery id as client-ref', async () => {
    const delivery = deliveryConfigFromEnv({ ...process.env, WARDEN_SMS_URL: sms.url, WARDEN_SMS_FROM: 'Warden' }, base);
    assert.equal(delivery.sms, undefined);
    const channels = channelsFrom(delivery);
    assert.ok(channels.sms instanceof VonageSmsChannel);
    await drain(t, channels);
    const rows = await deliveriesOf(t, alertId);
    assert.deepEqual(rows.map((d) => d.state), ['sent', 'sent']);
    assert.equal(sms.messages.length, 2);
    for (const m of sms.messages) {
      assert.equal(m.shape, 'vonage');
      const row = rows.find((d) => d.id === m.form['client-ref'])!;
      assert.equal(row.provider_id, m.sid);
      assert.equal(m.form.callback, `${base}/api/providers/sms/vonage`);
      assert.match(m.body, /\/c\/[A-Za-z0-9_-]{20,}/, 'the check-in link');
    }
  });

  it('classifies Vonage refusals: bad number permanent, throttling and outages transient', async () => {
    const channel = new VonageSmsChannel({ baseUrl: sms.url, apiKey: sms.accountSid, apiSecret: sms.authToken, from: 'Warden', timeoutMs: 2000 });
    const msg = { deliveryId: '00000000-0000-4000-8000-000000000001', channel: 'sms' as const, to: '+9647701234567', text: 'Test' };
    sms.failNext(1, { status: 200, vonageStatus: '6', message: 'Invalid Message' });
    assert.deepEqual(await channel.send(msg), { outcome: 'permanent', reason: 'Vonage status 6: Invalid Message' });
    sms.failNext(1, { status: 200, vonageStatus: '1', message: 'Throughput Rate Exceeded' });
    assert.deepEqual(await channel.send(msg), { outcome: 'transient', reason: 'Vonage status 1: Throughput Rate Exceeded' });
    sms.failNext(1, { status: 503 });
    assert.equal((await channel.send(msg)).outcome, 'transient');
    assert.equal((await channel.send({ ...msg, to: '0770 123' })).outcome, 'permanent');
    const wrongKey = new VonageSmsChannel({ baseUrl: sms.url, apiKey: 'nope', apiSecret: 'nope', from: 'Warden', timeoutMs: 2000 });
    assert.deepEqual(await wrongKey.send(msg), { outcome: 'transient', reason: 'Vonage status 4: Bad Credentials' });
  });

  it('signed DLRs mark delivered and bounced; forged or stale ones are refused and change nothing', async () => {
    const [first, second] = sms.messages.filter((m) => m.form['client-ref']);
    assert.equal((await sms.sendVonageReceipt(first!, 'delivered', VONAGE_SIG)).status, 204);
    assert.equal((await sms.sendVonageReceipt(second!, 'rejected', 'not-the-secret')).status, 403);
    assert.equal((await sms.sendVonageReceipt(second!, 'rejected', VONAGE_SIG, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status, 403);
    assert.equal((await deliveriesOf(t, alertId)).find((d) => d.id === second!.form['client-ref'])!.state, 'sent');
    assert.equal((await sms.sendVonageReceipt(second!, 'rejected', VONAGE_SIG, { errCode: '6' })).status, 204);
    const rows = await deliveriesOf(t, alertId);
    assert.ok(rows.find((d) => d.id === first!.form['client-ref'])!.delivered_at);
    const bounced = rows.find((d) => d.id === second!.form['client-ref'])!;
    assert.deepEqual([bounced.state, bounced.last_error], ['bounced', 'SMS rejected (error 6)']);
    assert.equal((await fetch(`${base}/api/providers/sms/status`, { method: 'POST', body: new URLSearchParams({ MessageSid: 'x' }) })).status, 503, 'Twilio receipts are off with Vonage');
  });

  it('an inbound SMS in Vonage\'s shape, correctly signed, records the answer; a wrongly signed one is refused and records nothing', async () => {
    const phone = (await t.db.query<{ value: string }>(`SELECT address AS value FROM contact_points WHERE channel = 'sms' ORDER BY address LIMIT 1`)).rows[0]!.value;
    const answers = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM checkin_history WHERE alert_id = $1', [alertId])).rows[0]!.n);
    const inbound = (text: string, secret: string) => {
      const params: Record<string, string> = { msisdn: phone.slice(1), to: '447700900999', messageId: randomBytes(8).toString('hex'), text, type: 'text',
        'message-timestamp': new Date().toISOString().slice(0, 19).replace('T', ' '), timestamp: String(Math.floor(Date.now() / 1000)), nonce: randomBytes(4).toString('hex') };
      params.sig = signVonageParams(secret, params);
      return fetch(`${base}/api/inbound/sms`, { method: 'POST', body: JSON.stringify(params), headers: { 'content-type': 'application/json' } });
    };
    const forged = await inbound('SAFE', 'not-the-secret');
    assert.equal(forged.status, 403);
    assert.equal((await forged.json() as { detail: string }).detail, 'invalid, missing or stale signature');
    assert.equal(await answers(), 0, 'nothing recorded for the forged reply');
    assert.equal((await inbound('SAFE', VONAGE_SIG)).status, 204);
    assert.equal(await answers(), 1);
  });
});

/**
 * Known answers computed with the algorithm of Vonage's own SDK (@vonage/sms verifySignature, @vonage/auth
 * createSignatureHash) for a delivery receipt as Vonage documents it; not with Warden's code.
 */
describe('Vonage signatures match Vonage\'s documented algorithm', () => {
  const secret = 'kJ8sQ2dXw9VzT4pL';
  const receipt = { msisdn: '447700900001', to: 'Warden', 'network-code': '41820', messageId: '0A0000001234567B', price: '0.03330000', status: 'delivered',
    scts: '2001031200', 'err-code': '0', 'message-timestamp': '2020-01-03 12:00:00', timestamp: '1578052800', nonce: 'a1b2c3d4-e5f6', 'client-ref': 'c0ffee00-0000-4000-8000-000000000001' };
  const at = 1578052800_000 + 60_000;
  const known: Record<VonageSignatureMethod, string> = {
    md5hash: '351d7b4f01826dc5191b1db499c47696',
    md5: '1CD37B455B7C2F61D29E95AF20107D12',
    sha1: '592484C107F05B7D14BD7C2FED2D4ADBC2CB7719',
    sha256: '2C76D6186D043F0B88DFFCFEEE534164AFADDED1861E9F99CD64D65C8F7E50AA',
    sha512: '01970A95157C8FE47F0403ED344B24C012E5342898D791C1A5DCA493142C99489FB9E9480C4219520F19F2E951DFD4C46D09D57DDDC8814CBF109AFC79373493',
  };

  for (const [method, sig] of Object.entries(known) as [VonageSignatureMethod, string][]) {
    it(`${method}: the correctly signed receipt passes, a wrongly signed one fails`, () => {
      assert.equal(verifyVonageSignature(secret, { ...receipt, sig }, method, at), true);
      assert.equal(verifyVonageSignature(secret, { ...receipt, sig: sig.toLowerCase() }, method, at), true, 'hex compared in any case');
      assert.equal(verifyVonageSignature(secret, { ...receipt, status: 'failed', sig }, method, at), false, 'a changed parameter');
      assert.equal(verifyVonageSignature('another-secret', { ...receipt, sig }, method, at), false, 'another secret');
      assert.equal(verifyVonageSignature(secret, { ...receipt, sig }, method === 'md5hash' ? 'sha256' : 'md5hash', at), false, 'another method');
      assert.equal(verifyVonageSignature(secret, { ...receipt, sig }, method, at + 3600_000), false, 'stale');
      assert.equal(verifyVonageSignature(secret, receipt, method, at), false, 'no sig');
    });
  }

  it('"&" and "=" inside values are signed as "_" (inbound text)', () => {
    const inbound = { msisdn: '447700900001', to: '447700900999', messageId: '0A0000001234567C', text: 'SAFE & sound = ok', type: 'text', keyword: 'SAFE',
      'message-timestamp': '2020-01-03 12:05:00', timestamp: '1578053100', nonce: 'f00d-1' };
    assert.equal(verifyVonageSignature(secret, { ...inbound, sig: '9ac2d5c45ce67994c0761976e962d172' }, 'md5hash', 1578053100_000), true);
    assert.equal(verifyVonageSignature(secret, { ...inbound, sig: 'ACDA093DBF2F8292ADE816D20B499C58BAED185E9C9C1F257B26E736A9384B1E' }, 'sha256', 1578053100_000), true);
  });

  it('WARDEN_VONAGE_SIGNATURE_METHOD takes the dashboard\'s names and refuses others', () => {
    const env = { WARDEN_SMS_PROVIDER: 'vonage', WARDEN_VONAGE_API_KEY: 'k' };
    assert.equal(deliveryConfigFromEnv(env, 'http://x').vonage!.signatureMethod, 'md5hash');
    assert.equal(deliveryConfigFromEnv({ ...env, WARDEN_VONAGE_SIGNATURE_METHOD: 'SHA256HMAC' }, 'http://x').vonage!.signatureMethod, 'sha256');
    assert.throws(() => deliveryConfigFromEnv({ ...env, WARDEN_VONAGE_SIGNATURE_METHOD: 'crc32' }, 'http://x'), /WARDEN_VONAGE_SIGNATURE_METHOD must be one of md5hash, md5, sha1, sha256, sha512, got "crc32"/);
  });
});
