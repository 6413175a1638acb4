/** Escaping for text and attribute values (src/markup.ts); every dynamic string in HTML goes through it. */
export { escapeMarkup as escapeHtml } from '../../markup.js';

/** Only http(s) links become hrefs; anything else (javascript:, data:) stays plain text. */
export function safeHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** tel: links keep only digits and a leading plus. */
export function telHref(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : undefined;
}

/** Plain e-mail addresses only; anything with spaces or markup is not linked. */
export function mailtoHref(email: string): string | undefined {
  return /^[^\s@<>"]+@[^\s@<>"]+$/.test(email) ? `mailto:${email}` : undefined;
}
