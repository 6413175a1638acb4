/**
 * Standard Webhooks headers beside Warden-Signature: a receiver using the standardwebhooks library
 * accepts Warden's requests, and the signature is the spec's HMAC computed by hand too.
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { WebhookChannel, verifyWebhookSignature } from '../../src/delivery/channels/webhook.js';
import { startHttpTestServer, type HttpTestServer, type RecordedRequest } from '../support/http-test-server.js';

const SECRET = 'whsec-warden-test-secret-0123456789';

describe('Standard Webhooks headers', () => {
  let receiver: HttpTestServer;
  const channel = new WebhookChannel({ secret: SECRET, timeoutMs: 2000, allowPrivateAddresses: true /* the receiver lives on loopback */ });
  const receiverLibrary = new Webhook(SECRET, { format: 'raw' });
  const headersOf = (r: RecordedRequest) => Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));

  before(async () => {
    receiver = await startHttpTestServer();
    // The receiver a subscriber writes with the library: verify, else 401.
    receiver.setHandler((request) => {
      try {
        receiverLibrary.verify(request.body.toString('utf8'), headersOf(request));
        return { status: 204 };
      } catch {
        return { status: 401, body: 'bad signature' };
      }
    });
  });
  after(async () => { await channel.close(); await receiver.close(); });

  it('sends webhook-id (the delivery id), webhook-timestamp and a v1 signature that the library and the spec accept', async () => {
    const deliveryId = randomUUID();
    const result = await channel.send({ deliveryId, channel: 'webhook', to: `${receiver.url}/hooks`, text: 'Depart Iraq immediately.', payload: { alert: { headline: 'Depart Iraq immediately' } } });
    assert.deepEqual(result, { outcome: 'sent', providerId: deliveryId });
    const request = receiver.requests.at(-1)!;
    const body = request.body.toString('utf8');
    assert.equal(request.headers['webhook-id'], deliveryId);
    const timestamp = String(request.headers['webhook-timestamp']);
    assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 60);
    const expected = createHmac('sha256', Buffer.from(SECRET)).update(`${deliveryId}.${timestamp}.${body}`).digest('base64');
    assert.equal(request.headers['webhook-signature'], `v1,${expected}`);
    assert.ok(verifyWebhookSignature(SECRET, String(request.headers['warden-signature']), body), 'Warden-Signature still there and valid');
  });

  it('a tampered body fails the library\'s verification', async () => {
    await channel.send({ deliveryId: randomUUID(), channel: 'webhook', to: `${receiver.url}/hooks`, text: 'x', payload: { alert: { headline: 'Depart Iraq immediately' } } });
    const original = receiver.requests.at(-1)!;
    const tampered = original.body.toString('utf8').replace('Depart', 'Stay in');
    assert.throws(() => receiverLibrary.verify(tampered, headersOf(original)), /No matching signature found/);
  });
});
