/**
 * Finding 2 of the red-team pass: contact points a traveller controls (webhook URLs, web-push endpoints)
 * made the worker call loopback services and store their answers. One guard (src/net/) now serves
 * intake and delivery: public addresses only, checked when sending on the address connected to; such
 * URLs are refused at input with 422; no receiver's body is ever stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import webpush from 'web-push';
import { createLoginToken } from '../../src/travellers/me.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { startWorker } from '../support/runtime.js';
import { fetchBounded } from '../../src/intake/bounded-fetch.js';
import { classifyGuardedFetchError } from '../../src/delivery/channels/http-outcome.js';
import { addressRefusalIn, isPublicAddress, urlProblem } from '../../src/net/address-guard.js';
import { guardedFetch } from '../../src/net/guarded-fetch.js';
import { addTravellers, alertBody, publishNow } from '../support/alert-fixtures.js';
import { backend, countRows } from '../support/db.js';
import { startHttpTestServer, type HttpTestServer } from '../support/http-test-server.js';
import { createTestSubscriber } from '../support/push-subscriber.js';
import { createSecurityContext, type SecurityContext } from './context.js';

/** Every way of writing a non-public address that we know of; each must be refused. */
const inwardUrls = [
  'http://127.0.0.1/', 'http://127.1/', 'http://0x7f.1/', 'http://0x7f000001/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://017700000001/',
  'http://[::1]/', 'http://[::]/', 'http://0.0.0.0/', 'http://0/', 'http://[::127.0.0.1]/', 'http://[::7f00:1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/', 'http://[::ffff:0:127.0.0.1]/', 'http://[64:ff9b::127.0.0.1]/', 'http://[2002:7f00:1::]/', 'http://[2001::1]/',
  'http://[fe80::1]/', 'http://[fc00::1]/', 'http://[fd12:3456::1]/', 'http://[ff02::1]/', 'http://[::ffff:169.254.169.254]/', 'http://[::a9fe:a9fe]/',
  'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://100.64.0.1/', 'http://198.18.0.1/',
  'http://192.0.0.1/', 'http://192.0.2.1/', 'http://224.0.0.1/', 'http://240.0.0.1/', 'http://255.255.255.255/', 'http://[2001:db8::1]/',
  'http://localhost/', 'http://localhost./', 'http://LOCALHOST:8080/', 'http://api.localhost/', 'http://metadata/', 'http://metadata.google.internal/',
  'http://printer.local/', 'http://router.home.arpa/',
];

