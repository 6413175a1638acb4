/**
 * The fixed words of every message, per language, read from the shared catalogs (src/i18n, key `alert`).
 * The alert's own content (headline, event, actions) arrives already written in the recipient's
 * language — one CAP info block per language — so only these labels need translating here.
 */
import { directionOf, resolveLanguage, translator } from '../../i18n/index.js';
import { defaultLanguage } from '../../i18n/languages.js';
import { alertKinds, messageLanguages, type AlertKind, type MessageLanguage } from '../../vocabulary.js';

export interface Labels {
  kinds: Record<AlertKind, string>;
  location: string;
  effective: string;
  expires: string;
  event: string;
  actions: string;
  assistance: string;
  phone: string;
  email: string;
  website: string;
  address: string;
  /** Invitation above the check-in link in e-mail and long forms. */
  checkinInvitation: string;
  /** Text of the check-in button. */
  checkinButton: string;
  /** Label before the link in the SMS short form; kept short on purpose. */
  checkinShort: string;
  direction: 'ltr' | 'rtl';
}

const words = ['location', 'effective', 'expires', 'event', 'actions', 'assistance', 'phone', 'email', 'website', 'address', 'checkinInvitation', 'checkinButton', 'checkinShort'] as const;

function labelsIn(language: MessageLanguage): Labels {
  const t = translator(language);
  const kinds = Object.fromEntries(alertKinds.map((kind) => [kind, t(`alert.kinds.${kind}`)])) as Record<AlertKind, string>;
  const fixed = Object.fromEntries(words.map((word) => [word, t(`alert.${word}`)])) as Record<(typeof words)[number], string>;
  return { kinds, ...fixed, direction: directionOf(language) };
}

/** Built once: the catalogs do not change while the process runs. */
export const LABELS = Object.fromEntries(messageLanguages.map((language) => [language, labelsIn(language)])) as Record<MessageLanguage, Labels>;

export type SupportedLanguage = MessageLanguage;

export const DEFAULT_LANGUAGE: SupportedLanguage = defaultLanguage;

export { resolveLanguage };
