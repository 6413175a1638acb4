/**
 * The check-in page: server-rendered, mobile-first, works without JavaScript, no inline script or style
 * (one small stylesheet at /c/style.css; /assets/checkin-push.js only reveals the optional "notify this device" button), in the traveller's
 * language (src/i18n catalogs, key `checkin`; right-to-left languages get dir="rtl", phone numbers stay left to right).
 */
import type { CrisisPageContext } from './page-context.js';
import type { Answer } from './schema.js';
import { escapeMarkup as esc } from '../markup.js';
import { directionOf, resolveLanguage, translator } from '../i18n/index.js';

/** One language's `t`, bound to the check-in page's part of the catalog. */
type Words = (key: string) => string;
const wordsIn = (language: string): Words => { const t = translator(language); return (key) => t(`checkin.${key}`); };

function layout(language: string, title: string, body: string, script = ''): string {
  const lang = resolveLanguage(language);
  return `<!doctype html><html lang="${lang}" dir="${directionOf(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title><link rel="stylesheet" href="/c/style.css">${script}</head><body><main>${body}</main></body></html>`;
}

export interface FormState {
  token: string; language: string; headline: string; current: { answer: Answer; answeredAt: Date } | null; errors?: string[]; saved?: boolean;
  crisis?: CrisisPageContext | null; departureSaved?: boolean;
}

/** The crisis block: its latest instruction, my status across it, the emergency phone after "need help", departure assistance. */
function crisisBlock(l: Words, s: FormState): string {
  const c = s.crisis;
  if (!c) return '';
  const lines = c.instruction.split('\n').map((x) => x.trim()).filter(Boolean).map((x) => `<li>${esc(x)}</li>`).join('');
  const status = c.status ? esc(l(c.status)) : esc(l('noStatus'));
  const needHelp = c.helpOpen || c.status === 'need_help';
  const phone = needHelp && c.emergencyPhone
    ? `<p class="emergency" role="alert">${esc(l('helpCall'))} <a dir="ltr" href="tel:${esc(c.emergencyPhone.replace(/[^+0-9]/g, ''))}"><strong>${esc(c.emergencyPhone)}</strong></a> (${esc(l('emergency'))})</p>` : '';
  let departure = '';
  if (c.departure !== 'none') {
    const done = c.departure ? `<p class="ok" role="status">${esc(l('leaveDone'))} ${c.departure.partySize}, <span dir="ltr">${esc(c.departure.phone)}</span></p>` : '';
    departure = `<details${s.departureSaved ? ' open' : ''}><summary>${esc(l('leave'))}</summary>${done}<form method="post" action="/c/${esc(s.token)}/departure">
<label for="partySize">${esc(l('party'))}</label><input id="partySize" name="partySize" type="number" min="1" max="50" required value="${c.departure ? c.departure.partySize : 1}">
<label for="phone">${esc(l('phone'))}</label><input id="phone" name="phone" type="tel" dir="ltr" maxlength="50" required autocomplete="tel" value="${c.departure ? esc(c.departure.phone) : ''}">
<button type="submit">${esc(l('leaveSend'))}</button></form></details>`;
  }
  return `<section class="crisis" aria-labelledby="crisis-latest"><h2 id="crisis-latest">${esc(l('latest'))} — ${esc(c.name)}</h2><p class="alert">${esc(c.headline)}</p><ul>${lines}</ul>
<p class="current">${esc(l('across'))}: <strong>${status}</strong></p>${phone}${departure}</section>`;
}

