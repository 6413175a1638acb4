import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createLoginToken } from '../../src/travellers/me.js';
import { assertAccessible, chromiumArgs, chromiumPath, loopbackPage, signInToConsole } from '../support/browser.js';
import { ensureWebBuild, operatorPassword } from '../support/web-app.js';
import { startDeliveringWebServer, startTestOutbox, type DeliveringWebServer, type TestOutbox } from '../support/web-outbox.js';

/** Screenshots go to a temporary folder; `npm run screenshots` points this at docs/screenshots to refresh the README's pictures. */
const shots = process.env.WARDEN_SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'warden-shots-'));

describe('web: public site and operator console in a real browser', { timeout: 180_000 }, () => {
  let server: DeliveringWebServer;
  let outbox: TestOutbox | null = null;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = (viewport = { width: 1280, height: 900 }) => loopbackPage({ browser, baseURL: server.url, contexts, pageErrors }, viewport);

  const signIn = (page: Page, email: string) => signInToConsole(page, email, operatorPassword);

  before(async () => {
    ensureWebBuild();
    mkdirSync(shots, { recursive: true });
    server = await startDeliveringWebServer();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await outbox?.stop();
    await server?.close();
  });

  it('colours Iraq at level 4 on the offline world map and links it to its page', async () => {
    const page = await newPage();
    await page.goto('/');
    const iraq = page.locator('path[data-cc="IQ"]');
    // Shapes and advisories arrive separately: the shape may be drawn before its level is known.
    await page.locator('path[data-cc="IQ"][data-level="4"]').waitFor();
    assert.equal(await iraq.getAttribute('data-level'), '4');
    assert.equal(await iraq.getAttribute('fill'), '#b3161b');
    assert.equal(await page.locator('path[data-cc="KW"]').getAttribute('data-level'), '1');
    assert.equal(await page.locator('path[data-cc="FR"]').getAttribute('data-level'), '0', 'a country without an advisory is not coloured');
    assert.ok(await page.locator('path.country').count() > 150, 'the whole world is drawn');
    await page.getByRole('link', { name: /Iraq.*Do not travel/ }).first().waitFor();
    await page.screenshot({ path: `${shots}/public-map.png`, fullPage: true });
    await assertAccessible(page, 'public map');

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
    // The map's shapes arrive in their own chunk, after the text: wait for them before counting.
    await page.locator('svg path[data-cc="IQ"].focused').first().waitFor();
    assert.ok(await page.locator('svg path[data-cc="IQ"].focused').count() === 1, 'the map is zoomed on Iraq');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling on a phone (page is ${width}px wide)`);
    await page.screenshot({ path: `${shots}/public-country-phone.png`, fullPage: true });
    await assertAccessible(page, 'country page');
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
    await assertAccessible(page, 'console dashboard');
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
    await duty.locator('svg path.area').first().waitFor();
    assert.ok(await duty.locator('svg path.area').count() >= 1, 'the area is drawn on the map');

    // Polygon mode: a triangle around Baghdad (the map is focused on Iraq by the chosen city), closed, drawn, then counted alone.
    await duty.getByRole('radio', { name: 'Click adds a polygon point' }).check();
    // Click only once the map has zoomed to Iraq, or the triangle lands somewhere else.
    await duty.locator('svg.map-svg.pickable path[data-cc="IQ"].focused').waitFor();
    const map = duty.locator('svg.map-svg.pickable');
    const box = (await map.boundingBox())!;
    for (const [fx, fy] of [[0.45, 0.4], [0.6, 0.4], [0.52, 0.6]] as const) await map.click({ position: { x: box.width * fx, y: box.height * fy } });
    await duty.getByTestId('polygon-points').filter({ hasText: '3 points placed' }).waitFor();
    await duty.getByRole('button', { name: 'Close polygon' }).click();
    const chosen = duty.getByRole('list', { name: 'Chosen area' });
    await chosen.getByText('Polygon of 3 points').waitFor();
    await duty.locator('svg path.area').nth(1).waitFor();
    assert.ok(await duty.locator('svg path.area').count() >= 2, 'the polygon is drawn on the map');
    const polygonOnly = duty.waitForResponse((r) => r.url().endsWith('/api/presence/count')
      && (r.request().postDataJSON() as { area: { cities: unknown[]; polygons: unknown[] } }).area.cities.length === 0);
    await chosen.getByRole('listitem').filter({ hasText: /^Baghdad/ }).getByRole('button', { name: 'remove' }).click();
    const polygonCount = (await (await polygonOnly).json()) as { people: number };
    assert.ok(polygonCount.people > 0, 'the live count includes the polygon');
    await count.filter({ hasText: `${polygonCount.people.toLocaleString('en')} people` }).waitFor();
    // Back to the city alone for the rest of the scenario.
    await chosen.getByRole('listitem').filter({ hasText: 'Polygon of 3 points' }).getByRole('button', { name: 'remove' }).click();
    await duty.getByLabel('Add a city').fill('Baghdad');
    await duty.getByRole('button', { name: /^Baghdad, IQ/ }).first().click();
    await count.filter({ hasText: `${people.toLocaleString('en')} people` }).waitFor();
    await duty.screenshot({ path: `${shots}/console-alert-composer.png`, fullPage: true });

    await duty.getByRole('button', { name: 'Submit for approval' }).click();
    await duty.getByTestId('alert-state').filter({ hasText: 'pending approval' }).waitFor();
    await duty.getByTestId('dry-run').filter({ hasText: new RegExp(`${people} people`) }).waitFor();
    assert.equal(await duty.getByRole('button', { name: 'Approve and publish' }).count(), 0, 'an editor cannot approve');
    const alertPath = new URL(duty.url()).pathname;

    const chief = await newPage();
    await signIn(chief, 'chief@ops.test');
    await chief.getByRole('link', { name: 'Approvals' }).click();
    await chief.getByRole('heading', { name: 'Approval queue' }).waitFor();
    await chief.getByRole('link', { name: 'Depart Iraq immediately' }).click();
    await chief.waitForURL((url) => url.pathname === alertPath);
    await chief.screenshot({ path: `${shots}/console-approval.png`, fullPage: true });
    await chief.getByRole('button', { name: 'Approve and publish' }).click();
    // Over the two-person threshold (WARDEN_TWO_PERSON_THRESHOLD, 100) the approver confirms the send with the count in view.
    if (people > 100) await chief.getByRole('button', { name: 'Confirm and send' }).click();
    await chief.getByRole('status').filter({ hasText: /Published: \d+ messages queued/ }).waitFor();
    await chief.getByTestId('alert-state').filter({ hasText: 'published' }).waitFor();
    const progress = chief.getByTestId('progress');
    await progress.filter({ hasText: new RegExp(`to ${people} people`) }).waitFor();

    // An outbox worker drains the alert on loopback channels; the console's progress reaches 100%.
    outbox = await startTestOutbox(server);
    await progress.filter({ hasText: /^100%.*done\./ }).waitFor({ timeout: 60_000 });
    await chief.screenshot({ path: `${shots}/console-alert-progress.png`, fullPage: true });
    assert.equal(outbox.smtp.messages.length, people, 'one e-mail per recipient');

    // The accountability board counts everyone, live; nobody has answered yet.
    const safe = chief.getByTestId('board-safe');
    await chief.getByTestId('board-total').filter({ hasText: `${people} people` }).waitFor();
    assert.equal(await safe.innerText(), '0');
    await chief.getByTestId('board-people').locator('tbody tr').nth(Math.min(people, 200) - 1).waitFor();
    assert.equal(await chief.getByTestId('board-people').locator('tbody tr').count(), Math.min(people, 200), 'an approver sees who is behind the numbers');
    const noAnswer = Number(await chief.getByTestId('board-no_answer').innerText());
    assert.ok(noAnswer > 0);
    const csv = await chief.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    assert.ok(csv?.includes('format=csv'));

    // One recipient opens the personal check-in link from the e-mail on a phone and answers "I am safe".
    // An English-speaking recipient's: the check-in page speaks the traveller's language, and the outbox sends in no set order.
    const english = await server.db.query<{ id: string }>(
      `SELECT d.id FROM deliveries d JOIN travellers t ON t.id = d.traveller_id WHERE d.channel = 'email' AND t.language = 'en'`);
    const englishIds = new Set(english.rows.map((r) => `<${r.id}@`));
    const mail = outbox.smtp.messages.find((m) => [...englishIds].some((prefix) => m.parsed.messageId?.startsWith(prefix)))!;
    const link = new RegExp(`${server.url.replace(/[.]/g, '\\.')}/c/[A-Za-z0-9_-]+`).exec(mail.parsed.text ?? '')?.[0];
    assert.ok(link, 'the e-mail carries a personal check-in link');
    const phone = await newPage({ width: 390, height: 844 });
    const answer = await phone.goto(link);
    assert.equal(answer?.status(), 200);
    assert.equal(await phone.locator('#root').count(), 0, 'the check-in page is server-rendered, not the web app');
    await phone.getByRole('heading', { level: 1, name: 'Check in' }).waitFor();
    await assertAccessible(phone, 'check-in page');
    await phone.getByLabel('I am safe').check();
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('status').filter({ hasText: 'your answer is recorded' }).waitFor();
    await phone.screenshot({ path: `${shots}/checkin-phone.png`, fullPage: true });

    // The board changes in the console without a reload (Server-Sent Events).
    await safe.filter({ hasText: /^1$/ }).waitFor({ timeout: 15_000 });
    await chief.getByTestId('board-no_answer').filter({ hasText: new RegExp(`^${noAnswer - 1}$`) }).waitFor();
    await chief.getByTestId('board-people').getByText('Safe', { exact: true }).first().waitFor();
    await chief.getByTestId('board').scrollIntoViewIfNeeded();
    await chief.screenshot({ path: `${shots}/console-accountability-board.png`, fullPage: true });
    await assertAccessible(chief, 'alert with its accountability board');

    // The same person signs in to "My Warden" with a one-time link and sees the alert and the answer.
    const login = await createLoginToken(server.db, mail.envelope.to[0]!, 15);
    assert.ok(login);
    await phone.goto(`/me?token=${login.token}`);
    await phone.getByRole('heading', { level: 1, name: 'My Warden' }).waitFor();
    assert.equal(new URL(phone.url()).search, '', 'the token leaves the address bar');
    const mine = phone.getByTestId('my-alert').filter({ hasText: 'Depart Iraq immediately' });
    await mine.waitFor();
    assert.match(await mine.innerText(), /Your answer: I am safe/);
    await phone.getByRole('button', { name: 'Add a phone number' }).click();
    const rows = await phone.locator('.contact-row').count();
    await phone.getByLabel(`Address ${rows}`).fill('+9647709999999');
    await phone.getByRole('button', { name: 'Save contact details' }).click();
    await phone.getByRole('status').filter({ hasText: 'contact details are saved' }).waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no horizontal scrolling on a phone (page is ${width}px wide)`);
    await assertAccessible(phone, 'my Warden');
    await phone.screenshot({ path: `${shots}/traveller-me-phone.png`, fullPage: true });

    // The public site lists the published alert.
    const visitor = await newPage();
    await visitor.goto('/alerts');
    await visitor.getByRole('link', { name: 'Depart Iraq immediately' }).click();
    await visitor.getByRole('heading', { level: 1, name: 'Depart Iraq immediately' }).waitFor();
    assert.match(await visitor.locator('.instruction').innerText(), /Do not approach the Embassy/);
  });

  it('asks a second operator to approve suspending a post, and an approver approves it', async () => {
    const duty = await newPage();
    await signIn(duty, 'duty@ops.test');
    await duty.goto('/console/posts');
    const erbil = duty.locator('form', { has: duty.getByRole('heading', { name: /Consulate General Erbil/ }) });
    await erbil.getByLabel('Service status').selectOption('suspended');
    await erbil.getByLabel('Message to the public').fill('Public services are suspended until further notice.');
    await erbil.getByRole('button', { name: 'Save status' }).click();
    await erbil.getByRole('status').filter({ hasText: 'Sent for approval' }).waitFor();
    const pending = duty.getByTestId('status-request-consulate-erbil');
    await pending.waitFor();
    assert.match(await pending.innerText(), /a different approver must decide/);
    assert.equal(await pending.getByRole('button', { name: /Approve/ }).count(), 0, 'nobody approves their own request');

    const chief = await newPage();
    await signIn(chief, 'chief@ops.test');
    await chief.goto('/console/posts');
    const request = chief.getByTestId('status-request-consulate-erbil');
    await request.waitFor();
    await chief.screenshot({ path: `${shots}/console-post-status-approval.png`, fullPage: true });
    await request.getByRole('button', { name: /^Approve/ }).click();
    await chief.getByRole('status').filter({ hasText: /^Approved: U\.S\. Consulate General Erbil/ }).waitFor();
    await chief.getByTestId('status-request-consulate-erbil').waitFor({ state: 'detached' });
    const now = await (await fetch(`${server.url}/api/posts/consulate-erbil`)).json() as { status: string };
    assert.equal(now.status, 'suspended');
  });

  it('leaves the server-rendered check-in pages to the server (no SPA fallback under /c/)', async () => {
    const res = await fetch(`${server.url}/c/not-a-real-token`);
    const html = await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    assert.match(html, /This check-in link is not valid/);
    assert.doesNotMatch(html, /id="root"/);
  });

  it('lets a traveller enrol from a phone: city search, consent, a confirmation answer; accessible', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrol' }).click();
    await page.getByRole('heading', { name: 'Enrol your trip' }).waitFor();
    await assertAccessible(page, 'enrol page');
    await page.getByLabel('Full name').fill('Phone Enrolee');
    await page.getByLabel('E-mail address').fill('phone.enrolee@e2e.test');
    await page.getByLabel('City').fill('Erbil');
    await page.getByRole('list', { name: 'Matching cities' }).getByRole('button', { name: /^Erbil, IQ/ }).first().click();
    await page.getByText('Chosen: Erbil, IQ').waitFor();
    await page.getByLabel(/I agree to be contacted/).check();
    await page.getByRole('button', { name: 'Enrol' }).click();
    await page.getByRole('status').filter({ hasText: /Check your e-mail/ }).waitFor();
    await page.screenshot({ path: `${shots}/enrol-phone.png`, fullPage: true });
  });

  it('raised no script errors and made no request off this machine', () => {
    assert.deepEqual(pageErrors, []);
  });
});
