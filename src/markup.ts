/**
 * The one escaper for text put into HTML or XML (element text and quoted attribute values): the five
 * characters that can end a text or an attribute become entity references valid in both languages.
 * Used by the e-mail bodies, the check-in page and the TwiML answers to inbound SMS.
 */
const MARKUP_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeMarkup(value: string): string {
  return value.replace(/[&<>"']/g, (char) => MARKUP_ESCAPES[char] ?? char);
}
