/** Shared by the browser tests: Debian's chromium through playwright-core, and the axe-core check. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
interface AxeViolation { id: string; impact: string | null; help: string; nodes: string[] }

/** Runs axe-core in the page (injected over the DevTools protocol, so the page's CSP does not block it); fails on serious or critical violations. */
export async function assertAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  }) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${what}: axe-core found serious or critical violations`);
}

export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where a browser test keeps its open contexts (closed in its `after`) and the page errors it asserts on. */
export interface BrowserSession { browser: Browser; baseURL: string; contexts: BrowserContext[]; pageErrors: string[] }

/** A page in a context of its own that records page errors and refuses (and records) any request off loopback. */
export async function loopbackPage(session: BrowserSession, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await session.browser.newContext({ viewport, baseURL: session.baseURL });
  session.contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => session.pageErrors.push(e.message));
  await page.route((url) => url.hostname !== '127.0.0.1', (route) => { session.pageErrors.push(`external request ${route.request().url()}`); return route.abort(); });
  return page;
}

/** Signs in to the console as a person would and waits for the dashboard. */
export async function signInToConsole(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/console');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** At a phone's width nothing may stick out sideways: the page is no wider than the screen (names the outermost offenders). */
export async function assertFitsWidth(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth, offenders } = await page.evaluate(() => {
    // The outermost elements that stick out: their parent does not. (No named function here: tsx would wrap it in __name.)
    const limit = window.innerWidth + 0.5;
    const wide = Array.from(document.querySelectorAll('body *')).filter((e) => !e.closest('svg') && e.getBoundingClientRect().right > limit && !(e.parentElement && e.parentElement.getBoundingClientRect().right > limit))
      .map((e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, offenders: wide.slice(0, 5) };
  });
  assert.ok(scrollWidth <= innerWidth, `${what}: ${scrollWidth} px wide at a ${innerWidth} px viewport (${offenders.join(', ')})`);
}

/** In the crisis room: plans the model case's flight (4 seats, Charter BGW–AMM from the Al-Rasheed Hotel lobby) and waits for the room to confirm it. */
export async function planCharterFlight(room: Page): Promise<void> {
  const plan = room.getByRole('form', { name: 'Plan a departure' });
  await plan.getByLabel('Name').fill('Charter BGW–AMM');
  await plan.getByLabel('Seats').fill('4');
  await plan.getByLabel('Departs (UTC)').fill('2030-01-05T09:00');
  await plan.getByLabel('Assembly point').fill('Al-Rasheed Hotel lobby');
  await plan.getByRole('button', { name: 'Plan departure' }).click();
  await room.getByTestId('departure-message').filter({ hasText: 'Departure “Charter BGW–AMM” planned.' }).waitFor();
}
