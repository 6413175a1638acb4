/**
 * Candidate place names in a text (the recognition half of places.ts): spans of up to five capitalised words
 * (or name connectors) that the gazetteer knows, with the tests that drop spans which only look like places —
 * common words, people's names, speakers, sentence starts, names glued to other words.
 */
import type { Gazetteer, GazetteerHit } from './gazetteer.js';
import { PERSON_TITLES } from './actor-chunks.js';
import { COMMON_WORDS, NAME_CONNECTORS, WEEKDAYS_AND_MONTHS, fold, type Token } from './tokens.js';

const MAX_SPAN_WORDS = 5;
/** Words that may follow a place name inside the span: "Metcalfe County", "Quebec City". */
const ADMIN_SUFFIXES = new Set(['county', 'province', 'district', 'region', 'city', 'state', 'governorate', 'parish', 'prefecture', 'municipality', 'island', 'islands', 'valley']);
/** Words after a name that make it a facility or an organisation, in which the name is still a place ("Edmonton police"). */
const KIND_NOUNS_AFTER_PLACE = /^(airport|international|police|service|city|county|province|region|state|government|council|hospital|university|embassy|consulate|court|prison|port|harbour|harbor|station|area|district|border|river|lake|mountains?|military|army|forces?|authorities|officials|president|minister|ministry|department|office|health|public|times|post|news|daily|herald|journal|sun|star|tribune|mail|globe|press|radio|television|tv)$/i;

// ---------------------------------------------------------------------------
// Candidate spans
// ---------------------------------------------------------------------------

export interface Span {
  first: number;
  last: number;
  start: number;
  end: number;
  surface: string;
  /** Name to look up (span without an admin suffix). */
  lookupName: string;
  hits: GazetteerHit[];
  demonymOf?: string;
  qualified?: boolean;
  /** Joined to an unknown capitalised word ("Sunshine Coast", "Falcon Street"): maybe part of a longer name. */
  glued?: boolean;
  /** A nationality word of a subdivision or region ("Iowans", "European"): its single reading. */
  demonymHit?: GazetteerHit;
}

export function isCap(t: Token | undefined): boolean {
  return !!t && t.capitalized && /^\p{L}/u.test(t.text);
}

/**
 * The gazetteer's readings of text[start, end), and the span's end: the period of an abbreviation is part
 * of the span ("Ky.", "Calif."; "B.C." is already one token) only when the dotted form reads as more
 * places, so "Iraq." at a sentence end stays "Iraq".
 */
function lookupWithPeriod(text: string, start: number, last: Token, gaz: Gazetteer): { end: number; hits: GazetteerHit[] } {
  const press = afterNameAndComma(text, start);
  const read = (surface: string) => gaz.lookup(surface).filter((h) => press || !h.pressAbbreviation);
  const hits = read(text.slice(start, last.end));
  if (text[last.end] !== '.' || !/^\p{Lu}\p{Ll}{1,4}$/u.test(last.text)) return { end: last.end, hits };
  const dotted = read(text.slice(start, last.end + 1));
  return dotted.length > hits.length ? { end: last.end + 1, hits: dotted } : { end: last.end, hits };
}

/** Press abbreviations that are also words ("Man.", "Miss.") count only in "<Name>, Man.". */
function afterNameAndComma(text: string, start: number): boolean {
  return /\p{L}\.?,\s*$/u.test(text.slice(Math.max(0, start - 4), start));
}

/** Abbreviations that open place names: Saint, Sainte, Mount, Fort, Port. */
const NAME_ABBREVIATIONS = /^(St|Ste|Mt|Ft|Pt)$/;

