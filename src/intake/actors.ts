/**
 * Actors: people, organisations and groups named in a document.
 *
 * Recognition works on proper-noun chunks (runs of capitalised words):
 * - a chunk holding an ORGANISATION CUE word (below) is an organisation;
 * - leading PERSON TITLES ("President", "General", "Foreign Minister") and nationality
 *   words are stripped; what is left, two to four name words, is a person;
 * - a lone surname ("Zarif", "Zairf") is kept only with evidence: a title before it, a
 *   speech verb after it ("Zaif also described"), or a fuller name in the document that it
 *   matches (Damerau-Levenshtein ≤ 1 or Jaro-Winkler ≥ 0.9 on the surname);
 * - "X (ACR)" links an acronym to its expansion; "A of X's B" and "B (ACR) A" make A part of B;
 * - "<country> embassy [in <city>]" mentions are gathered into one embassy per country,
 *   and "<Demonym>-backed militias" into one group.
 * Variants are merged, and every surface form seen is kept.
 */
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import damerauLevenshtein from 'talisman/metrics/damerau-levenshtein.js';
import { COMMON_WORDS, WEEKDAYS_AND_MONTHS, fold, isWord, tokenize, type Token } from './text.js';

export type ActorKind = 'person' | 'organization' | 'group';

export interface ActorMention {
  surface: string;
  start: number;
  end: number;
}

export interface Actor {
  /** Stable slug of the canonical name, e.g. "person:mohammad-javad-zarif". */
  id: string;
  /** Canonical (fullest) name. */
  name: string;
  kind: ActorKind;
  /** Every distinct spelling seen, canonical name included. */
  surfaceForms: string[];
  /** Offsets refer to the document the actor was found in. */
  mentions: ActorMention[];
  acronym?: string;
  /** id of the organisation this one belongs to (Quds Force → IRGC). */
  partOf?: string;
  /** Country the actor belongs to or acts for, when the text says so. */
  countryCode?: string;
  /** Titles seen before a person's name ("President", "Foreign Minister"). */
  titles?: string[];
}

/** A place already found in the text: its words are not actor names. */
export interface PlaceSpan {
  start: number;
  end: number;
  kind: string;
  name: string;
  countryCode?: string;
}

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

const LOWER_NAME_PARTICLES = new Set(['bin', 'ibn', 'al', 'el', 'de', 'van', 'von', 'der', 'da', 'di', 'du', 'la', 'le']);

// ---------------------------------------------------------------------------
// Name similarity
// ---------------------------------------------------------------------------

/** Two spellings of one surname: equal after folding, one edit apart (transpositions count once), or Jaro-Winkler ≥ 0.9. */
export function isSameSurname(a: string, b: string): boolean {
  const x = fold(a);
  const y = fold(b);
  if (x === y) return true;
  // Short names differ by one letter too often ("Iran"/"Iraq"): one of the two must have five letters.
  if (Math.min(x.length, y.length) < 4 || Math.max(x.length, y.length) < 5 || x[0] !== y[0]) return false;
  return damerauLevenshtein(x, y) <= 1 || jaroWinkler(x, y) >= 0.9;
}

function nameWords(name: string): string[] {
  return name.split(/\s+/).filter((w) => w && !LOWER_NAME_PARTICLES.has(w.toLowerCase()));
}

/** Whether two person names can be the same person: surnames match and first names (if both given) match. */
export function isSamePerson(a: string, b: string): boolean {
  const wa = nameWords(a);
  const wb = nameWords(b);
  if (wa.length === 0 || wb.length === 0) return false;
  if (!isSameSurname(wa[wa.length - 1]!, wb[wb.length - 1]!)) return false;
  if (wa.length === 1 || wb.length === 1) return true;
  return isSameSurname(wa[0]!, wb[0]!) || fold(wa[0]!)[0] === fold(wb[0]!)[0];
}

function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => /^\p{Lu}/u.test(w) && !['of', 'the', 'and', 'for'].includes(w.toLowerCase()))
    .map((w) => w[0]!)
    .join('')
    .toUpperCase();
}

function isAcronym(s: string): boolean {
  return /^[A-Z][A-Z0-9&]{1,6}$/.test(s.replace(/\./g, ''));
}

function significantWords(name: string): string[] {
  return fold(name)
    .split(/[\s-]+/)
    .filter((w) => w && !['the', 'of', 'and', 'for', 'de', 'la'].includes(w));
}

