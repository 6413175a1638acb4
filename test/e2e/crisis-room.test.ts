/**
 * The crisis room in a real browser (Debian chromium): an approver opens a crisis over the published
 * 2020-01-03 alert, travellers answer on their check-in pages (one needs help, one asks for help to
 * leave with a party of 3), then from the room: send an Update (the board keeps the answers), a second
 * operator's stale Update is refused with what changed, mark help handled, set the policy and escalate
 * now, plan a flight, assign and notify, export CSV and the manifest, cancel, close. Screenshots at
 * 390 and 1280 px go to a temporary folder.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { assertFitsWidth, loopbackPage, planCharterFlight, signInToConsole } from '../support/browser.js';
import { systemActor } from '../../src/auth/roles.js';
import { addTravellers, publishNow } from '../support/alert-fixtures.js';
import { recipientTokens } from '../support/checkin-fixtures.js';
import { ensureWebBuild, operatorPassword } from '../support/web-app.js';
import { startDeliveringWebServer, startTestOutbox, type DeliveringWebServer, type TestOutbox } from '../support/web-outbox.js';

const shots = process.env.WARDEN_SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'warden-crisis-room-'));
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

describe('crisis room: run a crisis from the console', { timeout: 240_000 }, () => {
  let server: DeliveringWebServer;
  let outbox: TestOutbox;
  let browser: Browser;
  let alertId = '';
  let tokens: Map<string, string>;
  let helpId = '';
  let leaveId = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = (viewport = { width: 1280, height: 900 }) => loopbackPage({ browser, baseURL: server.url, contexts, pageErrors }, viewport);
  const signIn = (page: Page, email: string) => signInToConsole(page, email, operatorPassword);
  const pendingOf = async (id: string) => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND state IN ('queued', 'sending')`, [id])).rows[0]!.n;
  async function delivered(id: string) {
    const until = Date.now() + 60_000;
    while (await pendingOf(id) > 0) {
      assert.ok(Date.now() < until, 'deliveries drained');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    ensureWebBuild();
    server = await startDeliveringWebServer({ travellers: 40 });
    // Two known English-speaking travellers in Baghdad, besides the demo's.
    const ids = await addTravellers(server.db, [{ tag: 'help', country: 'IQ', lat: 33.31, lon: 44.36 }, { tag: 'leave', country: 'IQ', lat: 33.31, lon: 44.36 }]);
    helpId = ids.get('help')!;
    leaveId = ids.get('leave')!;
    await server.db.query(`UPDATE trips SET place_name = 'Baghdad' WHERE traveller_id = ANY($1::uuid[])`, [[helpId, leaveId]]);
    const published = await publishNow(server.db, {
      kind: 'security_alert', sender: 'U.S. Embassy Baghdad', effective: '2020-01-03T06:00:00+00:00', expires: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      area: { countries: ['IQ'] },
      infos: [{ language: 'en', event: 'Airstrike', headline: 'Depart Iraq immediately', description: 'An airstrike hit Baghdad International Airport.', instruction: 'Depart Iraq immediately.\nDo not approach the Embassy.' }],
    }, systemActor('test'));
    alertId = published.alert.id;
    tokens = await recipientTokens(server.db, server.config.secret, alertId);
    outbox = await startTestOutbox(server);
    await delivered(alertId);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await outbox?.stop();
    await server?.close();
    console.log(`crisis room screenshots: ${shots}`);
  });

  it('opens a crisis, follows the answers across an Update, escalates, organises a departure, cancels and closes', async () => {
    const chief = await newPage();
    await signIn(chief, 'chief@ops.test');
    await chief.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Crises' }).click();
    await chief.getByRole('heading', { name: 'Crises', level: 1 }).waitFor();
    const form = chief.getByRole('form', { name: 'Open a crisis' });
    await form.getByLabel('Name').fill('Iraq, 3 January 2020');
    await form.getByLabel('Countries (ISO codes)').fill('IQ');
    await form.getByLabel('Starts on').fill('2020-01-03');
    await form.getByLabel(/Depart Iraq immediately/).check();
    await form.getByRole('button', { name: 'Open the crisis' }).click();
    await chief.getByTestId('crisis-name').filter({ hasText: 'Iraq, 3 January 2020' }).waitFor();
    const recipients = tokens.size;
    await chief.getByTestId('crisis-total').filter({ hasText: `${recipients} people` }).waitFor();
    assert.equal(await chief.getByTestId('crisis-no_answer').innerText(), String(recipients));

    // Travellers answer on their check-in pages, on phones: "need help"; "I need help to leave" with a party of 3.
    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`/c/${tokens.get(helpId)}`);
    await phone.getByRole('heading', { name: /Latest instruction — Iraq, 3 January 2020/ }).waitFor();
    await phone.getByLabel('I need help').check();
    await phone.getByLabel('Message (what you need, how to reach you)').fill('Injured, at the hotel');
    await phone.getByRole('button', { name: 'Send' }).click();
    await phone.getByRole('status').filter({ hasText: 'your answer is recorded' }).waitFor();
    await phone.getByRole('alert').filter({ hasText: '+1 202 501 4444' }).waitFor();
    await assertFitsWidth(phone, 'check-in page after "need help"');
    await phone.screenshot({ path: join(shots, 'checkin-crisis-need-help-390.png'), fullPage: true });
    const leaver = await newPage({ width: 390, height: 844 });
    await leaver.goto(`/c/${tokens.get(leaveId)}`);
    await leaver.getByText('I need help to leave').click();
    await leaver.getByLabel('People in my party (me included)').fill('3');
    await leaver.getByLabel('Phone number to reach me').fill('+964 770 123 4567');
    await leaver.getByRole('button', { name: 'Ask for help to leave' }).click();
    await leaver.getByRole('status').filter({ hasText: 'party of 3, +964 770 123 4567' }).waitFor();
    await leaver.screenshot({ path: join(shots, 'checkin-crisis-leave-390.png'), fullPage: true });

    // The room sees both (it polls); the deputy has the same room open (it will be stale in a moment).
    await chief.getByTestId('crisis-need_help').filter({ hasText: /^2$/ }).waitFor({ timeout: 15_000 });
    const deputy = await newPage();
    await signIn(deputy, 'deputy@ops.test');
    await deputy.goto(chief.url());
    await deputy.getByTestId('update-form').waitFor();

    // Send an Update, prefilled from the first alert: the board keeps both "need help" answers.
    const update = chief.getByTestId('update-form');
    assert.equal(await update.getByLabel('Headline').inputValue(), 'Depart Iraq immediately');
    await update.getByLabel('Headline').fill('Depart Iraq immediately: commercial flights still leave');
    await update.getByRole('button', { name: 'Send update' }).click();
    await chief.getByTestId('crisis-message').filter({ hasText: 'Update sent' }).waitFor();
    await chief.getByTestId('crisis-alerts').getByText('Update: Depart Iraq immediately: commercial flights still leave').waitFor();
    assert.equal(await chief.getByTestId('crisis-need_help').innerText(), '2', 'answers to the first alert still count after the Update');

    // The deputy's screen is at the old version: their Update is refused with what changed.
    await deputy.getByTestId('update-form').getByRole('button', { name: 'Send update' }).click();
    await deputy.getByTestId('crisis-message').filter({ hasText: /Someone else acted first — .*Consular Chief: Update “Depart Iraq immediately: commercial flights still leave” sent/ }).waitFor();

    // Mark the injured traveller's "need help" handled.
    const needHelp = chief.getByTestId('list-need_help');
    const row = needHelp.locator('li', { hasText: 'Traveller help' });
    await row.getByLabel('Note').fill('Called back; embassy team on the way');
    await row.getByRole('button', { name: 'Mark handled' }).click();
    await chief.getByTestId('crisis-message').filter({ hasText: 'Help for Traveller help marked handled.' }).waitFor();
    await chief.getByTestId('crisis-total').filter({ hasText: '1 "need help" still open' }).waitFor();

    // Policy, then escalate now once the Update went out: only people with no answer to any message are chased.
    await chief.getByLabel('Chase after (minutes)').fill('5');
    await chief.getByLabel('Rounds in all').fill('3');
    await chief.getByRole('button', { name: 'Set policy' }).click();
    await chief.getByTestId('crisis-message').filter({ hasText: 'Escalation policy saved' }).waitFor();
    const current = (await server.db.query<{ alert_id: string }>(`SELECT ca.alert_id FROM crisis_alerts ca JOIN alerts a ON a.id = ca.alert_id WHERE a.msg_type = 'Update'`)).rows[0]!.alert_id;
    await delivered(current);
    await chief.getByRole('button', { name: 'Escalate now' }).click();
    const escalated = await chief.getByTestId('crisis-message').filter({ hasText: /Escalated: \d+ reminder/ }).innerText();
    const reminders = Number(/Escalated: (\d+)/.exec(escalated)![1]);
    const { rows: chased } = await server.db.query<{ traveller_id: string }>('SELECT traveller_id FROM deliveries WHERE alert_id = $1 AND round = 2', [current]);
    assert.equal(chased.length, reminders);
    assert.ok(reminders === recipients - 2, `everyone but the two who answered is chased (${reminders} of ${recipients})`);
    assert.ok(!chased.some((r) => r.traveller_id === helpId || r.traveller_id === leaveId));
    await chief.getByTestId('timeline').getByText('Escalation round 2').first().waitFor({ timeout: 15_000 });

    // Departure: plan a flight of 4 seats, assign the party of 3, notify them through the outbox.
    await planCharterFlight(chief);
    await chief.getByLabel('Pick Traveller leave').check();
    await chief.getByRole('button', { name: 'Assign', exact: true }).click();
    await chief.getByTestId('departure-message').filter({ hasText: '3 of 4 seats taken' }).waitFor();
    await chief.getByRole('button', { name: 'Notify the people assigned' }).click();
    await chief.getByTestId('departure-message').filter({ hasText: '1 person of “Charter BGW–AMM” notified' }).waitFor();
    const manifestHref = await chief.getByRole('link', { name: 'Manifest CSV' }).getAttribute('href');
    const manifest = await chief.request.get(manifestHref!);
    assert.equal(manifest.status(), 200);
    assert.match(await manifest.text(), /Charter BGW–AMM,2030-01-05T09:00:00.000Z,Al-Rasheed Hotel lobby,Traveller leave,3,'\+964 770 123 4567,Baghdad,/);
    const csv = await chief.request.get((await chief.getByRole('link', { name: 'Export CSV' }).getAttribute('href'))!);
    assert.equal(csv.status(), 200);
    assert.equal((await csv.text()).trim().split('\r\n').length, recipients + 1);
    await chief.getByRole('heading', { name: 'Accountability across the crisis' }).scrollIntoViewIfNeeded();
    await chief.screenshot({ path: join(shots, 'crisis-room-1280.png'), fullPage: true });
    await chief.setViewportSize({ width: 390, height: 844 });
    await assertFitsWidth(chief, 'crisis room');
    await chief.screenshot({ path: join(shots, 'crisis-room-390.png'), fullPage: true });
    await chief.evaluate(() => window.scrollTo(0, 0));
    await chief.screenshot({ path: join(shots, 'crisis-room-390-top.png') });
    await chief.getByRole('heading', { name: /Need help \(open\)/ }).scrollIntoViewIfNeeded();
    await chief.screenshot({ path: join(shots, 'crisis-room-390-need-help.png') });
    await chief.getByRole('heading', { name: 'Departure assistance' }).scrollIntoViewIfNeeded();
    await chief.screenshot({ path: join(shots, 'crisis-room-390-departures.png') });
    await chief.setViewportSize({ width: 1280, height: 900 });

    // Cancel, then close: deliveries still queued are cancelled by choice, never dropped.
    chief.once('dialog', (d) => void d.accept());
    await chief.getByRole('button', { name: 'Cancel the alert' }).click();
    await chief.getByTestId('crisis-message').filter({ hasText: 'Cancel sent.' }).waitFor();
    await chief.getByLabel('Deliveries still queued').selectOption('cancel');
    await chief.getByRole('button', { name: 'Close the crisis' }).click();
    const closedText = await chief.getByTestId('crisis-message').filter({ hasText: 'Crisis closed.' }).innerText();
    await chief.getByTestId('crisis-name').filter({ hasText: 'closed' }).waitFor();
    const { rows } = await server.db.query<{ state: string; closed_deliveries: string | null }>('SELECT state, closed_deliveries FROM crises');
    assert.equal(rows[0]!.state, 'closed');
    const { rows: failed } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE last_error = 'cancelled: crisis closed'`);
    if (rows[0]!.closed_deliveries === 'cancel') assert.match(closedText, new RegExp(`, ${failed[0]!.n} queued were cancelled`));
    else assert.equal(closedText, 'Crisis closed.', 'nothing was pending');
    await chief.screenshot({ path: join(shots, 'crisis-room-closed-1280.png'), fullPage: true });
    await chief.setViewportSize({ width: 390, height: 844 });
    await assertFitsWidth(chief, 'closed crisis room');
    await chief.goto('/console/crises');
    await chief.getByTestId('crisis-list').getByText('Iraq, 3 January 2020').waitFor();
    await assertFitsWidth(chief, 'crisis list');
    assert.deepEqual(pageErrors, []);
  });
});
