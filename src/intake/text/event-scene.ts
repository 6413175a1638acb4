/**
 * Where an event happened: the place its own sentence is about, nearest the cue and most specific,
 * skipping places used as modifiers ("a U.S. airstrike"), speakers ("The United States condemned")
 * and origins ("a soldier from Killeen, Texas"). Split out of events.ts, which finds the events.
 */
import type { Actor } from './actor-types.js';
import type { Place, PlaceKind } from './places.js';
import type { Sentence } from './tokens.js';

export const SPECIFICITY: Readonly<Record<PlaceKind, number>> = { site: 4, city: 3, subdivision: 2, country: 1, region: 0 };

const DETERMINER_BEFORE = /\b(a|an|the|its|his|her|their|our)\s+$/i;
/** Lower-case words that may follow a place used as a location ("leave Iraq and", "in Iraq immediately"). */
const NOT_A_HEAD_NOUN = /^(and|or|but|in|on|at|to|for|with|from|by|of|as|is|was|are|were|has|had|have|will|would|said|says|after|before|since|until|where|which|who|that|because|while|\w+ly|(?!(?:armed|backed|based|led|owned|funded|made|allied|trained)$)\w+ed)$/i;
/** A place that speaks or reacts ("The United States condemned the bombing", "Washington, in a statement, said"). */
const SPEAKER_AFTER = /^(?:\s*(?:,|and)\s+(?:the\s+)?\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)*)*\s*(?:,[^,.;]{0,60},\s*)?(?:(?:has|have|had|also|quickly|swiftly|strongly|later|then)\s+)*(condemn\w*|denounc\w*|said|says|urg(?:ed|es)|call(?:ed|s)|warn(?:ed|s)|express\w*|offer\w*|announc\w*|stat(?:ed|es)|respond\w*|react\w*|pledg\w*|demand\w*|blam(?:ed|es)|accus(?:ed|es)|deplor\w*|sent|sends|promis\w*|vow(?:ed|s))\b/iu;
/** Words before a place that make it where something is, so it cannot be the speaker ("officers in Gabon said"). */
const LOCATIVE_BEFORE = /\b(in|at|on|off|across|near|inside|outside|throughout|around|from)\s+(?:the\s+)?$/i;
/** A nationality word used as a place: "the eastern Libyan city of Derna", "the Indian state of Kerala". */
const DEMONYM_AS_PLACE = /^\s+(city|town|village|capital|coast|island|islands|province|state|region|border|port|district|peninsula|mountains)\b/i;
/** A place that is where someone comes from ("a soldier from Killeen, Texas", "Sgt. Miller, 24, of Killeen"). */
const ORIGIN_BEFORE = /(?:\b(?:soldiers?|servicem[ae]n|servicewom[ae]n|marines?|troops|sergeant|sgt\.?|man|woman|men|women|tourists?|students?|citizens?|nationals?|victims?|natives?|residents?|who (?:was|were|is|are|came)|hails?|hailed|originally|family)\s+from|\bnative of|\bhome ?town(?: of)?|\bborn in|\bgrew up in|\braised in|\bresidents? of|,\s*(?:\d{1,3},\s*)?of)\s+(?:the\s+)?$/i;
/** A cue that refers back to an event already told ("condemned the bombing", "died in Tuesday's blast"). */

/**
 * A place used as a modifier ("a U.S. airstrike", "U.S. citizens", "Iranian-backed",
 * "Iran's elite") names who or whose, not where the event happened.
 */
export function isModifier(place: Place, text: string): boolean {
  const after = text.slice(place.end, place.end + 24);
  if (place.demonym) return !DEMONYM_AS_PLACE.test(after);
  const before = text.slice(Math.max(0, place.start - 8), place.start);
  // "Iran's elite" is whose; "in Spain's Canary Islands", "Seoul's Itaewon district" are where.
  if (/^['’]s\b/.test(after)) return (place.kind === 'country' || place.kind === 'region') && !(LOCATIVE_BEFORE.test(before) && /^['’]s\s+\p{Lu}/u.test(after));
  if (place.kind !== 'country') return false;
  const nextWord = /^\s+([\p{L}]+)/u.exec(after)?.[1];
  if (!nextWord) return false;
  if (DETERMINER_BEFORE.test(before)) return !NOT_A_HEAD_NOUN.test(nextWord);
  return /^\p{Ll}/u.test(nextWord) && !NOT_A_HEAD_NOUN.test(nextWord);
}

/** Whether a place names who speaks or where someone is from, rather than where the event of `type` happened. */
export function isNotTheScene(place: Place, text: string, type: string): boolean {
  if (ORIGIN_BEFORE.test(text.slice(Math.max(0, place.start - 60), place.start))) return true;
  if (type === 'threat_warning' || LOCATIVE_BEFORE.test(text.slice(Math.max(0, place.start - 12), place.start))) return false;
  return SPEAKER_AFTER.test(text.slice(place.end, place.end + 90));
}

export function distance(start: number, end: number, at: number): number {
  return at < start ? start - at : at >= end ? at - end : 0;
}

export function nearestPlace(places: readonly Place[], sentence: Sentence, cueAt: number, text: string, type: string): Place | undefined {
  let best: Place | undefined;
  let bestScore = Infinity;
  for (const p of places) {
    if (p.start < sentence.start || p.end > sentence.end || isModifier(p, text) || isNotTheScene(p, text, type)) continue;
    const score = distance(p.start, p.end, cueAt) - SPECIFICITY[p.kind] * 5;
    if (score < bestScore) [best, bestScore] = [p, score];
  }
  return best;
}

export function actorsInSentence(actors: readonly Actor[], sentence: Sentence): { actor: Actor; start: number; end: number }[] {
  return actors.flatMap((actor) => actor.mentions.filter((m) => m.start >= sentence.start && m.end <= sentence.end).map((m) => ({ actor, start: m.start, end: m.end })));
}

export function isFacility(actor: Actor): boolean {
  return /\b(embassy|consulate)\b/i.test(actor.name);
}

/** Where a facility is: the city named in one of its mentions ("U.S. embassy in Baghdad"). */
export function facilityPlace(facility: Actor, places: readonly Place[]): Place | undefined {
  return places.find((p) => p.kind !== 'country' && facility.mentions.some((m) => m.start <= p.start && p.end <= m.end));
}
