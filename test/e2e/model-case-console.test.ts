/**
 * The "done when": the Baghdad model case run from the console only, in Debian's chromium, by
 * two operators — the duty officer (editor, author of every message) and the consular chief (approver,
 * the second person over the two-person threshold). No API call for an operator's step: travellers
 * answer on their check-in pages (links taken from the e-mails the real SMTP server received) and by
 * an SMS reply the fake provider signs and posts, as the provider would.
 *
 * incident → "Open a crisis" (Iraq, 3 January 2020) → compose from the suggestion with a template in
 * English and Arabic, a subdivision outlined → approve with the confirmation step → publish → watch
 * delivery → three travellers answer (link, SMS reply, "I need help to leave" with a party of 3) →
 * Update (the board keeps the answers; the traveller sees the new instruction) → escalate now (only
 * those with no answer to any message) → one flight, assigned and notified → Cancel → export CSV.
 * Every crisis screen is checked for horizontal overflow at 390 px and shot at 390 and 1280 px.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { systemActor } from '../../src/auth/roles.js';
import { areaSchema, resolveArea } from '../../src/geo/area.js';
import { ingest } from '../../src/intake/ingest.js';
import { countPresent } from '../../src/travellers/presence.js';
import { assertAccessible, assertFitsWidth, chromiumArgs, chromiumPath, loopbackPage, planCharterFlight, signInToConsole } from '../support/browser.js';
import { tokenIn } from '../support/checkin-fixtures.js';
import { ensureWebBuild, operatorPassword } from '../support/web-app.js';
import { startDeliveringWebServer, startTestOutbox, type DeliveringWebServer, type TestOutbox } from '../support/web-outbox.js';

const shots = process.env.WARDEN_SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'warden-model-case-'));
const scenario = readFileSync(new URL('../../../shared/scenario/baghdad-2020-01-03.txt', import.meta.url), 'utf8');
const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };
/** Low enough that every message of the crisis needs the second person and the confirmation step. */
const threshold = 20;
const smsCredentials = { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'model-case-sms-auth-token' };
const smsFrom = '+15005550006';
const smsEnv = { WARDEN_TWO_PERSON_THRESHOLD: String(threshold), WARDEN_SMS_ACCOUNT_SID: smsCredentials.accountSid, WARDEN_SMS_AUTH_TOKEN: smsCredentials.authToken, WARDEN_SMS_FROM: smsFrom };

