import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebBuild, operatorPassword, startWebServer, type WebServer } from '../support/web-app.js';

const shots = 'docs/screenshots';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

describe('web: public site and operator console in a real browser', { timeout: 180_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Loopback only: any request elsewhere fails the test.
    await page.route((url) => url.hostname !== '127.0.0.1', (route) => { pageErrors.push(`external request ${route.request().url()}`); return route.abort(); });
    return page;
  }

  async function signIn(page: Page, email: string) {
    await page.goto('/console');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(operatorPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  before(async () => {
    ensureWebBuild();
    mkdirSync(shots, { recursive: true });
    server = await startWebServer();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('colours Iraq at level 4 on the offline world map and links it to its page', async () => {
    const page = await newPage();
    await page.goto('/');
    const iraq = page.locator('path[data-cc="IQ"]');
    await iraq.waitFor();
    assert.equal(await iraq.getAttribute('data-level'), '4');
    assert.equal(await iraq.getAttribute('fill'), '#b3161b');
    assert.equal(await page.locator('path[data-cc="KW"]').getAttribute('data-level'), '1');
    assert.equal(await page.locator('path[data-cc="FR"]').getAttribute('data-level'), '0', 'a country without an advisory is not coloured');
    assert.ok(await page.locator('path.country').count() > 150, 'the whole world is drawn');
    await page.getByRole('link', { name: /Iraq.*Do not travel/ }).first().waitFor();
    await page.screenshot({ path: `${shots}/public-map.png`, fullPage: true });

    await page.locator('svg a[href="/country/iq"]').click();
    await page.getByRole('heading', { level: 1, name: 'Iraq' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/country/iq');
  });

  it("shows the country page with the level, the exception and the embassy's suspension, readable on a phone", async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto('/country/iq');
    await page.getByTestId('level').waitFor();
    assert.match(await page.getByTestId('level').innerText(), /Level 4\s+Do not travel/);
    const embassy = page.getByTestId('post-embassy-baghdad').first();
    assert.match(await embassy.innerText(), /Operations suspended/);
    assert.match(await embassy.innerText(), /public consular operations are suspended until further notice\. Do not approach the Embassy\./);
    assert.match(await page.locator('.exceptions').innerText(), /Kurdistan/);
    assert.ok(await page.locator('svg path[data-cc="IQ"].focused').count() === 1, 'the map is zoomed on Iraq');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling on a phone (page is ${width}px wide)`);
    await page.screenshot({ path: `${shots}/public-country-phone.png`, fullPage: true });
  });

  it('refuses a wrong password and signs an operator in to the dashboard', async () => {
    const page = await newPage();
    await page.goto('/console');
    await page.getByLabel('E-mail').fill('duty@ops.test');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password' }).waitFor();
    await signIn(page, 'duty@ops.test');
    assert.equal(await page.getByTestId('operator').innerText(), 'duty@ops.test');
    await page.getByText('countries at level 4').waitFor();
    await page.screenshot({ path: `${shots}/console-dashboard.png`, fullPage: true });
  });

  it('edits an advisory and shows the diff against the published version', async () => {
    const page = await newPage();
    await signIn(page, 'duty@ops.test');
    await page.goto('/console/advisories/jo');
    await page.getByLabel('Title').waitFor();
    await page.waitForFunction(() => (document.querySelector('input[name="level"]:checked') as HTMLInputElement | null)?.value === '2');
    await page.getByLabel('Summary').fill('Reconsider travel to Jordan due to terrorism and regional tension.');
    await page.getByRole('radio', { name: 'Reconsider travel' }).check();
    const diff = page.getByTestId('advisory-diff');
    await diff.locator('ins', { hasText: 'Reconsider' }).first().waitFor();
    assert.ok(await diff.locator('del', { hasText: 'Exercise' }).count() >= 1, 'removed words are struck out');
    await page.getByRole('button', { name: 'Save and submit for approval' }).click();
    await page.getByRole('status').filter({ hasText: 'submitted for approval' }).waitFor();
    await page.screenshot({ path: `${shots}/console-advisory-editor.png`, fullPage: true });
  });

  it('composes the Baghdad alert, counts its recipients, and a second operator approves it', async () => {
    const duty = await newPage();
    await signIn(duty, 'duty@ops.test');
    await duty.goto('/console/alerts/new');
    await duty.getByLabel('Event').fill('Airstrike');
    await duty.getByLabel('Headline').fill('Depart Iraq immediately');
    await duty.getByLabel('What happened').fill('An airstrike hit Baghdad International Airport. Tensions are high across Iraq.');
    await duty.getByLabel(/What to do/).fill('Depart Iraq immediately. Do not approach the Embassy.');
    await duty.getByLabel('Add a city').fill('Baghdad');
    await duty.getByRole('button', { name: /^Baghdad, IQ/ }).first().click();
    const count = duty.getByTestId('recipient-count');
    await count.filter({ hasText: /\d+ people/ }).waitFor();
    const people = Number(/([\d,]+) people/.exec(await count.innerText())![1]!.replace(/,/g, ''));
    assert.ok(people > 0, 'travellers in Baghdad are counted');
    assert.match(await count.innerText(), /by e-mail|by SMS/);
    assert.ok(await duty.locator('svg path.area').count() >= 1, 'the area is drawn on the map');
    await duty.screenshot({ path: `${shots}/console-alert-composer.png`, fullPage: true });

    await duty.getByRole('button', { name: 'Submit for approval' }).click();
    await duty.getByTestId('alert-state').filter({ hasText: 'pending approval' }).waitFor();
    await duty.getByTestId('dry-run').waitFor();
    assert.match(await duty.getByTestId('dry-run').innerText(), new RegExp(`${people} people`));
    assert.equal(await duty.getByRole('button', { name: 'Approve and publish' }).count(), 0, 'an editor cannot approve');
    const alertPath = new URL(duty.url()).pathname;

    const chief = await newPage();
    await signIn(chief, 'chief@ops.test');
    await chief.getByRole('link', { name: 'Approvals' }).click();
    await chief.getByRole('heading', { name: 'Approval queue' }).waitFor();
    await chief.getByRole('link', { name: 'Depart Iraq immediately' }).click();
    assert.equal(new URL(chief.url()).pathname, alertPath);
    await chief.screenshot({ path: `${shots}/console-approval.png`, fullPage: true });
    await chief.getByRole('button', { name: 'Approve and publish' }).click();
    await chief.getByRole('status').filter({ hasText: /Published: \d+ messages queued/ }).waitFor();
    await chief.getByTestId('alert-state').filter({ hasText: 'published' }).waitFor();
    const progress = chief.getByTestId('progress');
    await progress.waitFor();
    assert.match(await progress.innerText(), new RegExp(`to ${people} people`));
    await chief.screenshot({ path: `${shots}/console-alert-progress.png`, fullPage: true });

    // The public site lists the published alert.
    const visitor = await newPage();
    await visitor.goto('/alerts');
    await visitor.getByRole('link', { name: 'Depart Iraq immediately' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Depart Iraq immediately' }).waitFor();
    assert.match(await visitor.locator('.instruction').innerText(), /Do not approach the Embassy/);
  });

  it('raised no script errors and made no request off this machine', () => {
    assert.deepEqual(pageErrors, []);
  });
});
