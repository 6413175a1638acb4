/**
 * Web push end to end, in its two halves (Chromium's own push service cannot be reached from here):
 * 1. the server publishes an alert to a traveller subscribed with web push; the worker's encrypted
 *    push lands in a local RFC 8030 receiver, which decrypts it as the browser would;
 * 2. in Chromium, the app's registered service worker receives that same payload as a push event
 *    (DevTools protocol ServiceWorker.deliverPushMessage) and shows a notification carrying the
 *    check-in link, which opens the check-in page.
 * And the /me subscribe button says plainly that no push service answered.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import webpush from 'web-push';
import { systemActor } from '../../src/auth/roles.js';
import { createLoginToken } from '../../src/travellers/me.js';
import { loadConfig } from '../../src/config.js';
import { WebPushChannel } from '../../src/delivery/channels/webpush.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { startWorker } from '../support/runtime.js';
import { createTraveller } from '../../src/travellers/service.js';
import { alertBody, publishNow } from '../support/alert-fixtures.js';
import { startHttpTestServer, type HttpTestServer } from '../support/http-test-server.js';
import { createTestSubscriber } from '../support/push-subscriber.js';
import { ensureWebBuild, startWebServer, type WebServer } from '../support/web-app.js';

// The RFC 8030 receiver and the web server live on loopback: let push endpoints there pass the address guard.
process.env.WARDEN_FETCH_ALLOW_PRIVATE = '1';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const vapid = { subject: 'mailto:ops@warden.test', ...webpush.generateVAPIDKeys() };
const EMAIL = 'dana.push@example.net';

describe('web push: server to receiver, and service worker to notification', { timeout: 180_000 }, () => {
  let server: WebServer;
  let pushService: HttpTestServer;
  let browser: Browser;
  let context: BrowserContext;
  const subscriber = createTestSubscriber();
  const saved = { ...process.env };
  const shots = mkdtempSync(join(tmpdir(), 'warden-push-'));
  let payload: { title: string; body: string; checkinUrl: string; type: string };

  before(async () => {
    Object.assign(process.env, { WARDEN_VAPID_PUBLIC_KEY: vapid.publicKey, WARDEN_VAPID_PRIVATE_KEY: vapid.privateKey });
    ensureWebBuild();
    pushService = await startHttpTestServer(() => ({ status: 201, headers: { Location: '/m/1' } }));
    server = await startWebServer({ travellers: 20 });
    const actor = systemActor('test');
    await createTraveller(server.db, actor, {
      fullName: 'Dana Push', language: 'en', consent: true,
      contacts: [{ channel: 'email', address: EMAIL }, { channel: 'webpush', address: JSON.stringify(subscriber.subscription(`${pushService.url}/push/dana`)) }],
      trips: [{ countryCode: 'IQ', placeName: 'Baghdad', startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: null }],
    });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    await context.grantPermissions(['notifications'], { origin: server.url });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await pushService?.close();
    process.env = saved;
  });

  it('the public VAPID key endpoint answers the server\'s key', async () => {
    const res = await fetch(`${server.url}/api/public/webpush/key`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { publicKey: vapid.publicKey });
  });

  it('half 1: the worker\'s encrypted push reaches the RFC 8030 receiver, which decrypts the alert and its check-in link', async () => {
    await publishNow(server.db, alertBody());
    const delivery = deliveryConfigFromEnv({ WARDEN_WORKER_POLL_MS: '20', WARDEN_FETCH_ALLOW_PRIVATE: '1', WARDEN_VAPID_PUBLIC_KEY: vapid.publicKey, WARDEN_VAPID_PRIVATE_KEY: vapid.privateKey }, server.url);
    // The web server's own settings (test/support/web-app.ts): its public URL and secret key the check-in links.
    const config = { ...loadConfig({}), publicUrl: server.url, secret: 'e2e-secret-e2e-secret-e2e-secret-0123456' };
    const worker = await startWorker({ db: server.db, config },
      { delivery, channels: { webpush: new WebPushChannel(delivery.webpush!) }, escalation: false, subscriptionMail: false });
    try {
      for (let i = 0; i < 200 && !pushService.requests.length; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
    const request = pushService.requests.at(-1);
    assert.ok(request, 'the push service received the push');
    assert.equal(request.path, '/push/dana');
    assert.equal(request.headers['content-encoding'], 'aes128gcm');
    assert.match(String(request.headers.authorization), /^vapid t=.+, k=/);
    payload = JSON.parse(subscriber.decrypt(request.body));
    assert.equal(payload.type, 'warden.alert');
    assert.match(payload.title, /Depart Iraq immediately/);
    assert.ok(payload.checkinUrl.startsWith(`${server.url}/c/`), payload.checkinUrl);
  });

  it('half 2: the registered service worker shows that push as a notification with its check-in link', async () => {
    assert.ok(payload, 'half 1 ran');
    const page = await context.newPage();
    await page.goto('/me');
    await page.evaluate(async () => { await navigator.serviceWorker.register('/sw.js'); await navigator.serviceWorker.ready; });
    const cdp = await context.newCDPSession(page);
    // Wait until the registration's worker is activated: a push delivered to a version still installing is dropped.
    const registrationId = await new Promise<string>((resolve) => {
      const scoped = new Set<string>();
      const activated = new Set<string>();
      const settle = () => { for (const id of scoped) if (activated.has(id)) resolve(id); };
      cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
        for (const r of event.registrations) if (r.scopeURL === `${server.url}/` && !r.isDeleted) scoped.add(r.registrationId);
        settle();
      });
      cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { registrationId: string; status: string }[] }) => {
        for (const v of event.versions) if (v.status === 'activated') activated.add(v.registrationId);
        settle();
      });
      void cdp.send('ServiceWorker.enable');
    });
    // The DevTools push reaches a worker the browser may be stopping or starting on a loaded machine, and is then
    // lost without an error; deliver again until it is shown. The notification's tag is the alert, so a repeat
    // replaces it rather than adding a second one — which the assertion below checks.
    let shown: { title: string; body: string; url: string }[] = [];
    for (let attempt = 0; attempt < 4 && !shown.length; attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(payload) });
      shown = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        for (let i = 0; i < 50; i++) {
          const list = await registration.getNotifications();
          if (list.length) return list.map((n) => ({ title: n.title, body: n.body, url: (n.data as { url: string }).url }));
          await new Promise((r) => setTimeout(r, 100));
        }
        return [];
      });
    }
    assert.deepEqual(shown, [{ title: payload.title, body: payload.body, url: payload.checkinUrl }]);
    const checkin = await page.goto(shown[0]!.url);
    assert.equal(checkin?.status(), 200, 'the notification\'s link opens the check-in page');
    assert.match(await page.content(), /I am safe/);
    await page.close();
  });

  it('the /me button says plainly when no push service answers, and adds nothing', async () => {
    const login = await createLoginToken(server.db, EMAIL, 15);
    assert.ok(login);
    for (const width of [390, 1280]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto(width === 390 ? `/me?token=${login.token}` : '/me');
      if (width === 1280) {
        const again = await createLoginToken(server.db, EMAIL, 15);
        await page.goto(`/me?token=${again!.token}`);
      }
      await page.getByRole('button', { name: 'Get alerts as notifications' }).click();
      const alert = page.getByRole('alert').filter({ hasText: /push service/ });
      await alert.waitFor({ timeout: 25_000 });
      assert.match(await alert.innerText(), /^The browser’s push service (did not answer|refused: .+)\. We will keep using your e-mail and phone\.$/);
      await page.screenshot({ path: join(shots, `me-push-${width}.png`), fullPage: true });
      await page.close();
    }
    const { rows } = await server.db.query(`SELECT 1 FROM contact_points c JOIN contact_points e ON e.traveller_id = c.traveller_id AND e.address = $1 WHERE c.channel = 'webpush'`, [EMAIL]);
    assert.equal(rows.length, 1, 'only the subscription Dana already had');
    process.stdout.write(`# screenshots: ${shots}\n`);
  });
});