export function checkinPage(s: FormState): string {
  const l = wordsIn(s.language);
  const radio = (value: Answer) => `<label class="answer ${value}"><input type="radio" name="answer" value="${value}" required${s.current?.answer === value ? ' checked' : ''}> ${esc(l(value))}</label>`;
  const notice = s.saved ? `<p class="ok" role="status">${esc(l('thanks'))}</p>` : '';
  const errors = s.errors?.length ? `<div class="err" role="alert"><p>${esc(l('error'))}</p><ul>${s.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></div>` : '';
  const current = s.current ? `<p class="current">${esc(l('current'))}: <strong>${esc(l(s.current.answer))}</strong> <time datetime="${s.current.answeredAt.toISOString()}">${s.current.answeredAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time></p>` : '';
  return layout(s.language, l('title'), `<h1>${esc(l('title'))}</h1><p class="alert">${esc(s.headline)}</p>${notice}${errors}${current}${crisisBlock(l, s)}
<p>${esc(l('intro'))}</p>
<form method="post" action="/c/${esc(s.token)}">
<fieldset><legend>${esc(l('title'))}</legend>${radio('safe')}${radio('need_help')}${radio('departed')}</fieldset>
<label for="message">${esc(l('message'))}</label><textarea id="message" name="message" maxlength="1000" rows="3"></textarea>
<label for="place">${esc(l('place'))}</label><input id="place" name="place" maxlength="200" autocomplete="off">
<details><summary>${esc(l('share'))}</summary><label for="lat">${esc(l('lat'))}</label><input id="lat" name="lat" inputmode="decimal" placeholder="33.3128">
<label for="lon">${esc(l('lon'))}</label><input id="lon" name="lon" inputmode="decimal" placeholder="44.3615"></details>
<button type="submit">${esc(l('send'))}</button></form>${pushBlock(s.language, s.token)}`, '<script type="module" src="/assets/checkin-push.js"></script>');
}

/**
 * Hidden until /assets/checkin-push.js finds a browser that can take notifications; then it subscribes and adds this device to the
 * person's contacts. Its status lines come in the page's language as data attributes (catalog key `push`, as on /me).
 */
function pushBlock(language: string, token: string): string {
  const t = translator(language);
  const says = (['working', 'done', 'unsupported', 'notConfigured', 'blocked', 'noAnswer', 'refused', 'noReason', 'failed'] as const)
    .map((key) => ` data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${esc(t(`push.${key}`, { reason: '{{reason}}' }))}"`).join('');
  return `<section id="push" class="push" hidden aria-labelledby="push-title" data-action="/c/${esc(token)}/push"${says}>
<h2 id="push-title">${esc(t('push.title'))}</h2><p>${esc(t('push.intro'))}</p><button type="button">${esc(t('push.button'))}</button><p role="status"></p></section>`;
}

export function problemPage(kind: 'unknown' | 'expired', language = 'en'): string {
  const l = wordsIn(language);
  return layout(language, l(kind), `<h1>${esc(l(kind))}</h1><p>${esc(l(kind === 'unknown' ? 'unknownHint' : 'expiredHint'))}</p>`);
}

export const checkinCss = `body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#111;background:#fff}
main{max-width:32rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.2rem 0}.alert{font-weight:600}
fieldset{border:0;padding:0;margin:1rem 0}legend{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.answer{display:block;padding:.9rem;margin:.5rem 0;border:2px solid #888;border-radius:.5rem;font-size:1.1rem}
.answer.safe{border-color:#1a7f37}.answer.need_help{border-color:#cf222e}.answer.departed{border-color:#0969da}
label{display:block;margin-top:.6rem}textarea,input:not([type=radio]){width:100%;box-sizing:border-box;font:inherit;padding:.5rem}
button{margin-top:1rem;width:100%;padding:.9rem;font:inherit;font-weight:600;background:#111;color:#fff;border:0;border-radius:.5rem}
.ok{background:#dafbe1;padding:.6rem}.crisis{border:2px solid #0b3954;border-radius:.5rem;padding:.2rem .8rem;margin:1rem 0}.crisis h2{font-size:1.1rem}
.push{border-top:1px solid #ccc;margin-top:1.5rem}.push h2{font-size:1.1rem}.push button{background:#0b3954}
.emergency{background:#ffebe9;padding:.6rem;font-size:1.1rem}.emergency a{color:#a3101a}.err{background:#ffebe9;padding:.6rem}details{margin-top:.8rem}
`;
