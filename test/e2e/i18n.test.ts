/**
 * The public site and "My Warden" in the browser's language (Chromium's `locale` sets navigator.languages and
 * Accept-Language), French left to right and Arabic right to left, the visible switcher that remembers a choice,
 * and the console that stays English. Screenshots at 390 and 1280 px (`npm run screenshots` refreshes docs/screenshots).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { systemActor } from '../../src/auth/roles.js';
import { createLoginToken } from '../../src/travellers/me.js';
import { createTraveller } from '../../src/travellers/service.js';
import { alertBody, publishNow } from '../support/alert-fixtures.js';
import { recipientTokens } from '../support/checkin-fixtures.js';
import { assertAccessible, chromiumArgs, chromiumPath, signInToConsole } from '../support/browser.js';
import { ensureWebBuild, operatorPassword, startWebServer, type WebServer } from '../support/web-app.js';

const shots = process.env.WARDEN_SCREENSHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'warden-shots-'));
const EMAIL = 'rana.i18n@example.net';
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };

describe('web: the public site and /me in French and Arabic', { timeout: 180_000 }, () => {
  let server: WebServer;
  let browser: Browser;
  /** Rana's check-in link token for the alert published in before(). */
  let checkinToken = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  /** A browser whose language is `locale` (navigator.languages, Accept-Language), on loopback only. */
  const pageIn = async (locale: string, viewport = desktop): Promise<Page> => {
    const context = await browser.newContext({ viewport, baseURL: server.url, locale });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route((url) => url.hostname !== '127.0.0.1', (route) => { pageErrors.push(`external request ${route.request().url()}`); return route.abort(); });
    return page;
  };
  const documentLanguage = (page: Page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  const signedIn = async (page: Page) => {
    const login = await createLoginToken(server.db, EMAIL, 15);
    assert.ok(login);
    await page.goto(`/me?token=${login.token}`);
  };
  const fitsPhone = async (page: Page, what: string) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= phone.width, `${what}: no horizontal scrolling on a phone (page is ${width}px wide)`);
  };

  /** The map page at both widths: its checks, then the phone-width check, the screenshot and (at 1280) axe-core. */
  const eachWidth = async (locale: string, title: string, check: (page: Page, width: number) => Promise<void>) => {
    for (const [viewport, size] of [[desktop, 1280], [phone, 390]] as const) {
      const page = await pageIn(locale, viewport);
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await check(page, viewport.width);
      if (size === 390) await fitsPhone(page, `map page in ${locale}`);
      await page.screenshot({ path: `${shots}/public-home-${locale.slice(0, 2)}-${size}.png`, fullPage: size === 1280 });
      if (size === 1280) await assertAccessible(page, `map page in ${locale}`);
    }
  };

  before(async () => {
    ensureWebBuild();
    mkdirSync(shots, { recursive: true });
    server = await startWebServer({ travellers: 20 });
    // The traveller's stored language (Arabic) is for the messages Warden sends; the pages follow the browser.
    const rana = await createTraveller(server.db, systemActor('test'), {
      fullName: 'Rana Haddad', language: 'ar', consent: true,
      contacts: [{ channel: 'email', address: EMAIL }, { channel: 'sms', address: '+964 770 123 4567' }],
      trips: [{ countryCode: 'IQ', placeName: 'Baghdad', startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: null }],
    });
    // An alert with an Arabic block: Rana reads it, and answers it, in Arabic.
    const body = alertBody();
    const alert = await publishNow(server.db, { ...body, infos: [...(body.infos as object[]), { language: 'ar', event: 'اشتباكات مسلحة', headline: 'غادروا العراق فورًا',
      description: 'هاجمت جماعات مسلحة عدة مواقع في بغداد.', instruction: 'غادروا العراق فورًا.\nلا تقتربوا من السفارة.' }] });
    checkinToken = (await recipientTokens(server.db, 'e2e-secret-e2e-secret-e2e-secret-0123456', alert.alert.id)).get(rana.id)!;
    assert.ok(checkinToken, 'Rana is a recipient');
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('French browser: the map page in French, left to right, Iraq named and levelled in French', async () => {
    await eachWidth('fr-FR', 'Conseils aux voyageurs', async (page) => {
      assert.deepEqual(await documentLanguage(page), { lang: 'fr', dir: 'ltr' });
      const nav = page.getByRole('navigation', { name: 'Principal' });
      for (const name of ['Carte', 'Liste', 'Alertes', 'S’abonner', 'S’inscrire', 'Mon Warden']) await nav.getByRole('link', { name, exact: true }).waitFor();
      await page.getByRole('link', { name: 'Irak : niveau 4, Ne pas voyager' }).first().waitFor();
      await page.getByRole('heading', { name: 'Tous les conseils' }).waitFor();
      assert.match(await page.locator('.legend').innerText(), /Niveau 1 : Prendre les précautions habituelles/);
      assert.equal(await page.getByLabel('Langue').inputValue(), 'fr', 'the switcher shows the language in use');
    });
  });

  it('Arabic browser: the map page right to left, the header mirrored, country page in Arabic with phone numbers left to right', async () => {
    await eachWidth('ar', 'إرشادات السفر', async (page, width) => {
      assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' });
      await page.getByRole('link', { name: 'العراق: المستوى 4، لا تسافر' }).first().waitFor();
      // Mirrored: the brand sits at the right edge, the heading's text starts on the right.
      const brand = (await page.getByRole('link', { name: 'Warden', exact: true }).boundingBox())!;
      assert.ok(brand.x > width / 2, `the brand is on the right (x=${brand.x})`);
      const heading = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
      const text = await page.getByRole('heading', { level: 1 }).evaluate((h) => { const r = document.createRange(); r.selectNodeContents(h); return r.getBoundingClientRect(); });
      assert.ok(Math.abs(text.right - (heading.x + heading.width)) < 2, 'the heading is right-aligned');
    });
    const country = await pageIn('ar', phone);
    await country.goto('/country/iq');
    await country.getByRole('heading', { level: 1, name: 'العراق' }).waitFor();
    assert.match(await country.getByTestId('level').innerText(), /المستوى 4\s+لا تسافر/);
    assert.match(await country.getByTestId('post-embassy-baghdad').first().innerText(), /الأعمال معلّقة/);
    const tel = country.locator('.contacts a[href^="tel:"]').first();
    assert.equal(await tel.getAttribute('dir'), 'ltr', 'phone numbers read left to right');
    await fitsPhone(country, 'Arabic country page');
  });

  it('the switcher changes the language at once and remembers it; the console stays English', async () => {
    const page = await pageIn('ar', phone);
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'إرشادات السفر' }).waitFor();
    await page.getByLabel('اللغة').selectOption('es');
    await page.getByRole('heading', { level: 1, name: 'Recomendaciones de viaje' }).waitFor();
    assert.deepEqual(await documentLanguage(page), { lang: 'es', dir: 'ltr' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Recomendaciones de viaje' }).waitFor();
    assert.equal(await page.getByLabel('Idioma').inputValue(), 'es', 'the choice outlives a reload, over the browser\'s Arabic');
    await page.goto('/console');
    await page.getByLabel('E-mail').waitFor();
    assert.deepEqual(await documentLanguage(page), { lang: 'en', dir: 'ltr' }, 'the console is English');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Inside the console, the parts it shares with the public site (the map, its legend) speak English too.
    await signInToConsole(page, 'duty@ops.test', operatorPassword);
    await page.goto('/console/alerts/new');
    await page.locator('.legend').filter({ hasText: 'Level 4: Do not travel' }).waitFor();
    assert.equal(await page.locator('svg path[data-cc="IQ"] title').first().textContent(), 'Iraq: Level 4, Do not travel');
    assert.deepEqual(await documentLanguage(page), { lang: 'en', dir: 'ltr' });
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Recomendaciones de viaje' }).waitFor();
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Travel advisories' }).waitFor();
    assert.deepEqual(await documentLanguage(page), { lang: 'en', dir: 'ltr' });
  });

  it('the check-in page in Arabic (the traveller\'s stored language): right to left, Arabic answers and button', async () => {
    const page = await pageIn('en-GB', phone);
    await page.goto(`/c/${checkinToken}`);
    await page.getByRole('heading', { level: 1, name: 'طمئنا عنك' }).waitFor();
    assert.deepEqual(await documentLanguage(page), { lang: 'ar', dir: 'rtl' });
    await page.getByText('غادروا العراق فورًا').first().waitFor();
    await page.getByLabel('أنا آمن').check();
    await page.screenshot({ path: `${shots}/checkin-ar-390.png`, fullPage: true });
    await page.getByRole('button', { name: 'إرسال' }).click();
    await page.getByRole('status').filter({ hasText: 'شكرا، تم تسجيل إجابتك.' }).waitFor();
    await assertAccessible(page, 'check-in page in Arabic');
    await fitsPhone(page, 'Arabic check-in page');
  });

  it('/me in French and in Arabic: sign-in page, then the signed-in page, contacts left to right', async () => {
    const fr = await pageIn('fr-FR', phone);
    await fr.goto('/me');
    await fr.getByRole('heading', { level: 1, name: 'Mon Warden' }).waitFor();
    await fr.getByRole('button', { name: 'M’envoyer un lien de connexion' }).waitFor();
    await fr.getByLabel('Votre adresse électronique').fill(EMAIL);
    await fr.getByRole('button', { name: 'M’envoyer un lien de connexion' }).click();
    await fr.getByRole('status').filter({ hasText: 'un lien de connexion est en route' }).waitFor();

    for (const [locale, viewport, size] of [['fr-FR', desktop, 1280], ['fr-FR', phone, 390], ['ar', desktop, 1280], ['ar', phone, 390]] as const) {
      const page = await pageIn(locale, viewport);
      await signedIn(page);
      const arabic = locale === 'ar';
      await page.getByRole('heading', { level: 1, name: arabic ? 'حسابي في Warden' : 'Mon Warden' }).waitFor();
      assert.deepEqual(await documentLanguage(page), arabic ? { lang: 'ar', dir: 'rtl' } : { lang: 'fr', dir: 'ltr' });
      for (const name of arabic ? ['تنبيهاتي', 'رحلاتي', 'إجاباتي', 'كيف نصل إليك'] : ['Mes alertes', 'Mes voyages', 'Mes réponses', 'Comment vous joindre']) {
        await page.getByRole('heading', { level: 2, name }).waitFor();
      }
      await page.getByTestId('my-trip').filter({ hasText: 'Baghdad' }).waitFor();
      // The alert's headline is in Rana's language; the words around it in the page's.
      const mine = page.getByTestId('my-alert').filter({ hasText: 'غادروا العراق فورًا' });
      assert.match(await mine.innerText(), arabic ? /إجابتك: أنا آمن/ : /Votre réponse : Je suis en sécurité/);
      assert.match(await page.getByTestId('my-trip').first().innerText(), arabic ? /حذف/ : /Supprimer/);
      const phoneField = page.getByLabel(arabic ? 'العنوان 2' : 'Adresse 2');
      assert.equal(await phoneField.inputValue(), '+9647701234567');
      assert.equal(await phoneField.getAttribute('dir'), 'ltr', 'the phone number reads left to right');
      await page.getByRole('button', { name: arabic ? 'حفظ بيانات الاتصال' : 'Enregistrer les coordonnées' }).click();
      await page.getByRole('status').filter({ hasText: arabic ? 'حُفظت بيانات الاتصال بك.' : 'Vos coordonnées sont enregistrées.' }).waitFor();
      if (size === 390) await fitsPhone(page, `/me in ${locale}`);
      await page.screenshot({ path: `${shots}/me-${arabic ? 'ar' : 'fr'}-${size}.png`, fullPage: true });
      if (size === 390) await assertAccessible(page, `/me in ${locale}`);
    }
  });

  it('raised no script errors and made no request off this machine', () => {
    assert.deepEqual(pageErrors, []);
  });
});
