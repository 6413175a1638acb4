/**
 * Issue 12, finding 13 in the console: an admin changes a role and disables an operator from the
 * Operators page (phone and desktop width); the disabled operator's open console stops working at once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { signInToConsole } from '../support/browser.js';
import { ensureWebBuild, operatorPassword, startWebServer, type WebServer } from '../support/web-app.js';

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

describe('console: operator lifecycle in a real browser', { timeout: 180_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  const shots = mkdtempSync(join(tmpdir(), 'warden-operators-shots-'));
  const errors: string[] = [];
  before(async () => {
    ensureWebBuild();
    server = await startWebServer({ travellers: 20 });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  });
  after(async () => { await browser?.close(); await server?.close(); });

  async function signedIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, baseURL: server.url });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signInToConsole(page, email, operatorPassword);
    return page;
  }

  it('changes a role and disables an operator; their open console is signed out on the next request', async () => {
    const duty = await signedIn('duty@ops.test');
    const admin = await signedIn('admin@ops.test');
    await admin.getByRole('link', { name: 'Operators' }).click();
    await admin.getByRole('heading', { name: 'Operators' }).waitFor();
    await admin.getByLabel('Role of viewer@ops.test').selectOption('editor');
    await admin.getByRole('status').filter({ hasText: 'viewer@ops.test is now editor' }).waitFor();
    await admin.getByTestId('operator-duty@ops.test').getByRole('button', { name: 'Disable' }).click();
    await admin.getByRole('status').filter({ hasText: 'duty@ops.test disabled: sessions ended, tokens revoked.' }).waitFor();
    // The confirmation is shown when the call returns; the row follows when the list has been fetched again.
    const state = admin.getByTestId('operator-duty@ops.test').locator('td').nth(2);
    await state.filter({ hasText: /^disabled$/ }).waitFor({ timeout: 10_000 });
    assert.equal(await state.innerText(), 'disabled');
    assert.equal(await admin.getByTestId('operator-admin@ops.test').getByRole('button').count(), 0, 'no actions on oneself');
    await admin.screenshot({ path: join(shots, 'operators-desktop.png'), fullPage: true });
    // The disabled operator's console: the next request is refused, a reload shows the sign-in form.
    await duty.reload();
    await duty.getByRole('heading', { name: 'Sign in to the Warden console' }).waitFor();
    const audit = await server.db.query<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'operator' AND action <> 'operator.create' ORDER BY seq");
    assert.deepEqual(audit.rows.map((r) => r.action), ['operator.role_change', 'operator.disable']);
    const phone = await signedIn('admin@ops.test', { width: 390, height: 844 });
    await phone.goto('/console/operators');
    await phone.getByTestId('operator-duty@ops.test').waitFor();
    await phone.getByTestId('operator-duty@ops.test').getByRole('button', { name: 'Enable' }).waitFor();
    await phone.screenshot({ path: join(shots, 'operators-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
    console.log(`screenshots in ${shots}`);
  });
});
