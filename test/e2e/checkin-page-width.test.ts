/**
 * The check-in page on a phone, in every language it speaks (Arabic right to left): nothing sticks out
 * sideways, with the current answer, an error list and the visually hidden legend on the page.
 */
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { checkinPage } from '../../src/checkins/page.js';
import { assertFitsWidth, chromiumArgs, chromiumPath } from '../support/browser.js';

let browser: Browser;
before(async () => { browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }); });
after(async () => { await browser?.close(); });

describe('the check-in page at 390 px', () => {
  for (const language of ['en', 'fr', 'es', 'ar']) {
    it(`fits the phone's width in ${language}, with an answer shown and an error listed`, async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      try {
        await page.setContent(checkinPage({ token: 'x'.repeat(40), language, headline: 'Depart Iraq immediately — اغادروا العراق فورا',
          current: { answer: 'safe', answeredAt: new Date('2020-01-03T09:00:00Z') }, errors: ['place: too long'] }));
        await assertFitsWidth(page, `check-in page (${language})`);
      } finally {
        await page.close();
      }
    });
  }
});
