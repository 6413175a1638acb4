import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALERT_KINDS, LABELS, renderMessage, resolveLanguage, smsSegments, type MessageInput } from '../../src/delivery/messages/index.js';
import { SAMPLE_CHECKIN_URL, sampleAlert } from '../support/sample-alert.js';

/** The same alert as an operator would write it in each language (one CAP info block each). */
const LOCALISED: Record<'en' | 'fr' | 'es' | 'ar', Partial<MessageInput>> = {
  en: {},
  fr: {
    language: 'fr',
    headline: 'Quittez l’Irak immédiatement',
    event: 'Des groupes armés ont attaqué plusieurs sites à Bagdad.',
    actions: ['Quittez l’Irak immédiatement.', 'Ne vous approchez pas de l’ambassade.'],
    areaDescription: 'Irak',
    senderName: 'Ambassade à Bagdad',
  },
  es: {
    language: 'es',
    headline: 'Salga de Irak de inmediato',
    event: 'Grupos armados han atacado varios lugares de Bagdad.',
    actions: ['Salga de Irak de inmediato.', 'No se acerque a la embajada.'],
    areaDescription: 'Irak',
    senderName: 'Embajada en Bagdad',
  },
  ar: {
    language: 'ar',
    headline: 'غادروا العراق فورًا',
    event: 'هاجمت جماعات مسلحة عدة مواقع في بغداد.',
    actions: ['غادروا العراق فورًا.', 'لا تقتربوا من السفارة.'],
    areaDescription: 'العراق',
    senderName: 'السفارة في بغداد',
  },
};

const EXPECTED_HEADINGS = {
  en: ['Event', 'Actions to Take', 'Assistance', 'Security Alert'],
  fr: ['Événement', 'Mesures à prendre', 'Assistance', 'Alerte de sécurité'],
  es: ['Suceso', 'Medidas a tomar', 'Asistencia', 'Alerta de seguridad'],
  ar: ['الحدث', 'الإجراءات الواجب اتخاذها', 'المساعدة', 'تنبيه أمني'],
} as const;

/** The check-in button and the SMS label in each language (src/i18n/catalogs/*.json, alert.checkinButton / checkinShort). */
const CHECKIN_WORDS = { en: ['Check in', 'Check in:'], fr: ['Donner de mes nouvelles', 'Répondez :'], es: ['Informar de mi situación', 'Responda:'], ar: ['طمئنّا عنك', 'للرد:'] } as const;