describe('the address guard (src/net/address-guard.ts)', () => {
  it('refuses every inward form of an address, IPv4 forms the URL parser normalises and IPv6 forms that embed IPv4 included', () => {
    const passed = inwardUrls.filter((url) => urlProblem(url) === undefined);
    assert.deepEqual(passed, []);
  });

  it('accepts public addresses and names, and only https for web push', () => {
    for (const url of ['https://hooks.example.org/warden', 'http://8.8.8.8/', 'https://[2606:4700:4700::1111]/', 'https://[::ffff:8.8.8.8]/', 'https://fcm.googleapis.com/fcm/send/x']) {
      assert.equal(urlProblem(url), undefined, url);
    }
    assert.equal(urlProblem('http://fcm.googleapis.com/x', { httpsOnly: true }), 'must be an https URL');
    assert.equal(urlProblem('ftp://example.org/'), 'must be an http(s) URL');
    assert.equal(urlProblem('https://user:pw@example.org/'), 'must not carry a user name or password');
    assert.equal(urlProblem('http://127.0.0.1/', { allowPrivate: true }), undefined, 'WARDEN_FETCH_ALLOW_PRIVATE lifts the address rule');
  });

  it('classifies resolved addresses by an allow-list', () => {
    assert.deepEqual(['8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'].map(isPublicAddress), [true, true, true]);
    assert.deepEqual(['127.0.0.1', '::7f00:1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:a00:1::', 'fe80::1', '::', 'not-an-ip'].map(isPublicAddress),
      [false, false, false, false, false, false, false, false]);
  });

  it('intake: [::127.0.0.1] and friends are refused before any request reaches the loopback server', async () => {
    const server = await startHttpTestServer(() => ({ status: 200, body: 'internal' }));
    try {
      const port = new URL(server.url).port;
      for (const host of ['[::127.0.0.1]', '[::ffff:127.0.0.1]', '0x7f.1', 'localhost']) {
        await assert.rejects(fetchBounded(`http://${host}:${port}/feed`, undefined, undefined, false), /resolves to a private or loopback address \(.+\); refused/, host);
      }
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

describe(`delivery to contact points travellers control (${backend})`, () => {
  let t: SecurityContext;
  let inward: HttpTestServer;
  const vapid = { subject: 'mailto:ops@warden.test', ...webpush.generateVAPIDKeys() };
  const subscriber = createTestSubscriber();
  const deliverySettings = (extra: Record<string, string> = {}) => deliveryConfigFromEnv({
    WARDEN_WEBHOOK_SECRET: 'ssrf-webhook-secret', WARDEN_VAPID_PUBLIC_KEY: vapid.publicKey, WARDEN_VAPID_PRIVATE_KEY: vapid.privateKey,
    WARDEN_WORKER_POLL_MS: '20', WARDEN_RETRY_MAX_ATTEMPTS: '1', ...extra,
  });

  before(async () => {
    t = await createSecurityContext();
    inward = await startHttpTestServer(() => ({ status: 500, body: 'internal secret: db password hunter2' }));
  });
  after(async () => { await inward.close(); await t.close(); });

  async function deliverAll(alertId: string, extraEnv: Record<string, string> = {}) {
    const worker = await startWorker({ db: t.db, config: t.config }, { delivery: deliverySettings(extraEnv), escalation: false, subscriptionMail: false });
    try {
      for (let i = 0; i < 200; i += 1) {
        const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND state IN ('queued', 'sending')`, [alertId]);
        if (rows[0]!.n === 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.fail('the worker did not finish the deliveries');
    } finally {
      await worker.stop();
    }
  }

  it('refuses loopback webhook and push endpoints at input with 422 naming the field, and writes nothing', async () => {
    const ids = await addTravellers(t.db, [{ tag: 'self', country: 'JO' }]);
    const login = await createLoginToken(t.db, 'self@t.test', 15);
    const session = await t.request('GET', `/api/me/session?token=${login!.token}`);
    assert.equal(session.statusCode, 200, session.body);
    const cookie = `warden_traveller=${session.cookies.find((c) => c.name === 'warden_traveller')!.value}`;
    const before = await countRows(t.db, ['contact_points', 'audit_log']);
    const put = (contacts: unknown) => t.request('PUT', '/api/me/contacts', { headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ contacts }) });
    const email = { channel: 'email', address: 'self@t.test' };
    const hook = await put([email, { channel: 'webhook', address: `${inward.url}/secret` }]);
    assert.equal(hook.statusCode, 422, hook.body);
    assert.deepEqual(hook.json().errors, [{ field: 'contacts[1].address', message: 'must be a public address (not loopback, private or reserved)' }]);
    const mapped = await put([email, { channel: 'webhook', address: 'http://[::127.0.0.1]:8080/secret' }]);
    assert.deepEqual(mapped.json().errors, [{ field: 'contacts[1].address', message: 'must be a public address (not loopback, private or reserved)' }]);
    const push = await put([email, { channel: 'webpush', address: JSON.stringify(subscriber.subscription(`${inward.url}/push`)) }]);
    assert.equal(push.statusCode, 422, push.body);
    assert.deepEqual(push.json().errors, [{ field: 'contacts[1].address', message: 'endpoint must be an https URL' }]);
    const plainPush = await put([email, { channel: 'webpush', address: JSON.stringify(subscriber.subscription('http://push.example.org/x')) }]);
    assert.deepEqual(plainPush.json().errors, [{ field: 'contacts[1].address', message: 'endpoint must be an https URL' }]);
    const byEditor = await t.request('POST', '/api/travellers', { as: 'editor', body: {
      fullName: 'Hook Person', consent: true, contacts: [{ channel: 'webhook', address: 'http://169.254.169.254/latest/meta-data/' }] } });
    assert.equal(byEditor.statusCode, 422, byEditor.body);
    assert.deepEqual(byEditor.json().errors, [{ field: 'contacts[0].address', message: 'must be a public address (not loopback, private or reserved)' }]);
    assert.deepEqual(await countRows(t.db, ['contact_points', 'audit_log']), before);
    assert.equal(inward.requests.length, 0);
    const ok = await put([email, { channel: 'webhook', address: 'https://hooks.example.org/warden' }]);
    assert.equal(ok.statusCode, 200, ok.body);
    await t.db.query('DELETE FROM contact_points WHERE traveller_id = $1', [ids.get('self')!]);
  });

  it('checks again when sending: stored inward endpoints are never called, and fail permanently', async () => {
    // Rows written before this check existed (or by hand): a name that resolves to loopback, a mapped literal, a push endpoint.
    const ids = await addTravellers(t.db, [{ tag: 'hooked', country: 'IQ', channels: [] }]);
    const port = new URL(inward.url).port;
    await t.db.query(`INSERT INTO contact_points (traveller_id, channel, address) VALUES ($1, 'webhook', $2), ($1, 'webpush', $3)`,
      [ids.get('hooked')!, `http://localhost:${port}/secret`, JSON.stringify(subscriber.subscription(`https://[::ffff:127.0.0.1]:${port}/push`))]);
    const { alert } = await publishNow(t.db, alertBody({ area: { countries: ['IQ'] } }));
    await deliverAll(alert.id);
    assert.equal(inward.requests.length, 0, 'nothing reached the loopback server');
    const listed = await t.request('GET', `/api/alerts/${alert.id}/deliveries`, { as: 'editor' });
    const rows = (listed.json().items as { channel: string; state: string; lastError: string }[]).map((d) => [d.channel, d.state, d.lastError]).sort();
    assert.deepEqual(rows, [['webhook', 'failed', 'the webhook URL must be a public host name'],
      ['webpush', 'failed', 'the push endpoint must be a public address (not loopback, private or reserved)']]);
  });

  it('checks the address it connects to, not the name: a name resolving to loopback is refused at connection time', async () => {
    // guardedFetch has no text rule: what refuses here is the connector's own lookup, whose checked address is the one dialled.
    const port = new URL(inward.url).port;
    for (const url of [`http://localhost:${port}/secret`, `http://[::ffff:7f00:1]:${port}/secret`]) {
      const error = await guardedFetch(url, { method: 'POST', body: '{}' }, { allowPrivate: false }).then(() => null, (e: unknown) => e);
      assert.ok(addressRefusalIn(error), `${url}: ${String(error)}`);
      assert.deepEqual(classifyGuardedFetchError(error, 1000), { outcome: 'permanent', reason: 'refused: the address is not a public one' });
    }
    assert.equal(inward.requests.length, 0);
  });

  it('never stores what a receiver answered, even where private addresses are allowed (tests: WARDEN_FETCH_ALLOW_PRIVATE=1)', async () => {
    const ids = await addTravellers(t.db, [{ tag: 'tested', country: 'SY', channels: [] }]);
    await t.db.query(`INSERT INTO contact_points (traveller_id, channel, address) VALUES ($1, 'webhook', $2), ($1, 'webpush', $3)`,
      [ids.get('tested')!, `${inward.url}/hook`, JSON.stringify(subscriber.subscription(`${inward.url}/push`))]);
    const { alert } = await publishNow(t.db, alertBody({ area: { countries: ['SY'] } }));
    inward.setHandler(() => ({ status: 400, body: 'internal secret: db password hunter2' }));
    await deliverAll(alert.id, { WARDEN_FETCH_ALLOW_PRIVATE: '1' });
    assert.equal(inward.requests.length, 2, 'with the test setting both were called');
    const listed = await t.request('GET', `/api/alerts/${alert.id}/deliveries`, { as: 'editor' });
    assert.doesNotMatch(listed.body, /hunter2|internal secret/);
    const rows = (listed.json().items as { channel: string; state: string; lastError: string }[]).map((d) => [d.channel, d.state, d.lastError]).sort();
    assert.deepEqual(rows, [['webhook', 'failed', 'HTTP 400'], ['webpush', 'failed', 'HTTP 400']]);
  });
});
