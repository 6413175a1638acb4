/**
 * What a draft alert tells travellers to do, per event kind and advisory level, in every language
 * Warden writes messages in. The phrases are the i18n catalogs' `draft` namespace
 * (src/i18n/catalogs/draft/*.json), checked for completeness with the others by
 * test/foundation/i18n-catalogs.test.ts; they are kept apart from the pages' catalogs because only the
 * server writes drafts, so the web app never downloads them.
 *
 * Invariants: a departure line is written only when the extraction carries departure advice by an
 * authority (the caller decides); every kind of the taxonomy has a line in English (the type of the
 * English catalog checks it, below) and every other catalog has every English key (the catalog test), so a
 * flood draft never falls back to "keep a low profile".
 */
import type { DraftCatalog } from '../../i18n/catalogs.js';
import { draftTranslator } from '../../i18n/index.js';
import { messageLanguages, type MessageLanguage } from '../../vocabulary.js';
import type { EventKind } from './events.js';

export type SupportedLanguage = MessageLanguage;
export const draftLanguages: readonly SupportedLanguage[] = messageLanguages;

// Compile-time: the English catalog names exactly the taxonomy's kinds and the four levels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const kindsCovered: Same<keyof DraftCatalog['kind'], EventKind> = true;
const levelsCovered: Same<keyof DraftCatalog['level'], '1' | '2' | '3' | '4'> = true;
void kindsCovered;
void levelsCovered;

/** A country's name in a language (Intl's CLDR names; the English name as written in the source for 'en'). */
export function countryNameIn(language: SupportedLanguage, code: string, english: string): string {
  if (language === 'en') return english;
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? english;
  } catch {
    return english;
  }
}

export interface InstructionInput {
  /** Countries an authority advised its citizens to leave: code and English name. */
  depart: Array<{ code: string; name: string }>;
  avoidFacility?: string;
  consularSuspended: boolean;
  /** Event kinds, most important first. */
  kinds: EventKind[];
  level: 1 | 2 | 3 | 4;
}

/** The instruction in one language: departure, facility, consular line, one line per kind (≤ 3), the level's line, check-in. */
export function instructionIn(language: SupportedLanguage, input: InstructionInput): string {
  const t = draftTranslator(language);
  const parts: string[] = [];
  if (input.depart.length > 0) parts.push(t('depart', { countries: input.depart.map((c) => countryNameIn(language, c.code, c.name)).join(t('and')) }));
  if (input.avoidFacility) parts.push(t('avoid', { facility: input.avoidFacility }));
  if (input.consularSuspended) parts.push(t('consularSuspended'));
  for (const kind of [...new Set(input.kinds)].slice(0, 3)) parts.push(t(`kind.${kind}`));
  parts.push(t(`level.${input.level}`), t('checkIn'));
  return [...new Set(parts)].join(' ');
}

export function instructionsFor(input: InstructionInput): Record<SupportedLanguage, string> {
  return Object.fromEntries(draftLanguages.map((l) => [l, instructionIn(l, input)])) as Record<SupportedLanguage, string>;
}