function contiguous(tokens: Token[], text: string, first: number, last: number): boolean {
  for (let k = first + 1; k <= last; k++) {
    const prev = tokens[k - 1]!;
    const t = tokens[k]!;
    // "St. Thomas", "Mt. Pleasant": the abbreviation's period is inside the name (and may look like a sentence end).
    if (t.text === '.' && NAME_ABBREVIATIONS.test(prev.text) && t.start === prev.end) continue;
    const afterAbbreviation = prev.text === '.' && NAME_ABBREVIATIONS.test(tokens[k - 2]?.text ?? '');
    if ((t.sentence !== prev.sentence && !afterAbbreviation) || prev.possessive) return false;
    if (!/^[\s-]*$/.test(text.slice(prev.end, t.start))) return false;
    if (!isCap(t) && !NAME_CONNECTORS.has(t.text.toLowerCase()) && !insideHyphenatedName(tokens, k)) return false;
  }
  return isCap(tokens[last]);
}

/**
 * A lower-case word hyphened on both sides inside a name is part of it, whatever the language:
 * "Port-au-Prince", "Stratford-upon-Avon", "Bosnia-and-Herzegovina", "Saint-Jean-sur-Richelieu".
 */
function insideHyphenatedName(tokens: Token[], k: number): boolean {
  const before = tokens[k - 1];
  const t = tokens[k]!;
  const after = tokens[k + 1];
  return before?.text === '-' && before.end === t.start && after?.text === '-' && after.start === t.end && /^\p{Ll}+$/u.test(t.text);
}

export function findSpan(text: string, tokens: Token[], i: number, gaz: Gazetteer): Span | undefined {
  for (let last = Math.min(tokens.length - 1, i + MAX_SPAN_WORDS - 1); last >= i; last--) {
    if (!contiguous(tokens, text, i, last)) continue;
    const start = tokens[i]!.start;
    const found = lookupWithPeriod(text, start, tokens[last]!, gaz);
    const end = found.end;
    const surface = text.slice(start, end);
    let hits = found.hits;
    let lookupName = surface;
    if (last <= i + 1 && !hits.some((h) => h.kind === 'country')) {
      const demonymOf = gaz.demonym(surface);
      if (demonymOf) return { first: i, last, start, end, surface, lookupName: surface, hits: [], demonymOf };
    }
    if (last === i && hits.length === 0) {
      const demonymHit = areaDemonym(surface, gaz);
      if (demonymHit) return { first: i, last, start, end, surface, lookupName: surface, hits: [], demonymHit };
    }
    const suffix = fold(tokens[last]!.text);
    if (hits.length === 0 && last > i && ADMIN_SUFFIXES.has(suffix)) {
      lookupName = text.slice(start, tokens[last - 1]!.end);
      hits = gaz.lookup(lookupName).filter((h) => h.kind !== 'country' || suffix === 'state');
    }
    if (hits.length > 0) return { first: i, last, start, end, surface, lookupName, hits };
  }
  return undefined;
}

/**
 * "Iowans", "Texan", "Floridians", "Kentuckian", "European", "Asians": a nationality word of a subdivision or a
 * world region, found by taking the ending off and looking the stem up (as is, or with -a, -s, -y, -o put
 * back). Towns are not considered: "Roman" is not Roma, "Christian" no town.
 */
function areaDemonym(word: string, gaz: Gazetteer): GazetteerHit | undefined {
  if (!/^\p{Lu}\p{Ll}{3,}$/u.test(word)) return undefined;
  for (const ending of ['ians', 'ian', 'ans', 'an', 'ns', 'n']) {
    if (!word.endsWith(ending) || word.length - ending.length < 3) continue;
    const stem = word.slice(0, -ending.length);
    const stems = ending.startsWith('i') ? [`${stem}a`, `${stem}y`, `${stem}ia`] : [stem, `${stem}s`, `${stem}o`];
    for (const s of stems) {
      const area = gaz.lookup(s).filter((h) => h.kind === 'region' || (h.kind === 'subdivision' && !h.county));
      if (area.length === 1) return area[0];
    }
  }
  return undefined;
}

/**
 * A name read as part of a longer one. Before or after the name, a capitalised feature word says what the
 * longer name is:
 * - a part of the place itself ("Port of Baltimore", "Hollywood Hills", "Golan Heights"): the whole name is
 *   read, at the place;
 * - another feature that only borrows the name ("Indian Ocean", "French Quarter", "Mississippi River",
 *   "Baghdad Street", "Gulf of Mexico", "Sea of Japan") or a larger region ("Central American"): not the
 *   place, so the name is dropped rather than put at the country or town it borrows from.
 */
