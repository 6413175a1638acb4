/**
 * Which language Warden speaks to a person, and in which direction it is written. The languages are the
 * shared vocabulary's (src/vocabulary.ts `messageLanguages`, `rightToLeftLanguages`): this module only
 * resolves a tag to one of them. Pure, like the vocabulary, so the web app imports it too.
 */
import { messageLanguages, rightToLeftLanguages, type Language, type MessageLanguage } from '../vocabulary.js';

export const defaultLanguage: MessageLanguage = 'en';

const spoken: ReadonlySet<string> = new Set(messageLanguages);

/** "fr-CA", "FR", "fr_FR" → "fr"; languages Warden has no catalog for fall back to English. */
export function resolveLanguage(tag: string | null | undefined): MessageLanguage {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return spoken.has(primary) ? (primary as MessageLanguage) : defaultLanguage;
}

export function directionOf(language: string): 'ltr' | 'rtl' {
  return rightToLeftLanguages.includes(resolveLanguage(language) as Language) ? 'rtl' : 'ltr';
}

/** A language's own name ("français", "العربية"), from the runtime's CLDR data rather than a table of ours. */
export function endonym(language: string): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}
