/**
 * Actor candidates from proper-noun chunks (runs of capitalised words): a chunk holding an
 * ORGANISATION CUE word is an organisation; leading PERSON TITLES and nationality words are
 * stripped and two to four name words left are a person; a lone surname is a weak candidate
 * unless a title or a speech verb supports it. `actors.ts` merges the candidates.
 */
import type { ActorKind, ActorMention, PlaceSpan } from './actor-types.js';
import { isAcronym } from './actor-matching.js';
import { COMMON_WORDS, WEEKDAYS_AND_MONTHS, fold, isWord, type Token } from './tokens.js';

/**
 * Organisation cues: a capitalised chunk holding one of these words names an organisation.
 * Kept short on purpose; each entry is a head noun of organisation names in news English.
 */
export const ORGANIZATION_CUES = new Set([
  'department', 'ministry', 'embassy', 'consulate', 'pentagon', 'kremlin', 'force', 'forces', 'corps', 'guard', 'guards',
  'army', 'navy', 'police', 'militia', 'militias', 'brigade', 'brigades', 'battalion', 'regiment', 'command',
  'agency', 'service', 'services', 'council', 'committee', 'commission', 'organization', 'organisation', 'office', 'bureau',
  'party', 'movement', 'front', 'group', 'union', 'association', 'institute', 'university', 'court', 'parliament',
  'congress', 'senate', 'assembly', 'government', 'administration', 'authority', 'company', 'corporation', 'inc', 'ltd',
  'bank', 'fund', 'foundation', 'cross', 'crescent', 'nations', 'house', 'hezbollah', 'taliban', 'television', 'news',
  'press', 'times', 'post', 'network', 'centre', 'center', 'coalition', 'alliance', 'federation', 'board', 'unit',
]);

/**
 * Person titles stripped before a name. Single words; multi-word titles ("Foreign Minister",
 * "Secretary of State") are runs of these.
 */
export const PERSON_TITLES = new Set([
  'president', 'vice', 'prime', 'minister', 'foreign', 'defense', 'defence', 'interior', 'secretary', 'general', 'gen',
  'supreme', 'leader', 'ambassador', 'senator', 'sen', 'governor', 'gov', 'mayor', 'king', 'queen', 'prince', 'princess',
  'pope', 'sheikh', 'ayatollah', 'commander', 'chief', 'colonel', 'col', 'lt', 'lieutenant', 'captain', 'capt', 'sergeant',
  'sgt', 'admiral', 'adm', 'mr', 'mrs', 'ms', 'dr', 'professor', 'prof', 'judge', 'justice', 'spokesman', 'spokeswoman',
  'spokesperson', 'director', 'chairman', 'chairwoman', 'head', 'deputy', 'premier', 'chancellor', 'officer', 'detective',
  'inspector', 'constable', 'rep', 'representative', 'congressman', 'congresswoman', 'bishop', 'imam', 'cleric', 'emir',
  'crown', 'sultan', 'marshal', 'brigadier', 'attorney', 'state', 'health', 'top', 'former', 'acting', 'sir',
]);

/** Capitalised words that are neither names nor titles ("Travel Advisory", "Statement"). */
const NOT_NAME_WORDS = new Set([
  'advisory', 'travel', 'statement', 'act', 'law', 'day', 'street', 'road', 'avenue', 'square', 'airport', 'international',
  'islamic', 'national', 'federal', 'republic', 'democratic', 'united', 'war', 'world', 'cup', 'olympics', 'christmas',
  'easter', 'ramadan', 'covid', 'ebola', 'virus', 'flu', 'disease', 'syndrome', 'fever', 'twitter', 'facebook', 'google',
  'internet', 'tv', 'am', 'pm', 'gmt', 'utc', 'est', 'edt', 'pst', 'bst', 'cet', 'ok', 'ii', 'iii', 'us', 'uk',
]);

const SPEECH_VERBS = /^\s*(?:also\s+|later\s+|then\s+)?(said|says|told|warned|added|stated|announced|described|wrote|tweeted|claimed|insisted|argued|noted|urged|called|accused|vowed|threatened|condemned|denied|confirmed)\b/i;

// ---------------------------------------------------------------------------
// Chunking
// ---------------------------------------------------------------------------

interface Chunk {
  tokens: Token[];
}

/** A possible actor mention, before variants are merged. */
export interface Candidate {
  kind: ActorKind;
  name: string;
  mention: ActorMention;
  acronym?: string;
  countryCode?: string;
  titles?: string[];
  /** A lone name word with no title or speech verb: kept only if it matches a fuller name. */
  weak?: boolean;
}

/** The place (if any) covering a token. */
export function placeAt(places: readonly PlaceSpan[], t: Token): PlaceSpan | undefined {
  return places.find((p) => p.start <= t.start && t.end <= p.end);
}

function isCapitalWord(t: Token): boolean {
  return t.capitalized && isWord(t) && !/^\p{N}/u.test(t.text);
}