/** Every significant word of the shorter name has a near-identical word in the longer (Guard ~ Guards). */
function isFuzzySubname(shorter: string, longer: string): boolean {
  const ws = significantWords(shorter);
  const wl = significantWords(longer);
  if (ws.length < 2 || ws.length > wl.length) return false;
  return ws.every((w) => wl.some((v) => v === w || (w.length >= 4 && jaroWinkler(w, v) >= 0.92)));
}

/** Whether two organisation names denote the same organisation. */
export function isSameOrganization(a: Pick<Actor, 'name' | 'acronym' | 'surfaceForms'>, b: Pick<Actor, 'name' | 'acronym' | 'surfaceForms'>): boolean {
  const formsA = new Set(a.surfaceForms.map(fold).concat(fold(a.name)));
  if (b.surfaceForms.some((f) => formsA.has(fold(f))) || formsA.has(fold(b.name))) return true;
  if (a.acronym && b.acronym) return a.acronym === b.acronym;
  if (a.acronym && initials(b.name) === a.acronym) return true;
  if (b.acronym && initials(a.name) === b.acronym) return true;
  const [shorter, longer] = a.name.length <= b.name.length ? [a.name, b.name] : [b.name, a.name];
  return isFuzzySubname(shorter, longer);
}

function slug(kind: ActorKind, name: string): string {
  return `${kind}:${fold(name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

// ---------------------------------------------------------------------------
// Chunking
// ---------------------------------------------------------------------------

interface Chunk {
  tokens: Token[];
}

interface Candidate {
  kind: ActorKind;
  name: string;
  mention: ActorMention;
  acronym?: string;
  countryCode?: string;
  titles?: string[];
  /** A lone name word with no title or speech verb: kept only if it matches a fuller name. */
  weak?: boolean;
}

function placeAt(places: readonly PlaceSpan[], t: Token): PlaceSpan | undefined {
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

function spanText(text: string, tokens: Token[]): ActorMention {
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

function chunkCandidates(text: string, tokens: Token[], places: readonly PlaceSpan[]): Candidate[] {
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

// ---------------------------------------------------------------------------
// Pattern scanners: embassies, "<X>-backed militias", acronyms in parentheses
// ---------------------------------------------------------------------------

interface EmbassyMention {
  mention: ActorMention;
  countryCode?: string;
  city?: string;
}

function embassyMentions(text: string, tokens: Token[], places: readonly PlaceSpan[]): EmbassyMention[] {
  const out: EmbassyMention[] = [];
  tokens.forEach((t, i) => {
    const f = fold(t.text);
    if (f !== 'embassy' && f !== 'consulate') return;
    let first = i;
    let countryCode: string | undefined;
    const before = tokens[i - 1];
    const beforePlace = before ? placeAt(places, before) : undefined;
    if (beforePlace?.kind === 'country' && beforePlace.end <= t.start) {
      countryCode = beforePlace.countryCode;
      first = tokens.findIndex((x) => x.start === beforePlace.start);
      if (first < 0) first = i - 1;
    }
    let last = i;
    let city: string | undefined;
    const prep = tokens[i + 1];
    const target = tokens[i + 2];
    const targetPlace = target ? placeAt(places, target) : undefined;
    if (prep && /^(in|to)$/i.test(prep.text) && targetPlace && (targetPlace.kind === 'city' || targetPlace.kind === 'subdivision')) {
      city = targetPlace.name;
      last = tokens.findIndex((x) => x.end === targetPlace.end);
      if (last < 0) last = i + 2;
    }
    out.push({ mention: spanText(text, tokens.slice(first, last + 1)), countryCode, city });
  });
  return out;
}

/** One embassy actor per sending country; a bare "the Embassy" joins the embassy last mentioned before it. */
function embassyActors(mentions: EmbassyMention[]): Candidate[] {
  const byCountry = new Map<string, EmbassyMention[]>();
  let lastKey: string | undefined;
  const bare: EmbassyMention[] = [];
  for (const m of mentions) {
    const key = m.countryCode ?? lastKey;
    if (!key) {
      bare.push(m);
      continue;
    }
    lastKey = key;
    byCountry.set(key, [...(byCountry.get(key) ?? []), m]);
  }
  if (bare.length > 0) {
    const only = byCountry.size === 1 ? [...byCountry.keys()][0]! : '';
    byCountry.set(only, [...(byCountry.get(only) ?? []), ...bare]);
  }
  const out: Candidate[] = [];
  for (const [cc, ms] of byCountry) {
    const city = ms.find((m) => m.city)?.city;
    const name = `${cc ? `${cc} ` : ''}Embassy${city ? ` in ${city}` : ''}`;
    for (const m of ms) out.push({ kind: 'organization', name, mention: m.mention, ...(cc ? { countryCode: cc } : {}) });
  }
  return out;
}

const BACKED_GROUP = /\b(\p{Lu}[\p{L}.]*)-backed\s+(militias?|militants?|rebels?|forces|groups?|fighters?|proxies|proxy)\b/gu;

function pluralize(noun: string): string {
  const n = noun.toLowerCase();
  if (n.endsWith('s')) return n;
  if (n.endsWith('y')) return `${n.slice(0, -1)}ies`;
  return `${n}s`;
}

function backedGroups(text: string, places: readonly PlaceSpan[]): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(BACKED_GROUP)) {
    const start = m.index ?? 0;
    const sponsor = m[1]!;
    const place = places.find((p) => p.start === start);
    const mention = { surface: m[0], start, end: start + m[0].length };
    out.push({ kind: 'group', name: `${sponsor}-backed ${pluralize(m[2]!)}`, mention, ...(place?.countryCode ? { countryCode: place.countryCode } : {}) });
  }
  return out;
}

/** "Revolutionary Guard Corps (IRGC)": the acronym in parentheses right after an organisation. */
function parentheticalAcronyms(text: string, candidates: Candidate[]): Map<Candidate, string> {
  const links = new Map<Candidate, string>();
  for (const c of candidates) {
    if (c.kind !== 'organization' || c.acronym) continue;
    const m = /^\s*\(([A-Z][A-Z0-9&.]{1,7})\)/.exec(text.slice(c.mention.end, c.mention.end + 12));
    if (m) links.set(c, m[1]!.replace(/\./g, ''));
  }
  return links;
}

// ---------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------

function wordCount(s: string): number {
  return s.split(/\s+/).length;
}

function candidateMatches(actor: Actor, c: Candidate): boolean {
  if (actor.kind !== c.kind) return false;
  if (c.kind === 'person') return actor.surfaceForms.some((f) => isSamePerson(f, c.name));
  if (c.kind === 'group') return fold(actor.name) === fold(c.name);
  return isSameOrganization(actor, { name: c.name, acronym: c.acronym, surfaceForms: [c.name] });
}

function newActor(c: Candidate): Actor {
  const actor: Actor = { id: slug(c.kind, c.name), name: c.name, kind: c.kind, surfaceForms: [c.name], mentions: [] };
  if (c.acronym) actor.acronym = c.acronym;
  if (c.countryCode) actor.countryCode = c.countryCode;
  return actor;
}

function addCandidate(actor: Actor, c: Candidate): void {
  actor.mentions.push(c.mention);
  for (const form of new Set([c.name, c.mention.surface])) if (!actor.surfaceForms.includes(form)) actor.surfaceForms.push(form);
  if (c.acronym && !actor.acronym) actor.acronym = c.acronym;
  if (c.countryCode && !actor.countryCode) actor.countryCode = c.countryCode;
  for (const title of c.titles ?? []) {
    actor.titles ??= [];
    if (!actor.titles.includes(title)) actor.titles.push(title);
  }
  const isFuller = c.kind === 'person' ? wordCount(c.name) > wordCount(actor.name) : !isAcronym(c.name) && (isAcronym(actor.name) || c.name.length > actor.name.length);
  if (isFuller && c.kind !== 'group') {
    actor.name = c.name;
    actor.id = slug(actor.kind, c.name);
  }
}

/** Fullest forms first, so short variants attach to them. */
function byFullness(a: Candidate, b: Candidate): number {
  const weight = (c: Candidate): number => (c.kind === 'person' ? wordCount(c.name) * 10 : isAcronym(c.name) ? 0 : c.name.length);
  return weight(b) - weight(a) || a.mention.start - b.mention.start;
}

function mergeCandidates(candidates: Candidate[]): Actor[] {
  const actors: Actor[] = [];
  for (const c of [...candidates].sort(byFullness)) {
    const match = actors.find((a) => candidateMatches(a, c));
    if (match) addCandidate(match, c);
    else if (!c.weak) {
      const actor = newActor(c);
      addCandidate(actor, c);
      actors.push(actor);
    }
  }
  for (const a of actors) a.mentions.sort((x, y) => x.start - y.start);
  return actors.sort((x, y) => (x.mentions[0]?.start ?? 0) - (y.mentions[0]?.start ?? 0));
}

/** "A of X's B", "A of B", "B (ACR) A", "B A": organisation A is part of organisation B. */
function linkParts(text: string, actors: Actor[]): void {
  const orgMentions = actors
    .filter((a) => a.kind === 'organization')
    .flatMap((a) => a.mentions.map((m) => ({ actor: a, m })))
    .sort((x, y) => x.m.start - y.m.start);
  for (let i = 0; i + 1 < orgMentions.length; i++) {
    const a = orgMentions[i]!;
    const b = orgMentions[i + 1]!;
    if (a.actor === b.actor) continue;
    const between = text.slice(a.m.end, b.m.start);
    if (/^\s+of\s+(?:the\s+)?(?:[\p{Lu}][\p{L}.]*['’]s\s+)?$/u.test(between)) a.actor.partOf ??= b.actor.id;
    else if (/^\)?\s*(?:\([A-Z0-9&.]{2,8}\))?\s*$/.test(between) && b.m.start - a.m.end < 12) b.actor.partOf ??= a.actor.id;
  }
}

/** People, organisations and groups in `text`; `places` are the places already found in it. */
export function findActors(text: string, places: readonly PlaceSpan[], tokens: Token[] = tokenize(text)): Actor[] {
  const candidates = chunkCandidates(text, tokens, places);
  for (const [c, acr] of parentheticalAcronyms(text, candidates)) c.acronym = acr;
  candidates.push(...embassyActors(embassyMentions(text, tokens, places)), ...backedGroups(text, places));
  const actors = mergeCandidates(candidates);
  linkParts(text, actors);
  return actors;
}

// ---------------------------------------------------------------------------
// Across documents
// ---------------------------------------------------------------------------

function sameActor(a: Actor, b: Actor): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'person') return a.surfaceForms.some((x) => b.surfaceForms.some((y) => isSamePerson(x, y)));
  if (a.kind === 'group') return fold(a.name) === fold(b.name);
  return isSameOrganization(a, b);
}

/**
 * Merge actors found in a new document into the known ones: same rules as within a
 * document. Surface forms and mentions are unioned (mention offsets stay relative to their
 * own document); the fuller name becomes canonical. Inputs are not modified.
 */
export function mergeActors(existing: readonly Actor[], found: readonly Actor[]): Actor[] {
  const out: Actor[] = existing.map((a) => ({ ...a, surfaceForms: [...a.surfaceForms], mentions: [...a.mentions], ...(a.titles ? { titles: [...a.titles] } : {}) }));
  const renamed = new Map<string, string>();
  for (const f of found) {
    const match = out.find((a) => sameActor(a, f));
    if (!match) {
      out.push({ ...f, surfaceForms: [...f.surfaceForms], mentions: [...f.mentions] });
      continue;
    }
    const before = match.id;
    for (const form of f.surfaceForms) if (!match.surfaceForms.includes(form)) match.surfaceForms.push(form);
    match.mentions.push(...f.mentions);
    match.acronym ??= f.acronym;
    match.countryCode ??= f.countryCode;
    match.partOf ??= f.partOf;
    for (const t of f.titles ?? []) if (!(match.titles ??= []).includes(t)) match.titles.push(t);
    const fuller = match.kind === 'person' ? wordCount(f.name) > wordCount(match.name) : !isAcronym(f.name) && f.name.length > match.name.length;
    if (fuller) {
      match.name = f.name;
      match.id = f.id;
    }
    renamed.set(f.id, match.id);
    if (before !== match.id) renamed.set(before, match.id);
  }
  for (const a of out) if (a.partOf && renamed.has(a.partOf)) a.partOf = renamed.get(a.partOf)!;
  return out;
}

/**
 * Blocking keys for finding merge candidates among many stored actors: two actors that
 * `mergeActors` would merge always share at least one key (same kind; a person's surname
 * initial — `isSameSurname` requires it; an organisation's folded forms, acronym, initials and
 * word prefixes; a group's folded name). Keys are coarse on purpose; the rules decide.
 */
export function matchKeys(actor: Pick<Actor, 'kind' | 'name' | 'surfaceForms' | 'acronym'>): string[] {
  const keys = new Set<string>();
  const forms = [actor.name, ...actor.surfaceForms];
  if (actor.kind === 'person') {
    for (const f of forms) {
      const words = nameWords(f);
      const last = words[words.length - 1];
      if (last) keys.add(`p:${fold(last).charAt(0)}`);
    }
  } else if (actor.kind === 'group') {
    for (const f of forms) keys.add(`g:${fold(f)}`);
  } else {
    if (actor.acronym) keys.add(`a:${actor.acronym}`);
    for (const f of forms) {
      keys.add(`o:${fold(f)}`);
      const i = initials(f);
      if (i) keys.add(`a:${i}`);
      if (isAcronym(f)) keys.add(`a:${f.replace(/\./g, '').toUpperCase()}`);
      for (const w of significantWords(f)) keys.add(`w:${w.slice(0, 3)}`);
    }
  }
  return [...keys];
}
