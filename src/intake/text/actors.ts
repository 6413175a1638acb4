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
 *
 * Chunking and the cue/title vocabularies are in actor-chunks.ts; name comparison, merging across
 * documents (`mergeActors`) and blocking keys (`matchKeys`) in actor-matching.ts.
 */
import { chunkCandidates, placeAt, spanText, type Candidate } from './actor-chunks.js';
import { isAcronym, isSameOrganization, isSamePerson, slug, wordCount } from './actor-matching.js';
import type { Actor, ActorKind, ActorMention, PlaceSpan } from './actor-types.js';
import { fold, tokenize, type Token } from './tokens.js';

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