const PART_AFTER = /^(hills|heights|harbou?r|port)$/i;
const PART_BEFORE = /^(port|greater)$/i;
const OTHER_AFTER = /^(ocean|sea|gulf|bay|river|lake|strait|straits|channel|canal|peninsula|desert|mountains?|range|quarter|street|st|road|rd|avenue|ave|boulevard|square|bridge|highway|park|stadium|plaza|mall|hotel|church|cathedral|mosque|temple|basin|plateau|coast|riviera)$/i;
const OTHER_BEFORE = /^(gulf|sea|bay|strait|straits|lake|river|mount|cape)$/i;
const DIRECTIONS = /^(central|north|south|east|west|northern|southern|eastern|western|latin|southeast|northeast|southwest|northwest|sub-saharan)$/i;

function sameName(text: string, a: Token, b: Token): boolean {
  return a.sentence === b.sentence && !a.possessive && /^[ -]$/.test(text.slice(a.end, b.start));
}

export type LongerName = { kind: 'part'; start: number; end: number } | { kind: 'other' } | undefined;

export function longerName(text: string, tokens: Token[], span: Span): LongerName {
  const next = tokens[span.last + 1];
  const prev = tokens[span.first - 1];
  const of = prev?.text.toLowerCase() === 'of' ? tokens[span.first - 2] : undefined;
  const after = next && isCap(next) && !tokens[span.last]!.possessive && sameName(text, tokens[span.last]!, next) ? next.text : undefined;
  const before = of && isCap(of) && text.slice(of.end, span.start) === ' of ' ? of.text : prev && isCap(prev) && sameName(text, prev, tokens[span.first]!) ? prev.text : undefined;
  // "Missouri State Highway Patrol": a feature word inside a longer chunk names an organisation, not the feature.
  const afterAfter = tokens[span.last + 2];
  const chunkGoesOn = !!afterAfter && isCap(afterAfter) && sameName(text, next!, afterAfter);
  if (after && OTHER_AFTER.test(after) && !chunkGoesOn) return { kind: 'other' };
  // The feature word itself ("Gulf" of Mexico, "Sea" of Japan) is no place either.
  if (span.first === span.last && OTHER_BEFORE.test(span.surface) && /^ of \p{Lu}/u.test(text.slice(span.end, span.end + 5))) return { kind: 'other' };
  if (before && of && OTHER_BEFORE.test(before)) return { kind: 'other' };
  if ((span.demonymOf || span.demonymHit) && before && DIRECTIONS.test(before)) return { kind: 'other' };
  if (after && PART_AFTER.test(after)) return { kind: 'part', start: span.start, end: next!.end };
  if (before && PART_BEFORE.test(before) && (of || !/^port$/i.test(before))) return { kind: 'part', start: (of ?? prev)!.start, end: span.end };
  return undefined;
}

/** Words that end the names of institutions and companies ("American Psychological Association", "British Airways"). */
const INSTITUTION_WORDS = new Set(['association', 'society', 'board', 'academy', 'institute', 'college', 'university', 'company', 'corporation', 'airlines', 'airways', 'foundation', 'federation', 'league', 'chamber', 'club', 'journal', 'museum', 'inc', 'ltd']);

const UNIVERSITY_WORDS = new Set(['university']);

/**
 * "American Psychological Association", "the American Board of Radiology", "British Airways": a nationality word
 * that opens the name of an institution or company names the institution, not a place. (Armies, police and
 * ministries are left alone: "Iraqi Army" says where.)
 */
