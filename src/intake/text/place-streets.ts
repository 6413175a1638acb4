/**
 * Streets and roads: "Hertford Road", "North Circular Road", "Cuckoo Hall Lane". No gazetteer Warden ships lists
 * them, yet local news is full of them ("a shooting on Hutcheson Road") and gold sets in the GeoNames convention
 * count them as places. A street is read by its form — one to three capitalised words and a street word — and
 * placed at the town the text names nearest before it (else after it): a street lies in the town of its story.
 * A text that names no town leaves its streets unread, rather than put anywhere.
 *
 * Not streets: a chunk that goes on with another capitalised word ("Wall Street Journal", "Main Street Bank"
 * name organisations), "Wall Street" (the markets) and "Red Crescent" (the societies); a name led by a
 * function word ("The Highway", "At Main Street" at a sentence start loses its first word).
 */
import { fold, type Token } from './tokens.js';

const STREET_WORDS = new Set(['road', 'street', 'avenue', 'boulevard', 'lane', 'drive', 'highway', 'crescent', 'square']);
const LEADING_WORDS = new Set(['the', 'a', 'an', 'at', 'in', 'on', 'of', 'from', 'to', 'near', 'and', 'or', 'but', 'off', 'along', 'down', 'up', 'onto', 'via']);
const NOT_STREETS = new Set(['wall street', 'red crescent']);
const MAX_NAME_WORDS = 3;

export interface StreetSpan {
  start: number;
  end: number;
  surface: string;
}

/** Are `a` and `b` one name: the same sentence, one space (or a hyphen) apart? */
function adjacent(text: string, a: Token, b: Token): boolean {
  return a.sentence === b.sentence && !a.possessive && /^[ -]$/.test(text.slice(a.end, b.start));
}

/** Every street name of the text, by form (see the module comment). */
export function findStreets(text: string, tokens: readonly Token[]): StreetSpan[] {
  const out: StreetSpan[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const word = tokens[i]!;
    if (!word.capitalized || !STREET_WORDS.has(fold(word.text))) continue;
    const next = tokens[i + 1];
    if (next && next.capitalized && adjacent(text, word, next)) continue;
    let first = i;
    while (first > 0 && i - first < MAX_NAME_WORDS && tokens[first - 1]!.capitalized && adjacent(text, tokens[first - 1]!, tokens[first]!)) first--;
    while (first < i && LEADING_WORDS.has(fold(tokens[first]!.text))) first++;
    if (first === i) continue;
    const start = tokens[first]!.start;
    const surface = text.slice(start, word.end);
    if (NOT_STREETS.has(fold(surface))) continue;
    out.push({ start, end: word.end, surface });
  }
  return out;
}
