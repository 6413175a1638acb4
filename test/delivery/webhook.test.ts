import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { OutgoingMessage } from '../../src/delivery/channels/types.js';
import {
  WebhookChannel,
  buildSignatureHeader,
  verifyWebhookSignature,
} from '../../src/delivery/channels/webhook.js';
import { startHttpTestServer, type HttpTestServer, type RecordedRequest, type Reply } from '../support/http-test-server.js';
import { startSilentTcpServer, unusedPort } from '../support/silent-tcp-server.js';

const SECRET = 'whsec_test_4f9a';

/** A receiver as a subscriber would write it: verify first, 401 on a bad signature. */
function verifyingReceiver(reply: Reply = { status: 200 }) {
  return (request: RecordedRequest): Reply => {
    const header = request.headers['warden-signature'];
    const valid = verifyWebhookSignature(SECRET, typeof header === 'string' ? header : undefined, request.body.toString('utf8'), 300);
    return valid ? reply : { status: 401, body: 'bad signature' };
  };
}

function webhookTo(url: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    deliveryId: randomUUID(),
    channel: 'webhook',
    to: url,
    subject: 'Security Alert',
    text: 'Depart Iraq immediately.',
    payload: { alert: { headline: 'Depart Iraq immediately', checkinUrl: 'https://warden.example.org/c/abc' } },
    ...overrides,
  };
}

describe('webhook channel against a verifying receiver', () => {
  let receiver: HttpTestServer;
  const channel = new WebhookChannel({ secret: SECRET, timeoutMs: 2000, allowPrivateAddresses: true /* the receivers live on loopback */ });

  before(async () => {
    receiver = await startHttpTestServer();
  });
  beforeEach(() => receiver.setHandler(verifyingReceiver()));
  after(async () => {
    await channel.close();
    await receiver.close();
  });

  it('POSTs the JSON payload, signed, with the delivery id as Idempotency-Key', async () => {
    const msg = webhookTo(`${receiver.url}/hooks/warden`);
    const result = await channel.send(msg);
    assert.deepEqual(result, { outcome: 'sent', providerId: msg.deliveryId });
    const request = receiver.requests.at(-1);
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/hooks/warden');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['idempotency-key'], msg.deliveryId);
    assert.deepEqual(JSON.parse(request.body.toString('utf8')), msg.payload);
    assert.match(String(request.headers['warden-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('has its signature rejected by the receiver when the body is tampered with', async () => {
    await channel.send(webhookTo(`${receiver.url}/hooks/warden`));
    const original = receiver.requests.at(-1);
    assert.ok(original);
    const tampered = original.body.toString('utf8').replace('Depart Iraq immediately', 'Stay where you are');
    assert.notEqual(tampered, original.body.toString('utf8'));
    const replay = await fetch(`${receiver.url}/hooks/warden`, {
      method: 'POST',
      body: tampered,
      headers: { 'Content-Type': 'application/json', 'Warden-Signature': String(original.headers['warden-signature']) },
    });
    assert.equal(replay.status, 401);
  });

  it('reports 429 as transient and honours Retry-After in seconds (the receiver’s body is not kept)', async () => {
    receiver.setHandler(() => ({ status: 429, headers: { 'Retry-After': '30' }, body: 'slow down' }));
    const result = await channel.send(webhookTo(receiver.url));
    assert.deepEqual(result, { outcome: 'transient', reason: 'HTTP 429', retryAfterMs: 30_000 });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    receiver.setHandler(() => ({ status: 503, headers: { 'Retry-After': inTwoMinutes } }));
    const result = await channel.send(webhookTo(receiver.url));
    assert.equal(result.outcome, 'transient');
    const wait = result.outcome === 'transient' ? result.retryAfterMs ?? 0 : 0;
    assert.ok(wait > 110_000 && wait <= 120_000, `retryAfterMs ${wait}`);
  });

  it('reports 500 as transient and 400, 404, 410 as permanent', async () => {
    const outcomes: string[] = [];
    for (const status of [500, 400, 404, 410]) {
      receiver.setHandler(() => ({ status }));
      outcomes.push((await channel.send(webhookTo(receiver.url))).outcome);
    }
    assert.deepEqual(outcomes, ['transient', 'permanent', 'permanent', 'permanent']);
  });

  it('does not follow a redirect (the signed request would go to an unconfigured URL)', async () => {
    receiver.setHandler(() => ({ status: 307, headers: { Location: 'http://127.0.0.1:1/elsewhere' } }));
    const before = receiver.requests.length;
    const result = await channel.send(webhookTo(receiver.url));
    assert.equal(result.outcome, 'permanent');
    assert.equal(receiver.requests.length, before + 1);
  });

  it('refuses a non-http URL without sending', async () => {
    const result = await channel.send(webhookTo('file:///etc/passwd'));
    assert.equal(result.outcome, 'permanent');
  });
});

describe('webhook channel when the receiver is unreachable', () => {
  it('reports a refused connection as transient', async () => {
    const channel = new WebhookChannel({ secret: SECRET, timeoutMs: 2000, allowPrivateAddresses: true /* the receivers live on loopback */ });
    const result = await channel.send(webhookTo(`http://127.0.0.1:${await unusedPort()}/`));
    assert.equal(result.outcome, 'transient');
    assert.match(result.outcome === 'transient' ? result.reason : '', /ECONNREFUSED/);
  });

  it('reports a receiver that never answers as transient after the timeout', async () => {
    const silent = await startSilentTcpServer();
    try {
      const channel = new WebhookChannel({ secret: SECRET, timeoutMs: 150, allowPrivateAddresses: true /* the receivers live on loopback */ });
      const started = Date.now();
      const result = await channel.send(webhookTo(silent.url));
      assert.deepEqual(result, { outcome: 'transient', reason: 'no answer within 150 ms' });
      assert.ok(Date.now() - started < 2000);
    } finally {
      await silent.close();
    }
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"a":1}';
  const now = 1_760_000_000;

  it('accepts a fresh, correct signature', () => {
    assert.equal(verifyWebhookSignature(SECRET, buildSignatureHeader(SECRET, now, body), body, 300, now + 10), true);
  });

  it('rejects a wrong secret, a changed body, a stale timestamp and malformed headers', () => {
    const header = buildSignatureHeader(SECRET, now, body);
    assert.equal(verifyWebhookSignature('other', header, body, 300, now), false);
    assert.equal(verifyWebhookSignature(SECRET, header, '{"a":2}', 300, now), false);
    assert.equal(verifyWebhookSignature(SECRET, header, body, 300, now + 301), false);
    assert.equal(verifyWebhookSignature(SECRET, 'v1=abc', body, 300, now), false);
    assert.equal(verifyWebhookSignature(SECRET, undefined, body, 300, now), false);
  });

  it('rejects a signature moved to another timestamp', () => {
    const v1 = buildSignatureHeader(SECRET, now, body).split('v1=')[1];
    assert.equal(verifyWebhookSignature(SECRET, `t=${now + 5},v1=${v1}`, body, 300, now), false);
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const oldSig = buildSignatureHeader('old-secret', now, body).split('v1=')[1];
    const header = `${buildSignatureHeader(SECRET, now, body)},v1=${oldSig}`;
    assert.equal(verifyWebhookSignature('old-secret', header, body, 300, now), true);
    assert.equal(verifyWebhookSignature(SECRET, header, body, 300, now), true);
  });
});