export function inInstitutionName(text: string, tokens: Token[], span: Span): boolean {
  // A place opening an institution's name mostly still says where it is ("Toronto General Hospital" is in
  // Toronto), but a university named after one is a name: "Michigan State University", "Aberdeen University",
  // "Wake Forest University" (both dev sets leave such places unannotated; "University of X" is untouched).
  const words = span.demonymOf || span.demonymHit ? INSTITUTION_WORDS : UNIVERSITY_WORDS;
  let k = span.last;
  for (let n = 0; n < 6 && k + 1 < tokens.length; n++) {
    const next = tokens[k + 1]!;
    const connector = (next.text === 'of' || next.text === 'for') && tokens[k + 2]?.capitalized;
    if (!(next.capitalized || connector) || next.sentence !== tokens[k]!.sentence || !/^ $/.test(text.slice(tokens[k]!.end, next.start))) return false;
    if (words.has(fold(next.text))) return true;
    if (tokens[k]!.possessive) return false;
    k++;
  }
  return false;
}

/** Words of person names introduced by a title ("Secretary Francisco Duque"): not places elsewhere either. */
export function personWords(tokens: Token[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    if (!PERSON_TITLES.has(fold(tokens[i]!.text)) || !tokens[i]!.capitalized) continue;
    let k = i + 1;
    while (k < tokens.length && PERSON_TITLES.has(fold(tokens[k]!.text))) k++;
    const name: string[] = [];
    while (k < tokens.length && isCap(tokens[k]) && !PERSON_TITLES.has(fold(tokens[k]!.text)) && tokens[k]!.sentence === tokens[i]!.sentence && name.length < 3) {
      name.push(fold(tokens[k]!.text));
      if (tokens[k]!.possessive) break;
      k++;
    }
    if (name.length >= 2) for (const w of name) out.add(w);
  }
  return out;
}

const HONORIFIC = /^(mr|mrs|ms|miss|dr|sir|dame|lady|lord)$/;
const SPEECH_AFTER = /^,?\s+(said|says|told|added|wrote|explained|noted|recalled|asked|replied|insisted|argued)\b/i;
const SPEECH_BEFORE = /\b(said|says|told|recalled|added)\s+$/i;

function afterHonorific(tokens: Token[], k: number): boolean {
  const prev = tokens[k - 1];
  if (prev && prev.capitalized && HONORIFIC.test(fold(prev.text))) return true;
  return prev?.text === '.' && HONORIFIC.test(fold(tokens[k - 2]?.text ?? ''));
}

/**
 * Frames that make a full name a person's: an apposition giving an age or a role ("Paul Block Jr., 49,",
 * "Tanya Williams, a spokesperson", "Richard Spencer, leader of"), or middle initials before the surname
 * ("Charles W. Murphy", "Albert R. T. Lim"). A town's name is never written so.
 */