describe('renderMessage in every language', () => {
  for (const language of ['en', 'fr', 'es', 'ar'] as const) {
    const input = sampleAlert(LOCALISED[language]);
    const email = renderMessage(input, 'email');
    const sms = renderMessage(input, 'sms');

    it(`${language}: e-mail has the consular structure, the headline and the check-in link`, () => {
      for (const heading of EXPECTED_HEADINGS[language]) {
        assert.ok(email.text.includes(heading), `text lacks "${heading}"`);
        assert.ok(email.html?.includes(heading), `html lacks "${heading}"`);
      }
      assert.ok(email.subject?.includes(input.headline));
      assert.ok(email.subject?.startsWith(EXPECTED_HEADINGS[language][3]));
      assert.ok(email.text.includes(input.headline));
      assert.ok(email.text.includes(SAMPLE_CHECKIN_URL));
      assert.ok(email.html?.includes(`href="${SAMPLE_CHECKIN_URL}"`));
      assert.ok(email.text.includes('+964 760 030 3000'), 'post contacts in text');
      assert.ok(email.html?.includes('href="tel:+9647600303000"'), 'post phone linked in html');
      for (const action of input.actions) assert.ok(email.text.includes(action));
      // Event, then actions, then assistance, in that order.
      const [event, actions, assistance] = EXPECTED_HEADINGS[language].map((h) => email.text.indexOf(`${h}:`));
      assert.ok(event! < actions! && actions! < assistance!, 'sections in order');
    });

    it(`${language}: the check-in button and the SMS's link label come from the catalog`, () => {
      const [button, short] = CHECKIN_WORDS[language];
      assert.ok(email.html?.includes(`>${button}</a>`), `button "${button}"`);
      assert.ok(sms.sms?.includes(`${short} ${SAMPLE_CHECKIN_URL}`), sms.sms);
    });

    it(`${language}: html declares the language and direction`, () => {
      const dir = language === 'ar' ? 'rtl' : 'ltr';
      assert.ok(email.html?.includes(`<html lang="${language}" dir="${dir}">`));
    });

    it(`${language}: phone numbers, e-mail addresses and websites read left to right even in right-to-left text`, () => {
      assert.ok(email.html?.includes('<span dir="ltr"><a href="tel:+9647600303000">+964 760 030 3000</a></span>'), email.html);
      const isolated = [...(email.html ?? '').matchAll(/<span dir="ltr"><a href="(tel|mailto|https?):/g)].map((m) => m[1]);
      assert.ok(isolated.includes('tel') && isolated.includes('mailto'), `isolated links: ${isolated.join(', ')}`);
    });

    it(`${language}: SMS fits two segments and carries the check-in link`, () => {
      assert.equal(sms.subject, undefined);
      assert.equal(sms.html, undefined);
      assert.equal(sms.text, sms.sms);
      assert.ok(sms.sms?.endsWith(SAMPLE_CHECKIN_URL));
      assert.ok(smsSegments(sms.sms ?? '').segments <= 2, sms.sms);
    });
  }

  it('formats dates in the recipient language and the given time zone', () => {
    const fr = renderMessage(sampleAlert({ ...LOCALISED.fr, timeZone: 'Asia/Baghdad' }), 'email');
    assert.match(fr.text, /En vigueur: 14 octobre 2025 à 12:30 UTC\+3/);
    assert.match(fr.text, /Expire: 21 octobre 2025/);
    const en = renderMessage(sampleAlert(), 'email');
    assert.match(en.text, /Effective: October 14, 2025 at 09:30 AM UTC/);
  });

  it('omits the expiry line when the alert has no expiry', () => {
    const text = renderMessage(sampleAlert({ expires: undefined }), 'email').text;
    assert.ok(!text.includes('Expires'));
  });
});

describe('renderMessage details', () => {
  it('falls back to English for unknown languages and reads regional tags', () => {
    assert.equal(resolveLanguage('de'), 'en');
    assert.equal(resolveLanguage(''), 'en');
    assert.equal(resolveLanguage('fr-CA'), 'fr');
    assert.equal(resolveLanguage('ES_mx'), 'es');
    const german = renderMessage(sampleAlert({ language: 'de' }), 'email');
    assert.ok(german.text.includes('Actions to Take'));
    assert.ok(german.html?.includes('<html lang="en" dir="ltr">'));
  });

  it('has a label for every kind in every language, distinct within a language', () => {
    for (const labels of Object.values(LABELS)) {
      const names = ALERT_KINDS.map((kind) => labels.kinds[kind]);
      assert.ok(names.every((name) => name.length > 0));
      assert.equal(new Set(names).size, names.length);
    }
    const demo = renderMessage(sampleAlert({ kind: 'demonstration_alert', language: 'es' }), 'email');
    assert.ok(demo.subject?.startsWith('Alerta de manifestación'));
  });

  it('escapes every dynamic string in html', () => {
    const hostile = '<script>alert("x")</script> & \'quotes\'';
    const html =
      renderMessage(
        sampleAlert({
          headline: hostile,
          event: hostile,
          actions: [hostile],
          areaDescription: hostile,
          senderName: hostile,
          assistance: { contacts: [{ name: hostile, phone: hostile, email: hostile, website: 'javascript:alert(1)', address: hostile }], notes: [hostile] },
        }),
        'email',
      ).html ?? '';
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('href="javascript:'), 'unsafe website not used as a link');
    assert.ok(html.includes('javascript:alert(1)'), 'but still shown as text');
    assert.ok(!html.includes("'quotes'"));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;'));
  });

  it('keeps line breaks out of the subject', () => {
    const subject = renderMessage(sampleAlert({ headline: 'Depart\r\nBcc: victim@example.net' }), 'email').subject ?? '';
    assert.ok(!/[\r\n]/.test(subject));
  });

  it('refuses a check-in link that is not http(s)', () => {
    assert.throws(() => renderMessage(sampleAlert({ checkinUrl: 'javascript:alert(1)' }), 'email'), /check-in URL/);
  });

  it('gives web push a title and the short form, webhooks the full message', () => {
    const push = renderMessage(sampleAlert(), 'webpush');
    assert.ok(push.subject);
    assert.equal(push.html, undefined);
    assert.equal(push.text, push.sms);
    const hook = renderMessage(sampleAlert(), 'webhook');
    assert.ok(hook.html && hook.sms && hook.text.includes('Actions to Take'));
  });
});

describe('SMS short form under pressure', () => {
  const longHeadline = 'Armed clashes continue across central Baghdad and the roads to the airport are closed '.repeat(5);

  it('drops the actions before touching the headline', () => {
    const input = sampleAlert({ actions: ['Shelter in place until further notice from local authorities and the Embassy. '.repeat(3)] });
    const sms = renderMessage(input, 'sms').sms ?? '';
    assert.ok(sms.includes(input.headline));
    assert.ok(!sms.includes('Shelter in place'));
    assert.ok(smsSegments(sms).segments <= 2);
  });

  it('truncates an overlong headline with an ellipsis, keeping the link whole', () => {
    for (const language of ['en', 'fr', 'es', 'ar'] as const) {
      const headline = language === 'ar' ? 'اشتباكات مسلحة مستمرة في وسط بغداد والطرق إلى المطار مغلقة '.repeat(4) : longHeadline;
      const sms = renderMessage(sampleAlert({ ...LOCALISED[language], headline }), 'sms').sms ?? '';
      assert.ok(smsSegments(sms).segments <= 2, `${language}: ${smsSegments(sms).segments} segments`);
      assert.ok(sms.endsWith(SAMPLE_CHECKIN_URL), language);
      assert.ok(sms.includes('…') || sms.includes('...'), language);
    }
  });

  it('uses the whole budget: a truncated GSM-7 text is close to 306 septets', () => {
    const sms = renderMessage(sampleAlert({ headline: longHeadline }), 'sms').sms ?? '';
    const { encoding, units } = smsSegments(sms);
    assert.equal(encoding, 'GSM-7');
    assert.ok(units > 290 && units <= 306, `${units} septets`);
  });

  it('falls back to GSM-7 look-alikes for French when only that fits, and keeps UCS-2 when it fits as written', () => {
    const short = renderMessage(sampleAlert({ ...LOCALISED.fr, actions: [], senderName: 'Ambassade' }), 'sms').sms ?? '';
    assert.ok(short.includes('l’Irak'), 'fits as written: typographic apostrophe kept');
    assert.equal(smsSegments(short).encoding, 'UCS-2');
    const long = renderMessage(sampleAlert({ ...LOCALISED.fr, headline: 'Quittez l’Irak immédiatement par tout moyen commercial encore disponible' }), 'sms').sms ?? '';
    assert.equal(smsSegments(long).encoding, 'GSM-7');
    assert.ok(long.includes("l'Irak immédiatement"));
  });
});
