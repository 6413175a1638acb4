import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  SmsChannel,
  parseInboundSms,
  signInboundSms,
  verifyInboundSmsSignature,
  type SmsConfig,
} from '../../src/delivery/channels/sms.js';
import type { OutgoingMessage } from '../../src/delivery/channels/types.js';
import { renderMessage } from '../../src/delivery/messages/index.js';
import { startFakeSmsProvider, type FakeSmsProvider } from '../support/fake-sms-provider.js';
import { startHttpTestServer } from '../support/http-test-server.js';
import { SAMPLE_CHECKIN_URL, sampleAlert } from '../support/sample-alert.js';
import { unusedPort } from '../support/silent-tcp-server.js';

function smsTo(to: string, deliveryId = randomUUID()): OutgoingMessage {
  const rendered = renderMessage(sampleAlert(), 'sms');
  return { deliveryId, channel: 'sms', to, text: rendered.text, sms: rendered.sms };
}

describe('SMS channel against the fake provider', () => {
  let provider: FakeSmsProvider;
  let channel: SmsChannel;
  let config: SmsConfig;

  before(async () => {
    provider = await startFakeSmsProvider();
    config = { baseUrl: provider.url, accountSid: provider.accountSid, authToken: provider.authToken, from: '+15005550006', timeoutMs: 2000 };
    channel = new SmsChannel(config);
  });
  after(async () => {
    await channel.close();
    await provider.close();
  });

  it('sends the short form with the check-in link and returns the provider sid', async () => {
    const msg = smsTo('+9647701234567');
    const result = await channel.send(msg);
    const recorded = provider.messages.at(-1);
    assert.ok(recorded);
    assert.deepEqual(result, { outcome: 'sent', providerId: recorded.sid });
    assert.match(recorded.sid, /^SM[0-9a-f]{32}$/);
    assert.equal(recorded.to, '+9647701234567');
    assert.equal(recorded.from, '+15005550006');
    assert.equal(recorded.body, msg.sms);
    assert.ok(recorded.body.includes(SAMPLE_CHECKIN_URL));
    assert.equal(recorded.idempotencyKey, msg.deliveryId);
  });

  it('reports 429 as transient, honouring Retry-After, then sends', async () => {
    provider.failNext(1, { status: 429, retryAfter: '2' });
    const throttled = await channel.send(smsTo('+9647701234567'));
    assert.deepEqual(throttled, { outcome: 'transient', reason: 'HTTP 429: 20429 Too Many Requests', retryAfterMs: 2000 });
    assert.equal((await channel.send(smsTo('+9647701234567'))).outcome, 'sent');
  });

  it('reports 503 as transient', async () => {
    provider.failNext(1, { status: 503, code: 20503, message: 'Service unavailable' });
    assert.equal((await channel.send(smsTo('+9647701234567'))).outcome, 'transient');
  });

  it('reports 400 (invalid number per the provider) as permanent with its code and message', async () => {
    provider.failNext(1, { status: 400, code: 21211, message: "The 'To' number +96400 is not a valid phone number." });
    const result = await channel.send(smsTo('+9647701234567'));
    assert.deepEqual(result, {
      outcome: 'permanent',
      reason: "HTTP 400: 21211 The 'To' number +96400 is not a valid phone number.",
    });
  });

  it('refuses a number that is not E.164 without calling the provider', async () => {
    const before = provider.requestCount;
    const result = await channel.send(smsTo('0770 123 4567'));
    assert.equal(result.outcome, 'permanent');
    assert.equal(provider.requestCount, before);
  });

  it('reports refused credentials (401) as transient: our configuration, not the number', async () => {
    const wrong = new SmsChannel({ ...config, authToken: 'wrong' });
    const result = await wrong.send(smsTo('+9647701234567'));
    assert.equal(result.outcome, 'transient');
    assert.match(result.outcome === 'transient' ? result.reason : '', /HTTP 401.*20003/);
  });
});

describe('SMS channel when the provider is unreachable', () => {
  it('reports a refused connection as transient', async () => {
    const channel = new SmsChannel({ baseUrl: `http://127.0.0.1:${await unusedPort()}`, accountSid: 'AC1', authToken: 't', from: '+15005550006', timeoutMs: 1000 });
    assert.equal((await channel.send(smsTo('+9647701234567'))).outcome, 'transient');
  });
});

describe('inbound SMS', () => {
  it('parses the provider webhook form posted by the fake provider and verifies its signature', async () => {
    const provider = await startFakeSmsProvider();
    const app = await startHttpTestServer();
    try {
      const webhookUrl = `${app.url}/sms/inbound`;
      const response = await provider.sendInbound(webhookUrl, { from: '+9647701234567', to: '+15005550006', body: 'SAFE' });
      assert.equal(response.status, 200);
      const request = app.requests.at(-1);
      assert.ok(request);
      const form = new URLSearchParams(request.body.toString('utf8'));
      const inbound = parseInboundSms(form);
      assert.ok(inbound);
      assert.equal(inbound.from, '+9647701234567');
      assert.equal(inbound.to, '+15005550006');
      assert.equal(inbound.body, 'SAFE');
      assert.match(inbound.messageSid, /^SM[0-9a-f]{32}$/);
      const fields = Object.fromEntries(form);
      const signature = String(request.headers['x-twilio-signature']);
      assert.equal(verifyInboundSmsSignature(provider.authToken, webhookUrl, fields, signature), true);
      assert.equal(verifyInboundSmsSignature(provider.authToken, webhookUrl, { ...fields, Body: 'NEED HELP' }, signature), false);
    } finally {
      await app.close();
      await provider.close();
    }
  });

  it('accepts a plain object form and rejects one without sender or sid', () => {
    assert.deepEqual(parseInboundSms({ From: '+331', To: '+332', Body: ['Hello', 'dup'], MessageSid: 'SM1' }), {
      from: '+331',
      to: '+332',
      body: 'Hello',
      messageSid: 'SM1',
    });
    assert.equal(parseInboundSms({ To: '+332', Body: 'x', MessageSid: 'SM1' }), undefined);
    assert.equal(parseInboundSms(new URLSearchParams({ From: '+331', To: '+332', Body: 'x' })), undefined);
  });

  it('signs with the documented scheme: URL followed by sorted name+value pairs', () => {
    // Computed independently: base64(HMAC-SHA1("tok", "https://x/y" + "Aa" + "Bb")).
    const expected = 'DrqnfwPb0a9/fyJ8J9nKlO5+BZo=';
    assert.equal(signInboundSms('tok', 'https://x/y', { B: 'b', A: 'a' }), expected);
  });
});
