/**
 * The check-in page: server-rendered, mobile-first, works without JavaScript, no inline script or style
 * (one small stylesheet at /c/style.css; /assets/checkin-push.js only reveals the optional "notify this device" button), in the traveller's language (en, fr, es, ar; ar right-to-left).
 */
import type { CrisisPageContext } from './page-context.js';
import type { Answer } from './schema.js';
import { escapeMarkup as esc } from '../markup.js';
import type { MessageLanguage } from '../vocabulary.js';

type Lang = MessageLanguage;
const labels: Record<Lang, Record<string, string>> = {
  en: { latest: 'Latest instruction', across: 'Your status in this crisis', emergency: 'Emergency phone', helpCall: 'If you are in danger, call', leave: 'I need help to leave', party: 'People in my party (me included)', phone: 'Phone number to reach me', leaveSend: 'Ask for help to leave', leaveDone: 'Your request for help to leave is recorded: party of', noStatus: 'no answer yet', title: 'Check in', intro: 'Tell us how you are. You can answer again at any time; your latest answer counts.', safe: 'I am safe', need_help: 'I need help', departed: 'I have left the area',
    message: 'Message (what you need, how to reach you)', place: 'Where are you now? (optional)', share: 'Share my location (optional)', lat: 'Latitude', lon: 'Longitude',
    send: 'Send', current: 'Your current answer', thanks: 'Thank you — your answer is recorded.', unknown: 'This check-in link is not valid.', unknownHint: 'Check that you opened the whole link from the message, or reply to the message with SAFE, HELP or LEFT.',
    expired: 'This check-in link has expired.', expiredHint: 'The alert it belongs to is over. If you need help, call the emergency numbers in the alert.', error: 'Please correct:',
    pushTitle: 'Notifications on this device', pushIntro: 'Get the next messages about this alert as a notification on this phone or computer.', pushButton: 'Notify me on this device', pushWorking: 'Asking your browser…', pushDone: 'This device will be notified.' },
  fr: { latest: 'Dernière consigne', across: 'Votre situation dans cette crise', emergency: 'Téléphone d’urgence', helpCall: 'Si vous êtes en danger, appelez le', leave: 'J’ai besoin d’aide pour partir', party: 'Personnes avec moi (moi compris)', phone: 'Téléphone pour me joindre', leaveSend: 'Demander de l’aide pour partir', leaveDone: 'Votre demande d’aide au départ est enregistrée : groupe de', noStatus: 'pas encore de réponse', title: 'Signalez-vous', intro: 'Dites-nous comment vous allez. Vous pouvez répondre à nouveau ; la dernière réponse compte.', safe: 'Je suis en sécurité', need_help: 'J’ai besoin d’aide', departed: 'J’ai quitté la zone',
    message: 'Message (ce dont vous avez besoin, comment vous joindre)', place: 'Où êtes-vous ? (facultatif)', share: 'Partager ma position (facultatif)', lat: 'Latitude', lon: 'Longitude',
    send: 'Envoyer', current: 'Votre réponse actuelle', thanks: 'Merci — votre réponse est enregistrée.', unknown: 'Ce lien n’est pas valide.', unknownHint: 'Vérifiez que le lien est complet, ou répondez au message par SAUF, AIDE ou PARTI.',
    expired: 'Ce lien a expiré.', expiredHint: 'L’alerte est terminée. En cas de besoin, appelez les numéros d’urgence de l’alerte.', error: 'Veuillez corriger :',
    pushTitle: 'Notifications sur cet appareil', pushIntro: 'Recevez les prochains messages de cette alerte en notification sur ce téléphone ou cet ordinateur.', pushButton: 'M’avertir sur cet appareil', pushWorking: 'Demande au navigateur…', pushDone: 'Cet appareil sera averti.' },
  es: { latest: 'Última instrucción', across: 'Su estado en esta crisis', emergency: 'Teléfono de emergencia', helpCall: 'Si está en peligro, llame al', leave: 'Necesito ayuda para salir', party: 'Personas en mi grupo (incluido yo)', phone: 'Teléfono para contactarme', leaveSend: 'Pedir ayuda para salir', leaveDone: 'Su solicitud de ayuda para salir está registrada: grupo de', noStatus: 'sin respuesta todavía', title: 'Confirme su estado', intro: 'Díganos cómo está. Puede responder de nuevo; cuenta la última respuesta.', safe: 'Estoy a salvo', need_help: 'Necesito ayuda', departed: 'He salido de la zona',
    message: 'Mensaje (qué necesita, cómo contactarle)', place: '¿Dónde está ahora? (opcional)', share: 'Compartir mi ubicación (opcional)', lat: 'Latitud', lon: 'Longitud',
    send: 'Enviar', current: 'Su respuesta actual', thanks: 'Gracias: su respuesta está registrada.', unknown: 'Este enlace no es válido.', unknownHint: 'Compruebe que abrió el enlace completo o responda al mensaje con A SALVO, AYUDA o SALÍ.',
    expired: 'Este enlace ha caducado.', expiredHint: 'La alerta ha terminado. Si necesita ayuda, llame a los números de emergencia de la alerta.', error: 'Corrija:',
    pushTitle: 'Notificaciones en este dispositivo', pushIntro: 'Reciba los próximos mensajes de esta alerta como notificación en este teléfono u ordenador.', pushButton: 'Avisarme en este dispositivo', pushWorking: 'Consultando al navegador…', pushDone: 'Este dispositivo recibirá avisos.' },
  ar: { latest: 'آخر التعليمات', across: 'وضعك في هذه الأزمة', emergency: 'هاتف الطوارئ', helpCall: 'إذا كنت في خطر فاتصل بالرقم', leave: 'أحتاج إلى مساعدة للمغادرة', party: 'عدد الأشخاص معي (بمن فيهم أنا)', phone: 'رقم هاتف للتواصل معي', leaveSend: 'طلب المساعدة للمغادرة', leaveDone: 'تم تسجيل طلبك للمساعدة على المغادرة: مجموعة من', noStatus: 'لا توجد إجابة بعد', title: 'طمئنا عنك', intro: 'أخبرنا كيف حالك. يمكنك الإجابة مرة أخرى؛ آخر إجابة هي المعتمدة.', safe: 'أنا آمن', need_help: 'أحتاج إلى مساعدة', departed: 'غادرت المنطقة',
    message: 'رسالة (ما تحتاجه وكيف نتواصل معك)', place: 'أين أنت الآن؟ (اختياري)', share: 'مشاركة موقعي (اختياري)', lat: 'خط العرض', lon: 'خط الطول',
    send: 'إرسال', current: 'إجابتك الحالية', thanks: 'شكرا، تم تسجيل إجابتك.', unknown: 'رابط التحقق هذا غير صالح.', unknownHint: 'تأكد من فتح الرابط كاملا أو رد على الرسالة بكلمة آمن أو مساعدة أو غادرت.',
    expired: 'انتهت صلاحية هذا الرابط.', expiredHint: 'انتهى التنبيه. إذا احتجت إلى مساعدة فاتصل بأرقام الطوارئ في التنبيه.', error: 'يرجى التصحيح:',
    pushTitle: 'الإشعارات على هذا الجهاز', pushIntro: 'استلم الرسائل التالية عن هذا التنبيه كإشعار على هذا الهاتف أو الحاسوب.', pushButton: 'أبلغني على هذا الجهاز', pushWorking: 'جارٍ سؤال المتصفح…', pushDone: 'سيتلقى هذا الجهاز الإشعارات.' },
};