const PERSON_APPOSITION = /^(\s+(Jr|Sr)\.?)?,\s+(\d{1,3}\s*,|(a|an)\s+\p{Ll}|(the\s+)?([Ll]eader|[Pp]resident|chairman|chairwoman|director|spokesman|spokeswoman|spokesperson|founder|owner|head|chief|executive|professor|secretary|minister|manager|superintendent|coordinator|editor|attorney|lawyer)\b)/u;
const MIDDLE_INITIALS = /(?:^|[^\p{L}.])(\p{Lu}\p{Ll}+)\s+(?:\p{Lu}\.\s*){1,2}(\p{Lu}\p{Ll}[\p{L}'’-]*)/gu;

function inPersonFrame(text: string, last: Token): boolean {
  return PERSON_APPOSITION.test(text.slice(last.end, last.end + 40));
}

/** The given names and surnames written with middle initials: "Franklin D. Roosevelt" gives franklin, roosevelt. */
function initialledNames(text: string): Set<string> {
  const out = new Set<string>();
  if (!/\s\p{Lu}\.\s/u.test(text)) return out;
  for (const m of text.matchAll(MIDDLE_INITIALS)) {
    if (COMMON_WORDS.has(fold(m[1]!)) || FUNCTION_WORDS.has(fold(m[1]!)) || PERSON_TITLES.has(fold(m[1]!))) continue;
    out.add(fold(m[1]!)).add(fold(m[2]!.replace(/['’]s$/, '')));
  }
  return out;
}

function speaks(text: string, t: Token): boolean {
  return (!t.possessive && SPEECH_AFTER.test(text.slice(t.end, t.end + 16))) || SPEECH_BEFORE.test(text.slice(Math.max(0, t.start - 10), t.start));
}

/**
 * Person-name coreference: the words of full names ("Georgia Stevens", "Vladimir Putin", "Jenny Palma") whose
 * surname is a person somewhere in the text ("Mr Putin", "Palma said", "Cory Stevens, Georgia's father" — a
 * surname shared by two full names), or that are themselves said to speak ("…," said Richard Spencer). Such a
 * word is a person in the whole text, even when it is also a country or a big city: "Georgia began skating".
 */
export function personNameWords(text: string, tokens: Token[], gaz: Gazetteer): Set<string> {
  // Places speak too ("Sudan said", "Washington said"): a speech verb makes a person only of a name that is no
  // country, subdivision or city of a million; an honorific ("Mr Putin") of any.
  const major = (w: string) => gaz.lookup(w).some((h) => h.kind !== 'city' || h.population >= 1_000_000);
  const solo = new Set<string>();
  // "Mr. Camden" is a person in the whole text, whatever else the name is.
  const honoured = new Set<string>();
  tokens.forEach((t, k) => {
    if (!isCap(t)) return;
    if (afterHonorific(tokens, k)) honoured.add(fold(t.text));
    if (afterHonorific(tokens, k) || (speaks(text, t) && !major(t.text))) solo.add(fold(t.text));
  });
  const pairs: Array<[number, number]> = [];
  const firstNamesOf = new Map<string, Set<string>>();
  for (let k = 0; k + 1 < tokens.length; k++) {
    const a = tokens[k]!;
    const b = tokens[k + 1]!;
    if (!isCap(a) || !isCap(b) || a.possessive || a.sentence !== b.sentence || text.slice(a.end, b.start) !== ' ') continue;
    const fa = fold(a.text);
    const fb = fold(b.text);
    if ([fa, fb].some((w) => COMMON_WORDS.has(w) || FUNCTION_WORDS.has(w) || PERSON_TITLES.has(w) || WEEKDAYS_AND_MONTHS.test(w) || w.length < 2)) continue;
    if ([a, b].some((t) => /^\p{Lu}{2,}$/u.test(t.text)) || KIND_NOUNS_AFTER_PLACE.test(b.text) || /\b(the|a|an)\s+$/i.test(text.slice(Math.max(0, a.start - 5), a.start))) continue;
    // Three capitalised words or more are an organisation or a place more often than a person; a known place
    // ("North Korea", "Palm Beach") is no person.
    const prev = tokens[k - 1];
    // A title before the pair ("Attorney Lisa Warren") or a suffix after it ("Paul Block Jr.") does not lengthen it.
    const longer = (isCap(tokens[k + 2]) && !/^[JS]r$/.test(tokens[k + 2]!.text) && text.slice(b.end, tokens[k + 2]!.start) === ' ') || (isCap(prev) && !PERSON_TITLES.has(fold(prev!.text)) && prev!.sentence === a.sentence && /^\s$/.test(text.slice(prev!.end, a.start)));
    if (longer || gaz.lookup(`${a.text} ${b.text}`).length > 0) continue;
    pairs.push([k, k + 1]);
    firstNamesOf.set(fb, (firstNamesOf.get(fb) ?? new Set()).add(fa));
  }
  const out = new Set<string>();
  for (const [k, j] of pairs) {
    const last = fold(tokens[j]!.text);
    const speaking = speaks(text, tokens[j]!) || SPEECH_BEFORE.test(text.slice(Math.max(0, tokens[k]!.start - 10), tokens[k]!.start));
    const evidence = solo.has(last) || (firstNamesOf.get(last)?.size ?? 0) >= 2 || afterHonorific(tokens, k) || (speaking && !major(tokens[j]!.text)) || inPersonFrame(text, tokens[j]!);
    if (!evidence) continue;
    out.add(fold(tokens[k]!.text));
    out.add(last);
  }
  for (const w of initialledNames(text)) out.add(w);
  for (const w of honoured) if (!gaz.lookup(w).some((h) => h.kind === 'country')) out.add(w);
  return out;
}

/** Locative words before a name: "in Georgia", "from Palma" keep it a place even when a person shares the name. */
const LOCATIVE_BEFORE = /\b(in|at|from|to|near|across|into|throughout|outside|inside|around|across)\s+(the\s+)?$/i;

/** Is the span a word of a person's full name found by `personNameWords`, not written as a place here? */
export function isNamedPerson(text: string, tokens: Token[], span: Span, people: Set<string>): boolean {
  if (span.first !== span.last || !people.has(fold(tokens[span.first]!.text))) return false;
  return !LOCATIVE_BEFORE.test(text.slice(Math.max(0, span.start - 16), span.start)) && !/^\s*,\s*\p{Lu}/u.test(text.slice(span.end, span.end + 4));
}

export function isPersonLike(text: string, tokens: Token[], span: Span, names: Set<string>): boolean {
  const country = span.hits.some((h) => h.kind === 'country' || h.kind === 'region') || span.demonymOf;
  const prev = tokens[span.first - 1];
  const next = tokens[span.last + 1];
  const joinedPrev = prev && /^\s+$/.test(text.slice(prev.end, span.start)) && prev.sentence === tokens[span.first]!.sentence;
  const joinedNext = next && /^\s+$/.test(text.slice(span.end, next.start)) && !tokens[span.last]!.possessive;
  if (prev && joinedPrev && PERSON_TITLES.has(fold(prev.text)) && prev.capitalized && !country) return true;
  // The surname of a titled full name ("President George Washington", "Minister Jim Sutton"), even a big city's.
  const word = fold(tokens[span.first]!.text);
  if (!country && span.first === span.last && joinedPrev && isCap(prev) && names.has(fold(prev!.text)) && names.has(word)) return true;
  if (country || isProminent(span)) return false;
  if (span.first === span.last && names.has(fold(tokens[span.first]!.text))) return true;
  // "Paris Hilton", "George Washington": glued to an unknown capitalised word.
  if (joinedNext && isCap(next) && !KIND_NOUNS_AFTER_PLACE.test(next!.text) && !WEEKDAYS_AND_MONTHS.test(next!.text)) return true;
  if (joinedPrev && isCap(prev) && !prev!.sentenceInitial && !COMMON_WORDS.has(fold(prev!.text)) && !/^(of|in|at)$/i.test(prev!.text)) return true;
  return false;
}

/** Is the span joined by a space to a capitalised word that is not a common word or a place noun? */
export function isGlued(text: string, tokens: Token[], span: Span): boolean {
  const prev = tokens[span.first - 1];
  const next = tokens[span.last + 1];
  // A compass word counts ("West Midlands", "Central Plateau"): the longer name is a region of its own.
  const gluedWord = (t: Token) => DIRECTIONS.test(t.text) || (!COMMON_WORDS.has(fold(t.text)) && !FUNCTION_WORDS.has(fold(t.text)));
  const gluedPrev = !!prev && /^\s+$/.test(text.slice(prev.end, span.start)) && prev.sentence === tokens[span.first]!.sentence && isCap(prev) && gluedWord(prev);
  const gluedNext = !!next && /^\s+$/.test(text.slice(span.end, next.start)) && isCap(next) && !KIND_NOUNS_AFTER_PLACE.test(next.text) && !WEEKDAYS_AND_MONTHS.test(next.text);
  return gluedPrev || gluedNext;
}

/** Capitalised words and names that the gazetteer knows as some town but news uses otherwise. */
const NOT_PLACES = new Set(['white house', 'republic', 'christmas', 'center', 'centre', 'law', 'church', 'federal', 'liberal', 'union', 'parliament', 'congress', 'senate', 'independence', 'victory', 'liberty', 'justice', 'progress', 'mobile', 'reading', 'split', 'nice', 'bath', 'hope', 'ebola', 'zika', 'reston', 'obama', 'bush', 'trump', 'clinton']);

/** "Steele said", "said Murphy": a lone name next to a speech verb is a speaker, unless it is a country or a big city. */
export function isSpeaker(text: string, span: Span): boolean {
  if (span.demonymOf || span.hits.some((h) => h.kind !== 'city' || h.population >= 100_000)) return false;
  const after = text.slice(span.end, span.end + 12);
  const before = text.slice(Math.max(0, span.start - 8), span.start);
  return /^,?\s+(said|says|told|added|wrote|explained|noted)\b/i.test(after) || /\b(said|says|told)\s+$/i.test(before);
}

/** A subdivision or a city of 100k+: "Edmonton Oilers" and "Missouri Department" still name the place. */
function isProminent(span: Span): boolean {
  return span.hits.some((h) => h.kind === 'subdivision' || (h.kind === 'city' && h.primary && h.population >= 100_000));
}

/** "LONDON, Ky. (WKYT) -", "INNISFAIL -": an all-caps place opening the text or a line is a dateline, not an acronym. */
function isDateline(text: string, span: Span): boolean {
  return /(^|\n)\s*$/.test(text.slice(Math.max(0, span.start - 20), span.start)) && /^\s*[,\u2014\u2013-]/.test(text.slice(span.end, span.end + 3));
}

/** "US$460 million", "$US 1.5 billion", "CA$", "NZ$": a country code glued to a dollar sign is a currency. */
function isCurrency(text: string, span: Span): boolean {
  if (!/^\p{Lu}{1,3}$/u.test(span.surface)) return false;
  return text[span.end] === '$' || text[span.start - 1] === '$';
}

/**
 * "Kroger Co.", "McLane Co.": an abbreviation such as "Co." glued to the name before it, with no comma, ends that name (Company);
 * a state's abbreviation follows a comma ("LONDON, Ky.", "Plymouth, Mass.") or stands alone.
 */
function endsName(text: string, span: Span, tokens: Token[]): boolean {
  if (span.first !== span.last || !/^\p{Lu}\p{Ll}{1,3}\.$/u.test(span.surface)) return false;
  const prev = tokens[span.first - 1];
  return !!prev && prev.capitalized && prev.sentence === tokens[span.first]!.sentence && text.slice(prev.end, span.start) === ' ';
}

export function isCommonWord(text: string, span: Span, tokens: Token[]): boolean {
  if (NOT_PLACES.has(fold(span.surface)) || isCurrency(text, span) || endsName(text, span, tokens)) return true;
  if (span.first !== span.last) return false;
  const t = tokens[span.first]!;
  // "US" is not "us"; but acronyms ("UN", "EU") name places only as countries or subdivisions ("NSW").
  if (/^\p{Lu}{2,}$/u.test(t.text) && !isDateline(text, span)) return !span.demonymOf && !span.hits.some((h) => h.kind !== 'city');
  const f = fold(t.text).replace(/'(re|ll|ve|d|s|m)$|n't$/, '');
  return COMMON_WORDS.has(f) || WEEKDAYS_AND_MONTHS.test(f) || PERSON_TITLES.has(f) || t.text.length < 2;
}

/** Words that open sentences but never place names ("West", "New", "North" do open names). */
const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'of', 'and', 'or', 'but', 'if', 'when', 'while', 'as', 'this', 'that', 'these', 'those', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'my', 'your', 'there', 'here', 'after', 'before', 'during', 'since', 'until', 'despite', 'according', 'meanwhile', 'however', 'also', 'then', 'to', 'into', 'across', 'near', 'outside', 'inside']);

/** "The State", "In Paris": a multi-word span led by a common word is a sentence start, not a name. */
export function startsWithFunctionWord(span: Span, tokens: Token[]): boolean {
  if (span.first === span.last) return false;
  const first = tokens[span.first]!;
  if (!FUNCTION_WORDS.has(fold(first.text))) return false;
  return !span.hits.some((h) => (h.kind === 'country' || h.kind === 'region') && h.primary);
}
