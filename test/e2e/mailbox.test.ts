/**
 * The mailbox in a real browser: the model case's alert published on the embedded default (no channel
 * configured, so the worker captures), an editor reads the captured e-mail and SMS in the console, opens
 * the check-in link from the mailbox and answers. Screenshots at desktop and phone width (temp folder,
 * or docs/screenshots with `npm run screenshots`).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { systemActor } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config.js';
import { testEnvironment } from '../support/env.js';
import { playModelCase } from '../../src/demo/model-case.js';
import { startWorker, type RunningWorker } from '../support/runtime.js';
import { alertBody, publishNow } from '../support/alert-fixtures.js';
import { ensureWebBuild, operatorPassword, startWebServer, type WebServer } from '../support/web-app.js';

const shots = process.env.WARDEN_SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'warden-shots-'));
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

describe('the mailbox in the console', { timeout: 240_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  let worker: RunningWorker;
  let captured = 0;

  before(async () => {
    ensureWebBuild();
    mkdirSync(shots, { recursive: true });
    server = await startWebServer();
    await playModelCase(server.db, systemActor('demo'));
    // The server's settings (src/http tests' web server): its secret signs the links its check-in page verifies.
    const config = { ...loadConfig(testEnvironment()), publicUrl: server.url, secret: 'e2e-secret-e2e-secret-e2e-secret-0123456' };
    worker = await startWorker({ db: server.db, config }, { escalation: false, subscriptionMail: false });
    for (let i = 0; i < 300 && !captured; i += 1) {
      const { rows } = await server.db.query<{ queued: number; captured: number }>(
        `SELECT (SELECT count(*)::int FROM deliveries WHERE state <> 'sent') AS queued, (SELECT count(*)::int FROM captured_messages) AS captured`);
      if (rows[0]!.queued === 0 && rows[0]!.captured > 0) captured = rows[0]!.captured;
      else await new Promise((r) => setTimeout(r, 100));
    }
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.close();
  });

  it('shows the captured messages, the banner, and a check-in link that works', async () => {
    assert.ok(captured > 0, 'the worker captured the alert\'s messages');
    for (const viewport of [{ width: 1280, height: 900, name: 'console-mailbox' }, { width: 390, height: 844, name: 'console-mailbox-phone' }]) {
      const context = await browser.newContext({ viewport, baseURL: server.url });
      const page = await context.newPage();
      await page.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
      await page.goto('/console');
      await page.getByLabel('E-mail').fill('duty@ops.test');
      await page.getByLabel('Password').fill(operatorPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('capture-banner').filter({ hasText: 'captured, not sent' }).waitFor();
      await page.getByRole('link', { name: 'Mailbox' }).first().click();
      await page.getByTestId('mailbox-total').filter({ hasText: `${captured} captured messages` }).waitFor();
      // An SMS: its text with segments and encoding.
      await page.getByRole('button', { name: /^sms/ }).first().click();
      await page.getByTestId('sms-segments').filter({ hasText: /^\d+ SMS segments?, (GSM-7|UCS-2)$/ }).waitFor();
      // An e-mail: rendered, with its check-in link.
      await page.getByRole('button', { name: /^email/ }).first().click();
      // Drawn and as tall as the e-mail (the check-in button, at its end, inside the frame's box).
      await page.locator('iframe.email-frame[data-fitted]').waitFor();
      const frameBox = (await page.locator('iframe.email-frame').boundingBox())!;
      const buttonBox = (await page.frameLocator('iframe.email-frame').getByRole('link', { name: /check in|safe/i }).first().boundingBox())!;
      assert.ok(buttonBox.y + buttonBox.height <= frameBox.y + frameBox.height, 'the e-mail is shown whole, its check-in button in view');
      const frameText = await page.frameLocator('iframe.email-frame').locator('body').innerText();
      assert.match(frameText, /Depart Iraq immediately/);
      const link = await page.getByTestId('checkin-link').getAttribute('href');
      assert.match(link!, new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/c/[A-Za-z0-9_-]{43}$`));
      await page.screenshot({ path: `${shots}/${viewport.name}.png`, fullPage: true });
      await context.close();
    }
  });

  it('lets a recipient answer from a link read in the mailbox', async () => {
    // A new alert, composed now (the model case's links expired with it in January 2020).
    const published = await publishNow(server.db, alertBody({ infos: [{ language: 'en', event: 'Check-in', headline: 'Tell us you are safe', description: 'Test of the mailbox.', instruction: 'Answer with the link.' }] }));
    let link: string | null = null;
    for (let i = 0; i < 200 && !link; i += 1) {
      const { rows } = await server.db.query<{ body_text: string }>(
        `SELECT m.body_text FROM captured_messages m JOIN deliveries d ON d.id::text = m.delivery_id JOIN travellers t ON t.id = d.traveller_id
          WHERE d.alert_id = $1 AND m.channel = 'email' AND t.language = 'en' LIMIT 1`, [published.alert.id]);
      link = rows[0] ? /http:\/\/127\.0\.0\.1:\d+\/c\/[A-Za-z0-9_-]{43}/.exec(rows[0].body_text)?.[0] ?? null : null;
      if (!link) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(link, 'the new alert\'s e-mail was captured with its link');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    assert.equal((await phone.goto(link!))?.status(), 200);
    await phone.getByLabel('I am safe').check();
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('status').filter({ hasText: 'your answer is recorded' }).waitFor();
    await context.close();
    const { rows } = await server.db.query<{ answer: string }>('SELECT answer FROM checkins WHERE alert_id = $1', [published.alert.id]);
    assert.deepEqual(rows, [{ answer: 'safe' }]);
  });
});