const langOf = (language: string): Lang => (language in labels ? (language as Lang) : 'en');

function layout(lang: Lang, title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="${lang}"${lang === 'ar' ? ' dir="rtl"' : ''}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title><link rel="stylesheet" href="/c/style.css">${script}</head><body><main>${body}</main></body></html>`;
}

export interface FormState {
  token: string; language: string; headline: string; current: { answer: Answer; answeredAt: Date } | null; errors?: string[]; saved?: boolean;
  crisis?: CrisisPageContext | null; departureSaved?: boolean;
}

/** The crisis block: its latest instruction, my status across it, the emergency phone after "need help", departure assistance. */
function crisisBlock(l: Record<string, string>, s: FormState): string {
  const c = s.crisis;
  if (!c) return '';
  const lines = c.instruction.split('\n').map((x) => x.trim()).filter(Boolean).map((x) => `<li>${esc(x)}</li>`).join('');
  const status = c.status ? esc(l[c.status] ?? c.status) : esc(l.noStatus!);
  const needHelp = c.helpOpen || c.status === 'need_help';
  const phone = needHelp && c.emergencyPhone
    ? `<p class="emergency" role="alert">${esc(l.helpCall!)} <a href="tel:${esc(c.emergencyPhone.replace(/[^+0-9]/g, ''))}"><strong>${esc(c.emergencyPhone)}</strong></a> (${esc(l.emergency!)})</p>` : '';
  let departure = '';
  if (c.departure !== 'none') {
    const done = c.departure ? `<p class="ok" role="status">${esc(l.leaveDone!)} ${c.departure.partySize}, ${esc(c.departure.phone)}</p>` : '';
    departure = `<details${s.departureSaved ? ' open' : ''}><summary>${esc(l.leave!)}</summary>${done}<form method="post" action="/c/${esc(s.token)}/departure">
<label for="partySize">${esc(l.party!)}</label><input id="partySize" name="partySize" type="number" min="1" max="50" required value="${c.departure ? c.departure.partySize : 1}">
<label for="phone">${esc(l.phone!)}</label><input id="phone" name="phone" type="tel" maxlength="50" required autocomplete="tel" value="${c.departure ? esc(c.departure.phone) : ''}">
<button type="submit">${esc(l.leaveSend!)}</button></form></details>`;
  }
  return `<section class="crisis" aria-labelledby="crisis-latest"><h2 id="crisis-latest">${esc(l.latest!)} — ${esc(c.name)}</h2><p class="alert">${esc(c.headline)}</p><ul>${lines}</ul>
<p class="current">${esc(l.across!)}: <strong>${status}</strong></p>${phone}${departure}</section>`;
}

export function checkinPage(s: FormState): string {
  const l = labels[langOf(s.language)];
  const radio = (value: Answer) => `<label class="answer ${value}"><input type="radio" name="answer" value="${value}" required${s.current?.answer === value ? ' checked' : ''}> ${esc(l[value]!)}</label>`;
  const notice = s.saved ? `<p class="ok" role="status">${esc(l.thanks!)}</p>` : '';
  const errors = s.errors?.length ? `<div class="err" role="alert"><p>${esc(l.error!)}</p><ul>${s.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></div>` : '';
  const current = s.current ? `<p class="current">${esc(l.current!)}: <strong>${esc(l[s.current.answer]!)}</strong> <time datetime="${s.current.answeredAt.toISOString()}">${s.current.answeredAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time></p>` : '';
  return layout(langOf(s.language), l.title!, `<h1>${esc(l.title!)}</h1><p class="alert">${esc(s.headline)}</p>${notice}${errors}${current}${crisisBlock(l, s)}
<p>${esc(l.intro!)}</p>
<form method="post" action="/c/${esc(s.token)}">
<fieldset><legend>${esc(l.title!)}</legend>${radio('safe')}${radio('need_help')}${radio('departed')}</fieldset>
<label for="message">${esc(l.message!)}</label><textarea id="message" name="message" maxlength="1000" rows="3"></textarea>
<label for="place">${esc(l.place!)}</label><input id="place" name="place" maxlength="200" autocomplete="off">
<details><summary>${esc(l.share!)}</summary><label for="lat">${esc(l.lat!)}</label><input id="lat" name="lat" inputmode="decimal" placeholder="33.3128">
<label for="lon">${esc(l.lon!)}</label><input id="lon" name="lon" inputmode="decimal" placeholder="44.3615"></details>
<button type="submit">${esc(l.send!)}</button></form>${pushBlock(l, s.token)}`, '<script type="module" src="/assets/checkin-push.js"></script>');
}

/** Hidden until /assets/checkin-push.js finds a browser that can take notifications; then it subscribes and adds this device to the person's contacts. */
function pushBlock(l: Record<string, string>, token: string): string {
  return `<section id="push" class="push" hidden aria-labelledby="push-title" data-action="/c/${esc(token)}/push" data-working="${esc(l.pushWorking!)}" data-done="${esc(l.pushDone!)}">
<h2 id="push-title">${esc(l.pushTitle!)}</h2><p>${esc(l.pushIntro!)}</p><button type="button">${esc(l.pushButton!)}</button><p role="status"></p></section>`;
}

export function problemPage(kind: 'unknown' | 'expired', language = 'en'): string {
  const l = labels[langOf(language)];
  return layout(langOf(language), l[kind]!, `<h1>${esc(l[kind]!)}</h1><p>${esc(l[kind === 'unknown' ? 'unknownHint' : 'expiredHint']!)}</p>`);
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