/** Runs of capitalised words; "of"/"for" may join when an organisation cue is already in the run. */
function chunks(tokens: Token[], text: string, places: readonly PlaceSpan[]): Chunk[] {
  const out: Chunk[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isCapitalWord(tokens[i]!)) {
      i++;
      continue;
    }
    const run: Token[] = [tokens[i]!];
    let j = i + 1;
    while (j < tokens.length) {
      const prev = tokens[j - 1]!;
      const t = tokens[j]!;
      if (prev.possessive || t.sentence !== prev.sentence || /[,;:()"“”]/.test(text.slice(prev.end, t.start))) break;
      if (isCapitalWord(t)) {
        run.push(t);
        j++;
        continue;
      }
      const next = tokens[j + 1];
      const joinsOrganisation =
        (t.text === 'of' || t.text === 'for') && next && isCapitalWord(next) && run.some((r) => ORGANIZATION_CUES.has(fold(r.text))) && placeAt(places, next)?.kind !== 'country';
      if (!joinsOrganisation) break;
      run.push(t, next!);
      j += 2;
    }
    out.push({ tokens: run });
    i = j;
  }
  return out;
}

/** The mention covering a run of tokens. */
export function spanText(text: string, tokens: Token[]): ActorMention {
  const start = tokens[0]!.start;
  const end = tokens[tokens.length - 1]!.end;
  return { surface: text.slice(start, end), start, end };
}

function trimLeading(tokens: Token[]): Token[] {
  let k = 0;
  while (k < tokens.length) {
    const f = fold(tokens[k]!.text);
    const stop = (tokens[k]!.sentenceInitial && COMMON_WORDS.has(f)) || f === 'the' || WEEKDAYS_AND_MONTHS.test(f);
    if (!stop) break;
    k++;
  }
  let e = tokens.length;
  while (e > k && WEEKDAYS_AND_MONTHS.test(tokens[e - 1]!.text)) e--;
  return tokens.slice(k, e);
}

function countryOfLeadingPlace(tokens: Token[], places: readonly PlaceSpan[]): string | undefined {
  const first = tokens[0];
  const place = first ? placeAt(places, first) : undefined;
  return place?.kind === 'country' ? place.countryCode : undefined;
}

function classifyChunk(chunk: Chunk, text: string, places: readonly PlaceSpan[], pendingTitles: string[]): { candidate?: Candidate; titlesOnly?: string[] } {
  const tokens = trimLeading(chunk.tokens);
  if (tokens.length === 0) return {};
  const folded = tokens.map((t) => fold(t.text));
  if (folded.some((f) => f === 'embassy' || f === 'consulate' || f === 'embassies')) return {};

  if (folded.some((f) => ORGANIZATION_CUES.has(f))) {
    const allPlaces = tokens.every((t) => placeAt(places, t));
    if (allPlaces) return {};
    return { candidate: { kind: 'organization', name: spanText(text, tokens).surface, mention: spanText(text, tokens), countryCode: countryOfLeadingPlace(tokens, places) } };
  }

  // Strip leading titles and nationality words: "Iranian Foreign Minister", "President".
  let k = 0;
  const titles: string[] = [];
  let countryCode: string | undefined;
  while (k < tokens.length) {
    const t = tokens[k]!;
    const place = placeAt(places, t);
    if (PERSON_TITLES.has(fold(t.text))) titles.push(t.text);
    else if (place?.kind === 'country' && !t.possessive) countryCode = place.countryCode;
    else break;
    k++;
  }
  const rest = tokens.slice(k);
  if (rest.length === 0) return titles.length > 0 ? { titlesOnly: titles } : {};

  if (rest.length === 1 && isAcronym(rest[0]!.text) && !placeAt(places, rest[0]!)) {
    const acr = rest[0]!.text.replace(/\./g, '');
    return { candidate: { kind: 'organization', name: acr, acronym: acr, mention: spanText(text, rest) } };
  }
  if (rest.some((t) => placeAt(places, t) || NOT_NAME_WORDS.has(fold(t.text)) || COMMON_WORDS.has(fold(t.text)) || isAcronym(t.text))) return {};
  if (rest.length > 4) return {};
  const allTitles = titles.length > 0 ? titles : pendingTitles;
  const mention = spanText(text, rest);
  const after = text.slice(mention.end, mention.end + 30);
  const weak = rest.length === 1 && allTitles.length === 0 && !SPEECH_VERBS.test(after);
  const candidate: Candidate = { kind: 'person', name: mention.surface, mention, weak };
  if (allTitles.length > 0) candidate.titles = [allTitles.join(' ')];
  if (countryCode) candidate.countryCode = countryCode;
  return { candidate };
}

/** Person and organisation candidates of a text, from its capitalised chunks. */
export function chunkCandidates(text: string, tokens: Token[], places: readonly PlaceSpan[]): Candidate[] {
  const out: Candidate[] = [];
  let pending: { titles: string[]; end: number } | undefined;
  for (const chunk of chunks(tokens, text, places)) {
    const start = chunk.tokens[0]!.start;
    const stillPending = pending && start - pending.end <= 3 ? pending.titles : [];
    const { candidate, titlesOnly } = classifyChunk(chunk, text, places, stillPending);
    pending = titlesOnly ? { titles: titlesOnly, end: chunk.tokens[chunk.tokens.length - 1]!.end } : undefined;
    if (candidate) out.push(candidate);
  }
  return out;
}