describe('the model case from the console only: incident → crisis → alert → answers → update → escalation → departure → cancel → export', { timeout: 900_000 }, () => {
  let server: DeliveringWebServer;
  let outbox: TestOutbox;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = (viewport = desktop) => loopbackPage({ browser, baseURL: server.url, contexts, pageErrors }, viewport);
  async function operator(email: string): Promise<Page> {
    const page = await newPage();
    await signInToConsole(page, email, operatorPassword);
    return page;
  }

  /**
   * A whole-page picture. Chromium leaves a frame blank in a full-page shot (the e-mail preview), so a page
   * with frames is shot through a viewport as tall as the page instead.
   */
  async function wholePage(page: Page, path: string, viewport: { width: number; height: number }): Promise<void> {
    if (!await page.locator('iframe').count()) { await page.screenshot({ path, fullPage: true }); return; }
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.min(height, 12_000) });
    await page.waitForTimeout(400);
    await page.screenshot({ path });
    await page.setViewportSize(viewport);
  }

  /** At 390 px nothing may be wider than the screen; then both widths are shot (state kept). */
  async function shoot(page: Page, name: string): Promise<void> {
    await page.setViewportSize(desktop);
    await wholePage(page, join(shots, `model-case-${name}-1280.png`), desktop);
    await page.setViewportSize(phone);
    await page.waitForTimeout(400);
    await assertFitsWidth(page, name);
    await wholePage(page, join(shots, `model-case-${name}-390.png`), phone);
    await page.setViewportSize(desktop);
  }

  const pendingOf = async (alertId: string) => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND state IN ('queued', 'sending')`, [alertId])).rows[0]!.n;
  async function delivered(alertId: string): Promise<void> {
    const until = Date.now() + 60_000;
    while (await pendingOf(alertId) > 0) {
      assert.ok(Date.now() < until, 'deliveries drained');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const idOf = (page: Page) => new URL(page.url()).pathname.split('/')[3]!;
  const stateOf = async (alertId: string) => (await server.db.query<{ state: string }>('SELECT state FROM alerts WHERE id = $1', [alertId])).rows[0]!.state;

  /** The approver opens the alert, sees the count, approves, confirms over the threshold, and sees it published. */
  async function approve(chief: Page, alertPath: string, expectedPeople?: number): Promise<number> {
    await chief.goto(alertPath);
    const dryRun = chief.getByTestId('dry-run');
    await dryRun.filter({ hasText: /[\d,]+ people/ }).waitFor();
    const people = Number(/([\d,]+) people/.exec(await dryRun.innerText())![1]!.replace(/,/g, ''));
    if (expectedPeople !== undefined) assert.equal(people, expectedPeople, 'the approver sees the count the author saw');
    await chief.getByRole('button', { name: 'Approve and publish' }).click();
    assert.ok(people > threshold);
    await chief.getByRole('group').filter({ hasText: `Send to ${people.toLocaleString('en')} people now?` }).waitFor();
    assert.equal(await stateOf(idOf(chief)), 'pending_approval', 'nothing is sent before the confirmation');
    await chief.getByRole('button', { name: 'Confirm and send' }).click();
    await chief.getByRole('status').filter({ hasText: /Published: \d+ messages queued/ }).waitFor();
    await chief.getByTestId('alert-state').filter({ hasText: /^published$/ }).waitFor();
    return people;
  }

  /** A message's check-in link, as the traveller got it by e-mail. */
  function linkMailedTo(address: string): string {
    const mail = outbox.smtp.messages.find((m) => m.envelope.to[0] === address);
    assert.ok(mail, `an e-mail reached ${address}`);
    return `/c/${tokenIn(mail.parsed.text)}`;
  }

  async function download(page: Page, link: string): Promise<string> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
    return readFileSync((await file.path())!, 'utf8');
  }

  before(async () => {
    ensureWebBuild();
    Object.assign(process.env, smsEnv);
    server = await startDeliveringWebServer();
    await ingest(server.db, systemActor('test'), scenario);
    outbox = await startTestOutbox(server, { sms: smsCredentials });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await outbox?.stop();
    await server?.close();
    for (const key of Object.keys(smsEnv)) delete process.env[key];
    console.log(`model case screenshots: ${shots}`);
  });

  it('runs the whole crisis', { timeout: 900_000 }, async () => {
    const duty = await operator('duty@ops.test');
    const chief = await operator('chief@ops.test');

    // 1. The intake incident of the model text → "Open a crisis", filled from it.
    await duty.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Incidents' }).click();
    await duty.getByRole('list', { name: 'Incidents, newest first' }).getByRole('link').first().click();
    await duty.getByRole('heading', { name: 'Events' }).waitFor();
    const incidentId = idOf(duty);
    const incidentTitle = await duty.getByRole('heading', { level: 1 }).innerText();
    await shoot(duty, 'incident');
    await duty.getByRole('button', { name: 'Open a crisis' }).click();
    const form = duty.getByRole('form', { name: 'Open a crisis' });
    await duty.getByTestId('crisis-from-incident').filter({ hasText: incidentTitle }).waitFor();
    assert.equal(await form.getByLabel('Name').inputValue(), incidentTitle, 'the name comes from the incident');
    assert.match(await form.getByLabel('Countries (ISO codes)').inputValue(), /\bIQ\b/);
    assert.match(await form.getByLabel('Starts on').inputValue(), /^2020-01-0[23]$/, "the incident's first day");
    await form.getByLabel('Name').fill('Iraq, 3 January 2020');
    await form.getByLabel('Countries (ISO codes)').fill('IQ');
    await form.getByLabel('Starts on').fill('2020-01-03');
    await shoot(duty, 'open-crisis');
    await form.getByRole('button', { name: 'Open the crisis' }).click();
    await duty.getByTestId('crisis-name').filter({ hasText: 'Iraq, 3 January 2020' }).waitFor();
    const roomPath = new URL(duty.url()).pathname;
    const crisis = (await server.db.query<{ id: string; incident_id: string; starts_at: Date }>('SELECT id, incident_id, starts_at FROM crises')).rows;
    assert.equal(crisis.length, 1);
    assert.equal(crisis[0]!.incident_id, incidentId, 'the crisis links the incident');
    assert.equal(crisis[0]!.starts_at.toISOString(), '2020-01-03T00:00:00.000Z');
    await duty.getByTestId('timeline').getByText(`Crisis opened from incident “${incidentTitle}”`).waitFor();

    // 2. Compose from the suggestion, with the template in English and Arabic; a subdivision outlined on the map.
    await duty.getByRole('link', { name: 'Compose the first alert from the incident' }).click();
    await duty.getByTestId('composer-crisis').filter({ hasText: 'Iraq, 3 January 2020' }).waitFor();
    assert.equal(await duty.getByLabel('From (UTC)').inputValue(), '2020-01-03T00:00', 'the window starts with the crisis');
    await duty.getByLabel('Start from a template').selectOption({ label: 'Depart immediately (en, ar)' });
    await duty.getByRole('tab', { name: 'Arabic' }).click();
    assert.equal(await duty.getByLabel('Headline').getAttribute('dir'), 'rtl');
    await duty.getByLabel('Headline').fill('غادروا العراق فوراً');
    await duty.getByRole('tab', { name: 'English' }).click();
    await duty.getByLabel('Headline').fill('Depart Iraq immediately');
    await duty.getByLabel(/Add a subdivision of IQ/).selectOption('IQ-BG');
    await duty.getByRole('list', { name: 'Chosen area' }).getByText(/^Subdivision Baghdād/).waitFor();
    await duty.getByTestId('map-outline').first().waitFor();
    assert.match(await duty.getByTestId('map-outline').first().getAttribute('d') ?? '', /^M[\d.-]+,[\d.-]+L/, 'the subdivision is drawn as an outline');
    await duty.getByLabel('Contact').fill('+964 760 030 4888');
    // From 2020-01-03 without an end, the check-in links would have expired long ago: the composer says so.
    await duty.getByTestId('window-warning').filter({ hasText: 'check-in links will already have expired' }).waitFor();
    const until = new Date(Date.now() + 7 * 86_400_000);
    await duty.getByLabel('Until (UTC)').fill(until.toISOString().slice(0, 16));
    await duty.getByTestId('window-warning').waitFor({ state: 'detached' });
    const area = await resolveArea(server.db, areaSchema.parse({ countries: ['IQ'], subdivisions: ['IQ-BG'] }));
    const expected = await countPresent(server.db, area, { from: new Date('2020-01-03T00:00:00Z'), to: new Date(`${until.toISOString().slice(0, 16)}:00Z`) });
    assert.ok(expected.people > threshold);
    const count = duty.getByTestId('recipient-count');
    await count.filter({ hasText: `${expected.people.toLocaleString('en')} people` }).waitFor();
    assert.match(await count.innerText(), new RegExp(`${expected.unreachable} not reachable`));
    // The preview is the server's rendering: the SMS with its encoding and segments beside the HTML e-mail as sent.
    await duty.getByTestId('preview-ar').filter({ hasText: 'غادروا العراق فوراً' }).waitFor();
    await duty.getByTestId('sms-meta-en').filter({ hasText: /GSM-7 · \d segments?/ }).waitFor();
    assert.match(await duty.getByTestId('sms-meta-ar').innerText(), /UCS-2 · [2-9] segments/);
    const html = duty.frameLocator('[data-testid="email-html-en"]');
    await html.getByText('Depart Iraq immediately').first().waitFor();
    // "Assistance" is filled from the posts of Iraq: the embassy's emergency phone is in the e-mail as sent.
    await html.getByText('+1 202 501 4444').first().waitFor();
    await duty.frameLocator('[data-testid="email-html-ar"]').getByText('غادروا العراق فوراً').first().waitFor();
    assert.equal(await duty.getByTestId('email-html-en').getAttribute('sandbox'), '', 'the e-mail runs no script');
    await duty.getByTestId('preview-en').screenshot({ path: join(shots, 'model-case-preview-en-1280.png') });
    await assertAccessible(duty, 'composer for the crisis');
    await shoot(duty, 'composer');
    await duty.getByRole('button', { name: 'Submit for approval' }).click();
    await duty.getByTestId('alert-state').filter({ hasText: 'pending approval' }).waitFor();
    const firstPath = new URL(duty.url()).pathname;
    const firstId = idOf(duty);
    assert.deepEqual((await server.db.query('SELECT alert_id FROM crisis_alerts')).rows.map((r) => r.alert_id), [firstId], 'the alert joined the crisis');

    // 3. The chief approves: the messages, the area on a map, the count; the confirmation step; published.
    await chief.goto(roomPath);
    await chief.getByTestId('crisis-alerts').getByRole('link', { name: /Alert: Depart Iraq immediately/ }).click();
    await chief.waitForURL((u) => u.pathname === firstPath);
    await chief.getByTestId('preview-en').waitFor();
    await chief.getByTestId('preview-ar').waitFor();
    await chief.locator('svg path[data-cc="IQ"]').first().waitFor();
    await chief.getByTestId('map-outline').first().waitFor(); // the approver sees the subdivision too
    await shoot(chief, 'approval');
    const recipients = await approve(chief, firstPath, expected.people);
    const stored = (await server.db.query<{ assistance: { contacts: { phone?: string }[] } }>('SELECT assistance FROM alerts WHERE id = $1', [firstId])).rows[0]!.assistance;
    assert.ok(stored.contacts.some((c) => c.phone === '+1 202 501 4444'), 'the alert keeps the Assistance it was previewed with');

    // 4. Watch the delivery on the alert page: every message finished, per-recipient rows shown.
    await delivered(firstId);
    await chief.getByTestId('progress').filter({ hasText: `to ${recipients} people, done` }).waitFor({ timeout: 15_000 });
    await chief.getByTestId('delivery-rows').locator('tbody tr').first().waitFor();
    await shoot(chief, 'published');

    // 5. Three English-speaking travellers answer: a check-in link, an SMS reply, "I need help to leave" for 3.
    const { rows: reached } = await server.db.query<{ traveller_id: string; name: string; email: string | null; sms: string | null }>(
      `SELECT t.id AS traveller_id, t.full_name AS name,
              max(d.address) FILTER (WHERE d.channel = 'email' AND d.state = 'sent') AS email,
              max(d.address) FILTER (WHERE d.channel = 'sms' AND d.state = 'sent'
                AND (SELECT count(*) FROM contact_points c WHERE c.channel = 'sms' AND c.address = d.address) = 1) AS sms
         FROM deliveries d JOIN travellers t ON t.id = d.traveller_id
        WHERE d.alert_id = $1 AND t.language = 'en' GROUP BY t.id, t.full_name ORDER BY t.full_name`, [firstId]);
    const byLink = reached.find((r) => r.email)!;
    const bySms = reached.find((r) => r.sms && r.traveller_id !== byLink.traveller_id)!;
    const leaving = reached.find((r) => r.email && r.traveller_id !== byLink.traveller_id && r.traveller_id !== bySms.traveller_id)!;
    assert.ok(byLink && bySms && leaving, 'three English-speaking recipients with a working channel');

    const safePage = await newPage(phone);
    await safePage.goto(linkMailedTo(byLink.email!));
    await safePage.getByRole('heading', { name: /Latest instruction — Iraq, 3 January 2020/ }).waitFor();
    await safePage.getByLabel('I am safe').check();
    await safePage.getByRole('button', { name: 'Send' }).click();
    await safePage.getByRole('status').filter({ hasText: 'your answer is recorded' }).waitFor();

    const reply = await outbox.sms.sendInbound(`${server.url}/api/inbound/sms`, { from: bySms.sms!, to: smsFrom, body: 'SAFE' });
    assert.equal(reply.status, 200);
    assert.match(await reply.text(), /<Response><Message>.*SAFE.*<\/Message><\/Response>/s);

    const leavePage = await newPage(phone);
    await leavePage.goto(linkMailedTo(leaving.email!));
    await leavePage.getByText('I need help to leave').click();
    await leavePage.getByLabel('People in my party (me included)').fill('3');
    await leavePage.getByLabel('Phone number to reach me').fill('+964 770 123 4567');
    await leavePage.getByRole('button', { name: 'Ask for help to leave' }).click();
    await leavePage.getByRole('status').filter({ hasText: 'party of 3, +964 770 123 4567' }).waitFor();
    await shoot(leavePage, 'checkin-leave');

    // The room (it polls) counts them across the crisis.
    await duty.goto(roomPath);
    await duty.getByTestId('crisis-total').filter({ hasText: `${recipients} people` }).waitFor();
    await duty.getByTestId('crisis-safe').filter({ hasText: /^2$/ }).waitFor({ timeout: 15_000 });
    await duty.getByTestId('crisis-need_help').filter({ hasText: /^1$/ }).waitFor({ timeout: 15_000 });
    const open = Number(await duty.getByTestId('crisis-no_answer').innerText()) + Number(await duty.getByTestId('crisis-unreachable').innerText());
    assert.equal(open, recipients - 3, 'everyone else is "no answer" or "not reachable"');
    await duty.getByTestId('departure-requests').getByRole('row', { name: new RegExp(leaving.name) }).filter({ hasText: '+964 770 123 4567' }).waitFor();

    // 6. The duty officer sends an Update from the room; the chief approves it. The board keeps the answers.
    const update = duty.getByTestId('update-form');
    assert.equal(await update.getByLabel('Headline').inputValue(), 'Depart Iraq immediately', 'prefilled from the last alert');
    await update.getByLabel('Headline').fill('Depart Iraq now: commercial flights still leave');
    await update.getByRole('button', { name: 'Send update' }).click();
    await duty.getByTestId('crisis-message').filter({ hasText: /Update submitted: .*approv/ }).waitFor();
    const updateLink = duty.getByTestId('crisis-alerts').getByRole('link', { name: 'Update: Depart Iraq now: commercial flights still leave' });
    const updatePath = (await updateLink.getAttribute('href'))!;
    await approve(chief, updatePath);
    const updateId = updatePath.split('/')[3]!;
    assert.equal(await stateOf(firstId), 'updated');
    assert.equal((await server.db.query<{ references_id: string }>('SELECT references_id FROM alerts WHERE id = $1', [updateId])).rows[0]!.references_id, firstId, 'the Update references the first alert');
    await duty.reload();
    await duty.getByTestId('crisis-alerts').getByText('(current)').waitFor();
    assert.equal(await duty.getByTestId('crisis-safe').innerText(), '2', 'answers to the first alert still count after the Update');
    assert.equal(await duty.getByTestId('crisis-need_help').innerText(), '1');
    // What the traveller who answered sees: the new instruction and their status across the crisis.
    await safePage.reload();
    await safePage.getByText('Depart Iraq now: commercial flights still leave').waitFor();
    assert.match(await safePage.locator('section.crisis .current').innerText(), /Your status in this crisis: .*safe/i);
    await shoot(safePage, 'checkin-after-update');

    // 7. Escalate now, once the Update went out: only people with no answer to any message are chased.
    await delivered(updateId);
    await duty.getByRole('button', { name: 'Escalate now' }).click();
    const escalated = await duty.getByTestId('crisis-message').filter({ hasText: /Escalated: \d+ reminder/ }).innerText();
    const reminders = Number(/Escalated: (\d+)/.exec(escalated)![1]);
    const { rows: chased } = await server.db.query<{ traveller_id: string }>('SELECT DISTINCT traveller_id FROM deliveries WHERE alert_id = $1 AND round = 2', [updateId]);
    assert.ok(reminders > 0 && chased.length > 0 && chased.length <= recipients - 3, `reminders (${reminders}) to at most the ${recipients - 3} without an answer`);
    for (const answered of [byLink, bySms, leaving]) assert.ok(!chased.some((r) => r.traveller_id === answered.traveller_id), `${answered.name} answered: not chased`);
    await duty.getByTestId('timeline').getByText('Escalation round 2').first().waitFor({ timeout: 15_000 });

    // 8. Departure assistance: one flight, the request assigned, the party notified through the outbox.
    await planCharterFlight(duty);
    await duty.getByLabel(`Pick ${leaving.name}`).check();
    await duty.getByRole('button', { name: 'Assign', exact: true }).click();
    await duty.getByTestId('departure-message').filter({ hasText: '3 of 4 seats taken' }).waitFor();
    await duty.getByRole('button', { name: 'Notify the people assigned' }).click();
    await duty.getByTestId('departure-message').filter({ hasText: '1 person of “Charter BGW–AMM” notified' }).waitFor();
    const notice = await (async () => {
      const until = Date.now() + 30_000;
      for (;;) {
        const mail = outbox.smtp.messages.find((m) => m.envelope.to[0] === leaving.email && /Charter BGW–AMM/.test(m.parsed.text ?? ''));
        if (mail) return mail;
        assert.ok(Date.now() < until, 'the departure notice reaches the traveller');
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    assert.match(notice.parsed.text ?? '', /Al-Rasheed Hotel lobby/);
    const manifest = await download(duty, 'Manifest CSV');
    assert.match(manifest, new RegExp(`Charter BGW–AMM,2030-01-05T09:00:00.000Z,Al-Rasheed Hotel lobby,${leaving.name},3,'\\+964 770 123 4567,`));
    await duty.getByRole('heading', { name: 'Accountability across the crisis' }).scrollIntoViewIfNeeded();
    await shoot(duty, 'crisis-room');

    // 9. Cancel from the room; the chief approves it. Then export the crisis.
    duty.once('dialog', (d) => void d.accept());
    await duty.getByRole('button', { name: 'Cancel the alert' }).click();
    await duty.getByTestId('crisis-message').filter({ hasText: /Cancel submitted: .*approv/ }).waitFor();
    const cancelPath = (await duty.getByTestId('crisis-alerts').getByRole('link', { name: /^Cancel: / }).getAttribute('href'))!;
    await approve(chief, cancelPath);
    assert.equal(await stateOf(updateId), 'cancelled');
    await duty.reload();
    await duty.getByTestId('crisis-alerts').getByRole('listitem').filter({ hasText: /^Cancel: .*published/ }).waitFor();
    assert.equal(await duty.getByTestId('update-form').count(), 0, 'nothing left to update once cancelled');

    const csv = parse(await download(duty, 'Export CSV'), { columns: true }) as Record<string, string>[];
    assert.equal(csv.length, recipients, 'one row per person of the crisis');
    assert.deepEqual(Object.keys(csv[0]!), ['travellerId', 'name', 'organisation', 'city', 'status', 'helpOpen', 'joinedAt', 'answeredAt', 'answeredBy', 'message', 'place', 'deliveries']);
    const rowOf = (id: string) => csv.find((row) => row.travellerId === id)!;
    assert.equal(rowOf(byLink.traveller_id).status, 'safe');
    assert.deepEqual([rowOf(bySms.traveller_id).status, rowOf(bySms.traveller_id).answeredBy], ['safe', 'sms']);
    assert.deepEqual([rowOf(leaving.traveller_id).status, rowOf(leaving.traveller_id).helpOpen], ['need_help', 'true']);
    assert.equal(csv.filter((row) => row.status === 'safe').length, 2);
    assert.equal(csv.filter((row) => row.status === 'no_answer' || row.status === 'unreachable').length, recipients - 3);
    await shoot(duty, 'crisis-room-cancelled');
    assert.deepEqual(pageErrors, []);
  });
});
