/**
 * The alert's life in the console, in Debian's chromium, as two operators would live it: compose from
 * a template in English and Arabic for Baghdad on 3 January 2020 → preview → submit → the approver
 * rejects with a reason → the author edits → a second look approves → update → cancel; and an
 * intake incident's page → "Draft an alert". Screenshots at 390 px and 1280 px into a temp folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { systemActor } from '../../src/auth/roles.js';
import { areaSchema, resolveArea } from '../../src/geo/area.js';
import { ingest } from '../../src/intake/ingest.js';
import { countPresent } from '../../src/travellers/presence.js';
import { assertAccessible, chromiumArgs, chromiumPath, loopbackPage, signInToConsole } from '../support/browser.js';
import { ensureWebBuild, operatorPassword, startWebServer, type WebServer } from '../support/web-app.js';

const shots = mkdtempSync(join(tmpdir(), 'warden-console-'));
const scenario = readFileSync(new URL('../../../shared/scenario/baghdad-2020-01-03.txt', import.meta.url), 'utf8');
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };
/** Low enough that the Baghdad alert (some 47 of the 150 demo travellers) needs the confirmation step. */
const threshold = 20;

describe('console: compose, review, update and cancel an alert; draft one from an incident', { timeout: 240_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function signedIn(email: string, viewport = desktop): Promise<Page> {
    const page = await loopbackPage({ browser, baseURL: server.url, contexts, pageErrors }, viewport);
    await signInToConsole(page, email, operatorPassword);
    return page;
  }

  /** The same screen, state kept, at desktop then phone width. */
  async function shootBoth(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(shots, `${name}-1280.png`), fullPage: true });
    await page.setViewportSize(phone);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shots, `${name}-390.png`), fullPage: true });
    await page.setViewportSize(desktop);
  }

  const peopleIn = async (page: Page, testId: string) => Number(/([\d,]+) people/.exec(await page.getByTestId(testId).innerText())![1]!.replace(/,/g, ''));

  async function approve(page: Page, alertPath: string): Promise<void> {
    await page.goto(alertPath);
    await page.getByTestId('dry-run').waitFor();
    const people = await peopleIn(page, 'dry-run');
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    // Over the two-person threshold the send is confirmed with the count in view; nothing is sent before.
    if (people > threshold) {
      await page.getByRole('group').filter({ hasText: `Send to ${people.toLocaleString('en')} people now?` }).waitFor();
      assert.equal(await stateOf(idOf(page)), 'pending_approval', 'not sent before the confirmation');
      await page.getByRole('button', { name: 'Confirm and send' }).click();
    }
    await page.getByRole('status').filter({ hasText: /Published: \d+ messages queued/ }).waitFor();
    await page.getByTestId('alert-state').filter({ hasText: /^published$/ }).waitFor();
  }

  const stateOf = async (id: string) => (await server.db.query<{ state: string }>('SELECT state FROM alerts WHERE id = $1', [id])).rows[0]!.state;
  const idOf = (page: Page) => new URL(page.url()).pathname.split('/')[3]!;

  before(async () => {
    ensureWebBuild();
    process.env.WARDEN_TWO_PERSON_THRESHOLD = String(threshold);
    server = await startWebServer();
    await ingest(server.db, systemActor('test'), scenario);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    console.log(`screenshots: ${shots}`);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    delete process.env.WARDEN_TWO_PERSON_THRESHOLD;
  });

  it('composes from a template in English and Arabic, counts over the time window, previews, and goes through reject → edit → approve → update → cancel', async () => {
    const duty = await signedIn('duty@ops.test');
    await duty.goto('/console/alerts/new');
    await duty.getByLabel('Start from a template').selectOption({ label: 'Depart immediately (en, ar)' });
    assert.equal(await duty.getByLabel('Headline').inputValue(), 'Depart the country immediately');
    await duty.getByRole('tab', { name: 'Arabic' }).click();
    assert.equal(await duty.getByLabel('Headline').inputValue(), 'غادروا البلاد فوراً');
    assert.equal(await duty.getByLabel('Headline').getAttribute('dir'), 'rtl');
    await duty.getByLabel('Headline').fill('غادروا العراق فوراً');
    await duty.getByRole('tab', { name: 'English' }).click();
    await duty.getByLabel('Headline').fill('Depart Iraq immediately');

    // Area: Baghdad governorate. The count follows the window: "now" first, then from 3 January 2020.
    await duty.getByLabel('Add a city').fill('Baghdad');
    await duty.getByRole('button', { name: /^Baghdad, IQ/ }).first().click();
    await duty.getByLabel(/Add a subdivision of IQ/).selectOption('IQ-BG');
    const chosen = duty.getByRole('list', { name: 'Chosen area' });
    await chosen.getByText(/^Subdivision Baghdād/).waitFor();
    await chosen.getByRole('listitem').filter({ hasText: /^Baghdad \(25 km\)/ }).getByRole('button', { name: 'remove' }).click();
    const area = await resolveArea(server.db, areaSchema.parse({ subdivisions: ['IQ-BG'] }));
    // The demo's scenario clock sets the default "From" (3 January 2020 12:00); start the window at this minute instead.
    const thisMinute = new Date().toISOString().slice(0, 16);
    await duty.getByLabel('From (UTC)').fill(thisMinute);
    const now = await countPresent(server.db, area, { from: new Date(`${thisMinute}:00Z`), to: null });
    const count = duty.getByTestId('recipient-count');
    await count.filter({ hasText: `${now.people.toLocaleString('en')} people` }).waitFor();
    await duty.getByLabel('From (UTC)').fill('2020-01-03T00:00');
    const then = await countPresent(server.db, area, { from: new Date('2020-01-03T00:00:00Z'), to: null });
    assert.ok(then.people > now.people, `more people overlap from 3 January 2020 (${then.people}) than from now (${now.people})`);
    assert.ok(then.people > threshold, 'the send will need the confirmation step');
    await count.filter({ hasText: `${then.people.toLocaleString('en')} people` }).waitFor();
    assert.match(await count.innerText(), new RegExp(`${then.unreachable} not reachable`));
    await duty.getByLabel('Contact').fill('+964 760 030 4888');
    // The edited texts become a template of their own, listed at once.
    await duty.getByLabel('Save these texts as a template named').fill('Depart Iraq (Baghdad)');
    await duty.getByRole('button', { name: 'Save template' }).click();
    await duty.getByRole('status').filter({ hasText: 'Saved as the template “Depart Iraq (Baghdad)”.' }).waitFor();
    await duty.getByLabel('Start from a template').locator('option', { hasText: 'Depart Iraq (Baghdad) (en, ar)' }).waitFor({ state: 'attached' });
    const saved = await server.db.query<{ infos: { language: string; headline: string }[] }>(`SELECT infos FROM alert_templates WHERE name = 'Depart Iraq (Baghdad)'`);
    assert.deepEqual(saved.rows[0]!.infos.map((i) => i.headline), ['Depart Iraq immediately', 'غادروا العراق فوراً']);

    // The preview is the server's rendering: English in GSM-7, Arabic in UCS-2, with the segments.
    await duty.getByTestId('preview-ar').filter({ hasText: 'غادروا العراق فوراً' }).waitFor();
    await duty.getByTestId('sms-meta-en').filter({ hasText: /GSM-7 · [12] segments?/ }).waitFor();
    assert.match(await duty.getByTestId('sms-meta-ar').innerText(), /UCS-2 · [2-9] segments/);
    assert.match(await duty.getByTestId('preview-en').innerText(), /Subject: Security Alert – Consular crisis team: Depart Iraq immediately/);
    await assertAccessible(duty, 'alert composer');
    await shootBoth(duty, 'composer');

    await duty.getByRole('button', { name: 'Submit for approval' }).click();
    await duty.getByTestId('alert-state').filter({ hasText: 'pending approval' }).waitFor();
    const alertPath = new URL(duty.url()).pathname;
    const first = idOf(duty);

    // The approver sees the messages per language, the area on a map and the reach; rejects with a reason.
    const chief = await signedIn('chief@ops.test');
    await chief.getByRole('link', { name: 'Approvals' }).click();
    await chief.getByRole('link', { name: 'Depart Iraq immediately' }).click();
    await chief.waitForURL((url) => url.pathname === alertPath);
    await chief.getByTestId('preview-ar').waitFor();
    await chief.getByTestId('preview-en').waitFor();
    await chief.locator('svg path.country.selected, svg path[data-cc="IQ"].focused').first().waitFor();
    await chief.getByTestId('dry-run').filter({ hasText: `${then.people.toLocaleString('en')} people` }).waitFor();
    await assertAccessible(chief, 'alert pending approval');
    await shootBoth(chief, 'approval');
    await chief.getByLabel('Reason for sending it back').fill('Add the Erbil consulate as a place to go.');
    await chief.getByRole('button', { name: 'Reject' }).click();
    await chief.getByTestId('alert-state').filter({ hasText: /^draft$/ }).waitFor();

    // The author is told on the dashboard, edits the draft and submits it again.
    await duty.goto('/console');
    const returned = duty.getByTestId('returned-drafts');
    await returned.filter({ hasText: 'Add the Erbil consulate as a place to go.' }).waitFor();
    await returned.getByRole('link', { name: 'Depart Iraq immediately' }).click();
    await duty.getByTestId('rejection').filter({ hasText: /Returned by Consular Chief .*Add the Erbil consulate/ }).waitFor();
    await duty.getByRole('link', { name: 'Edit the draft' }).click();
    await duty.getByRole('heading', { name: 'Edit the draft' }).waitFor();
    assert.equal(await duty.getByLabel('From (UTC)').inputValue(), '2020-01-03T00:00');
    await duty.getByLabel(/What to do/).fill('Depart Iraq immediately by commercial means.\nIf you cannot reach the border, go to the consulate in Erbil.');
    await duty.getByTestId('preview-en').filter({ hasText: 'go to the consulate in Erbil' }).waitFor();
    await duty.getByRole('button', { name: 'Submit for approval' }).click();
    await duty.getByTestId('alert-state').filter({ hasText: 'pending approval' }).waitFor();
    assert.equal(new URL(duty.url()).pathname, alertPath, 'the same alert, edited');

    await approve(chief, alertPath);
    await chief.getByTestId('delivery-rows').locator('tbody tr').first().waitFor();
    await chief.getByRole('region', { name: 'Deliveries' }).getByLabel('Channel').selectOption('sms');
    await chief.getByTestId('delivery-rows').locator('tbody tr td').first().filter({ hasText: /^SMS$|^No deliveries match\.$/ }).waitFor();
    await chief.getByLabel('Minutes before the next round').fill('15');
    await chief.getByRole('button', { name: 'Save policy' }).click();
    await chief.getByRole('status').filter({ hasText: 'Escalation policy saved.' }).waitFor();
    await chief.getByRole('button', { name: 'Escalate now' }).click();
    await chief.getByRole('status').filter({ hasText: /^Escalated now: \d+ reminders? queued\.$/ }).waitFor();
    await assertAccessible(chief, 'published alert');
    await shootBoth(chief, 'published');

    // An Update through the composer, prefilled from the published alert; a second approver publishes it.
    await duty.goto(alertPath);
    await duty.getByRole('link', { name: 'Send an update' }).click();
    await duty.getByRole('heading', { name: 'Update a published alert' }).waitFor();
    assert.equal(await duty.getByLabel('Headline').inputValue(), 'Depart Iraq immediately');
    await duty.getByLabel('Headline').fill('Depart Iraq now: the airport road is closed');
    await duty.getByTestId('preview-en').filter({ hasText: 'the airport road is closed' }).waitFor();
    await duty.getByRole('button', { name: 'Submit for approval' }).click();
    await duty.getByTestId('alert-state').filter({ hasText: 'pending approval' }).waitFor();
    const updatePath = new URL(duty.url()).pathname;
    assert.notEqual(updatePath, alertPath);
    const deputy = await signedIn('deputy@ops.test');
    await approve(deputy, updatePath);
    assert.equal(await stateOf(first), 'updated');

    // The Cancel: drafted from the Update and submitted in one step, approved by the chief.
    await duty.goto(updatePath);
    await duty.getByRole('button', { name: 'Cancel this alert' }).click();
    await duty.getByRole('button', { name: 'Submit the cancel for approval' }).click();
    await duty.getByTestId('alert-state').filter({ hasText: 'pending approval' }).waitFor();
    const cancelPath = new URL(duty.url()).pathname;
    assert.notEqual(cancelPath, updatePath);
    await approve(chief, cancelPath);
    assert.equal(await stateOf(updatePath.split('/')[3]!), 'cancelled');
    assert.deepEqual(pageErrors, []);
  });

  it('opens an intake incident with its events, sentences, actors and places, and drafts an alert from it', async () => {
    const duty = await signedIn('duty@ops.test');
    await duty.getByRole('link', { name: 'Incidents' }).click();
    await duty.getByRole('heading', { name: 'Incidents' }).waitFor();
    await duty.getByRole('list', { name: 'Incidents, newest first' }).getByRole('link').first().click();
    await duty.getByRole('heading', { name: 'Events' }).waitFor();
    assert.ok(await duty.locator('.events blockquote').count() > 0, 'each event shows the sentence behind it');
    await duty.getByRole('heading', { name: 'Actors' }).waitFor();
    assert.match(await duty.getByRole('region', { name: 'Actors' }).innerText(), /also written/);
    await duty.locator('svg path[data-cc="IQ"]').first().waitFor();
    await assertAccessible(duty, 'incident page');
    await shootBoth(duty, 'incident');
    const incidentId = new URL(duty.url()).pathname.split('/')[3]!;
    const suggestion = await duty.evaluate(async (id) => (await fetch(`/api/incidents/${id}/suggestion`)).json(), incidentId) as { alert: { headline: string } };
    await duty.getByRole('button', { name: 'Draft an alert' }).click();
    await duty.getByRole('heading', { name: 'Compose an alert' }).waitFor();
    await duty.getByText('Drafted from an intake incident').waitFor();
    assert.equal(await duty.getByLabel('Headline').inputValue(), suggestion.alert.headline);
    assert.equal(await duty.getByLabel('Kind').inputValue(), 'security_alert');
    assert.equal(await duty.getByLabel('From (UTC)').inputValue(), '2020-01-02T00:00', 'the window starts on the incident’s first day');
    await duty.getByTestId('recipient-count').filter({ hasText: /\d+ people/ }).waitFor();
    await shootBoth(duty, 'composer-from-incident');
    assert.deepEqual(pageErrors, []);
  });
});
