import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import webpush from 'web-push';
import type { OutgoingMessage } from '../../src/delivery/channels/types.js';
import { WebPushChannel, topicFor } from '../../src/delivery/channels/webpush.js';
import { renderMessage } from '../../src/delivery/messages/index.js';
import { startHttpTestServer, type HttpTestServer } from '../support/http-test-server.js';
import { createTestSubscriber } from '../support/push-subscriber.js';
import { SAMPLE_CHECKIN_URL, sampleAlert } from '../support/sample-alert.js';
import { unusedPort } from '../support/silent-tcp-server.js';

const vapid = { subject: 'mailto:ops@warden.test', ...webpush.generateVAPIDKeys() };
const subscriber = createTestSubscriber();

function pushTo(endpoint: string, deliveryId = randomUUID()): OutgoingMessage {
  const rendered = renderMessage(sampleAlert(), 'webpush');
  return {
    deliveryId,
    channel: 'webpush',
    to: JSON.stringify(subscriber.subscription(endpoint)),
    subject: rendered.subject,
    text: rendered.text,
    sms: rendered.sms,
  };
}

describe('web push channel against a local push service', () => {
  let pushService: HttpTestServer;
  const channel = new WebPushChannel({ vapid, ttlSeconds: 3600, timeoutMs: 2000, allowPrivateAddresses: true /* the push service lives on loopback */ });

  before(async () => {
    pushService = await startHttpTestServer(() => ({ status: 201, headers: { Location: '/m/msg-1' } }));
  });
  after(async () => {
    await channel.close();
    await pushService.close();
  });

  it('posts an encrypted body the subscriber can decrypt, with VAPID, TTL, urgency and topic', async () => {
    const msg = pushTo(`${pushService.url}/push/sub-1`);
    const result = await channel.send(msg);
    assert.deepEqual(result, { outcome: 'sent', providerId: '/m/msg-1' });
    const request = pushService.requests.at(-1);
    assert.ok(request);
    assert.equal(request.path, '/push/sub-1');
    assert.equal(request.headers['content-encoding'], 'aes128gcm');
    assert.equal(request.headers.ttl, '3600');
    assert.equal(request.headers.urgency, 'high');
    assert.equal(request.headers.topic, topicFor(msg.deliveryId));
    assert.match(String(request.headers.authorization), /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    assert.ok(!request.body.toString('utf8').includes('Depart'), 'body travels encrypted');
    const notification = JSON.parse(subscriber.decrypt(request.body)) as { deliveryId: string; title: string; body: string };
    assert.equal(notification.deliveryId, msg.deliveryId);
    assert.equal(notification.title, msg.subject);
    assert.ok(notification.body.includes(SAMPLE_CHECKIN_URL));
  });

  it('signs the VAPID token for the push service origin', async () => {
    await channel.send(pushTo(`${pushService.url}/push/sub-1`));
    const token = String(pushService.requests.at(-1)?.headers.authorization).match(/t=([^,]+)/)?.[1] ?? '';
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { aud: string; sub: string };
    assert.equal(claims.aud, pushService.url);
    assert.equal(claims.sub, vapid.subject);
  });

  it('treats 202 as sent', async () => {
    pushService.setHandler(() => ({ status: 202 }));
    assert.equal((await channel.send(pushTo(`${pushService.url}/p`))).outcome, 'sent');
  });

  it('reports 404 and 410 as permanent: the subscription is gone', async () => {
    for (const status of [404, 410]) {
      pushService.setHandler(() => ({ status }));
      assert.deepEqual(await channel.send(pushTo(`${pushService.url}/p`)), { outcome: 'permanent', reason: `HTTP ${status}: subscription gone` });
    }
  });

  it('reports 429 (with Retry-After) and 502 as transient, 400 and 413 as permanent', async () => {
    pushService.setHandler(() => ({ status: 429, headers: { 'Retry-After': '5' } }));
    assert.deepEqual(await channel.send(pushTo(`${pushService.url}/p`)), { outcome: 'transient', reason: 'HTTP 429', retryAfterMs: 5000 });
    const outcomes: string[] = [];
    for (const status of [502, 400, 413]) {
      pushService.setHandler(() => ({ status }));
      outcomes.push((await channel.send(pushTo(`${pushService.url}/p`))).outcome);
    }
    assert.deepEqual(outcomes, ['transient', 'permanent', 'permanent']);
  });

  it('refuses malformed subscriptions without a request', async () => {
    const before = pushService.requests.length;
    const base = pushTo(`${pushService.url}/p`);
    const bad = [
      'not json',
      JSON.stringify({ endpoint: `${pushService.url}/p` }),
      JSON.stringify({ endpoint: 'javascript:alert(1)', keys: { p256dh: 'a', auth: 'b' } }),
      JSON.stringify({ endpoint: `${pushService.url}/p`, keys: { p256dh: 'tooshort', auth: 'x' } }),
    ];
    for (const to of bad) assert.equal((await channel.send({ ...base, to })).outcome, 'permanent', to);
    assert.equal(pushService.requests.length, before);
  });

  it('reports an unreachable push service as transient', async () => {
    const result = await channel.send(pushTo(`http://127.0.0.1:${await unusedPort()}/p`));
    assert.equal(result.outcome, 'transient');
  });
});
