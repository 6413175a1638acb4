/**
 * Toponyms: find place names in text and resolve them to coordinates.
 *
 * Recognition: known sites first (any case, possessives folded: "Baghdad's international
 * airport" = "Baghdad International Airport"); then, from every capitalised word, the longest
 * span of up to five words (capitalised, or name connectors like "of the") that the
 * gazetteer knows; a trailing "County"/"Province"/… is allowed around a known name; single
 * nationality words ("Iranian", "Iraqis") are country references. Spans are dropped when they
 * are common words, follow a person title ("General Jordan"), sit inside a person-like name
 * ("Paris Hilton"), or are names of people seen elsewhere in the text.
 *
 * Resolution, per span, over the gazetteer's candidates:
 * - a country name is the country (unless a subdivision of a country in focus has the name:
 *   "Georgia" in a text about the US);
 * - otherwise score cities and subdivisions: log10(population), + focus country (a country
 *   named or implied by a demonym in the text), + subdivision named in the text ("Edmonton,
 *   Alberta"), + capital/admin seat, + within 400 km of an unambiguous place of the text,
 *   − alternate-name-only match; a big city (≥ 1 M) beats a same-named subdivision.
 * Confidence grows with the margin between the best and the second-best candidate.
 */
import { createGeoGazetteer, type Gazetteer, type GazetteerHit } from './gazetteer.js';
import { COMMON_WORDS, NAME_CONNECTORS, WEEKDAYS_AND_MONTHS, fold, tokenize, type Token } from './text.js';
import { PERSON_TITLES } from './actor-chunks.js';

export type PlaceKind = 'country' | 'subdivision' | 'city' | 'site' | 'region';

/** A named point with a radius, owned by the database (e.g. an airport). */
export interface Site {
  name: string;
  aliases: string[];
  lat: number;
  lon: number;
  radiusKm: number;
  countryCode: string;
}

export interface Place {
  /** Text as written, e.g. "Baghdad's international airport". */
  surface: string;
  start: number;
  end: number;
  kind: PlaceKind;
  /** Canonical name. */
  name: string;
  /** ISO 3166-1 code (country), ISO 3166-2 code (subdivision), GeoNames id (city), site name, region slug. */
  code: string;
  countryCode: string;
  lat: number;
  lon: number;
  /** 0..1 */
  confidence: number;
  /** Written as a nationality word ("Iranian"): a reference to the country, not a location. */
  demonym?: boolean;
  /** Coordinates are a stand-in (see gazetteer.ts). */
  approximate?: boolean;
  radiusKm?: number;
}

export interface PlaceOptions {
  sites?: readonly Site[];
  /** Report nationality words as country references (default true). */
  demonyms?: boolean;
  gazetteer?: Gazetteer;
}

const MAX_SPAN_WORDS = 5;
/** Words that may follow a place name inside the span: "Metcalfe County", "Quebec City". */
const ADMIN_SUFFIXES = new Set(['county', 'province', 'district', 'region', 'city', 'state', 'governorate', 'parish', 'prefecture', 'municipality', 'island', 'islands', 'valley']);
/** Words after a name that make it a facility or an organisation, in which the name is still a place ("Edmonton police"). */
const KIND_NOUNS_AFTER_PLACE = /^(airport|international|police|service|city|county|province|region|state|government|council|hospital|university|embassy|consulate|court|prison|port|harbour|harbor|station|area|district|border|river|lake|mountains?|military|army|forces?|authorities|officials|president|minister|ministry|department|office|health|public|times|post|news|daily|herald|journal|sun|star|tribune|mail|globe|press|radio|television|tv)$/i;

let defaultGazetteer: Gazetteer | undefined;

function gazetteerOf(opts: PlaceOptions): Gazetteer {
  if (opts.gazetteer) return opts.gazetteer;
  defaultGazetteer ??= createGeoGazetteer();
  return defaultGazetteer;
}

// ---------------------------------------------------------------------------
// Sites
// ---------------------------------------------------------------------------

function foldWords(s: string): string[] {
  return fold(s)
    .replace(/'s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

interface SiteMatch {
  site: Site;
  first: number;
  last: number;
}

/** Longest site alias starting at each token, compared word by word after folding. */
function matchSites(tokens: Token[], sites: readonly Site[]): SiteMatch[] {
  const forms = sites.flatMap((site) => [site.name, ...site.aliases].map((alias) => ({ site, words: foldWords(alias) }))).filter((f) => f.words.length > 0);
  if (forms.length === 0) return [];
  const words = tokens.map((t) => fold(t.text));
  const out: SiteMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let best: SiteMatch | undefined;
    for (const f of forms) {
      if (words[i] !== f.words[0] || i + f.words.length > tokens.length) continue;
      if (!f.words.every((w, k) => words[i + k] === w)) continue;
      const last = i + f.words.length - 1;
      if (!best || last > best.last) best = { site: f.site, first: i, last };
    }
    if (best) {
      out.push(best);
      i = best.last;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Candidate spans
// ---------------------------------------------------------------------------

interface Span {
  first: number;
  last: number;
  start: number;
  end: number;
  surface: string;
  /** Name to look up (span without an admin suffix). */
  lookupName: string;
  hits: GazetteerHit[];
  demonymOf?: string;
}

function isCap(t: Token | undefined): boolean {
  return !!t && t.capitalized && /^\p{L}/u.test(t.text);
}

/** Span end, including the period of an abbreviation ("Ky.", "B.C." is already one token). */
function spanEnd(text: string, t: Token): number {
  return text[t.end] === '.' && /^\p{Lu}\p{Ll}{1,3}$/u.test(t.text) ? t.end + 1 : t.end;
}

function contiguous(tokens: Token[], text: string, first: number, last: number): boolean {
  for (let k = first + 1; k <= last; k++) {
    const prev = tokens[k - 1]!;
    const t = tokens[k]!;
    if (t.sentence !== prev.sentence || prev.possessive) return false;
    if (!/^[\s-]*$/.test(text.slice(prev.end, t.start))) return false;
    if (!isCap(t) && !NAME_CONNECTORS.has(t.text.toLowerCase())) return false;
  }
  return isCap(tokens[last]);
}

function findSpan(text: string, tokens: Token[], i: number, gaz: Gazetteer): Span | undefined {
  for (let last = Math.min(tokens.length - 1, i + MAX_SPAN_WORDS - 1); last >= i; last--) {
    if (!contiguous(tokens, text, i, last)) continue;
    const start = tokens[i]!.start;
    const end = spanEnd(text, tokens[last]!);
    const surface = text.slice(start, end);
    let hits = gaz.lookup(surface);
    let lookupName = surface;
    if (last <= i + 1 && !hits.some((h) => h.kind === 'country')) {
      const demonymOf = gaz.demonym(surface);
      if (demonymOf) return { first: i, last, start, end, surface, lookupName: surface, hits: [], demonymOf };
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

/** Words of person names introduced by a title ("Secretary Francisco Duque"): not places elsewhere either. */
function personWords(tokens: Token[]): Set<string> {
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

function isPersonLike(text: string, tokens: Token[], span: Span, names: Set<string>): boolean {
  const country = span.hits.some((h) => h.kind === 'country' || h.kind === 'region') || span.demonymOf;
  const prev = tokens[span.first - 1];
  const next = tokens[span.last + 1];
  const joinedPrev = prev && /^\s+$/.test(text.slice(prev.end, span.start)) && prev.sentence === tokens[span.first]!.sentence;
  const joinedNext = next && /^\s+$/.test(text.slice(span.end, next.start)) && !tokens[span.last]!.possessive;
  if (prev && joinedPrev && PERSON_TITLES.has(fold(prev.text)) && prev.capitalized && !country) return true;
  if (country || isProminent(span)) return false;
  if (span.first === span.last && names.has(fold(tokens[span.first]!.text))) return true;
  // "Paris Hilton", "George Washington": glued to an unknown capitalised word.
  if (joinedNext && isCap(next) && !KIND_NOUNS_AFTER_PLACE.test(next!.text) && !WEEKDAYS_AND_MONTHS.test(next!.text)) return true;
  if (joinedPrev && isCap(prev) && !prev!.sentenceInitial && !COMMON_WORDS.has(fold(prev!.text)) && !/^(of|in|at)$/i.test(prev!.text)) return true;
  return false;
}

/** Capitalised words and names that the gazetteer knows as some town but news uses otherwise. */
const NOT_PLACES = new Set(['white house', 'christmas', 'center', 'centre', 'law', 'church', 'federal', 'liberal', 'union', 'parliament', 'congress', 'senate', 'independence', 'victory', 'liberty', 'justice', 'progress', 'mobile', 'reading', 'split', 'nice', 'bath', 'hope', 'ebola', 'zika', 'reston', 'obama', 'bush', 'trump', 'clinton']);

/** "Steele said", "said Murphy": a lone name next to a speech verb is a speaker, unless it is a country or a big city. */
function isSpeaker(text: string, span: Span): boolean {
  if (span.demonymOf || span.hits.some((h) => h.kind !== 'city' || h.population >= 100_000)) return false;
  const after = text.slice(span.end, span.end + 12);
  const before = text.slice(Math.max(0, span.start - 8), span.start);
  return /^,?\s+(said|says|told|added|wrote|explained|noted)\b/i.test(after) || /\b(said|says|told)\s+$/i.test(before);
}

/** A subdivision or a city of 100k+: "Edmonton Oilers" and "Missouri Department" still name the place. */
function isProminent(span: Span): boolean {
  return span.hits.some((h) => h.kind === 'subdivision' || (h.kind === 'city' && h.primary && h.population >= 100_000));
}

function isCommonWord(span: Span, tokens: Token[]): boolean {
  if (NOT_PLACES.has(fold(span.surface))) return true;
  if (span.first !== span.last) return false;
  const t = tokens[span.first]!;
  // "US" is not "us"; but acronyms ("UN", "EU") name places only as countries or subdivisions ("NSW").
  if (/^\p{Lu}{2,}$/u.test(t.text)) return !span.demonymOf && !span.hits.some((h) => h.kind !== 'city');
  const f = fold(t.text).replace(/'(re|ll|ve|d|s|m)$|n't$/, '');
  return COMMON_WORDS.has(f) || WEEKDAYS_AND_MONTHS.test(f) || PERSON_TITLES.has(f) || t.text.length < 2;
}

/** Words that open sentences but never place names ("West", "New", "North" do open names). */
const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'of', 'and', 'or', 'but', 'if', 'when', 'while', 'as', 'this', 'that', 'these', 'those', 'it', 'its', 'he', 'she', 'they', 'we', 'i', 'you', 'his', 'her', 'their', 'our', 'my', 'your', 'there', 'here', 'after', 'before', 'during', 'since', 'until', 'despite', 'according', 'meanwhile', 'however', 'also', 'then', 'to', 'into', 'across', 'near', 'outside', 'inside']);

/** "The State", "In Paris": a multi-word span led by a common word is a sentence start, not a name. */
function startsWithFunctionWord(span: Span, tokens: Token[]): boolean {
  if (span.first === span.last) return false;
  const first = tokens[span.first]!;
  if (!FUNCTION_WORDS.has(fold(first.text))) return false;
  return !span.hits.some((h) => (h.kind === 'country' || h.kind === 'region') && h.primary);
}

// ---------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------

interface Context {
  focusCountries: Set<string>;
  subdivisionsNamed: Set<string>;
  anchors: { lat: number; lon: number }[];
}

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function scoreHit(h: GazetteerHit, ctx: Context): number {
  let s = Math.log10(h.population + 10);
  if (h.kind === 'subdivision') s = 6; // like a city of a million people
  if (ctx.focusCountries.has(h.countryCode)) s += 2;
  if (h.subdivisionCode && ctx.subdivisionsNamed.has(h.subdivisionCode)) s += 3;
  // "Paris", "New York": a city of a million or more is meant before its same-named subdivision.
  if (h.kind === 'city' && h.population >= 1_000_000) s += 0.5;
  if (h.featureCode === 'PPLC') s += 1;
  else if (h.featureCode === 'PPLA') s += 0.5;
  if (ctx.anchors.some((a) => distanceKm(a, h) < 400)) s += 1.5;
  if (!h.primary) s -= 2;
  return s;
}

function choose(span: Span, ctx: Context): { hit: GazetteerHit; confidence: number } | undefined {
  const country = span.hits.find((h) => h.kind === 'country');
  const focusSub = span.hits.find((h) => h.kind === 'subdivision' && ctx.focusCountries.has(h.countryCode));
  if (country && !(focusSub && !ctx.focusCountries.has(country.countryCode))) return { hit: country, confidence: 0.95 };
  const region = span.hits.find((h) => h.kind === 'region');
  if (region) return { hit: region, confidence: 0.9 };
  const ranked = span.hits
    .filter((h) => h.kind === 'city' || h.kind === 'subdivision')
    .map((h) => ({ h, s: scoreHit(h, ctx) }))
    .sort((a, b) => b.s - a.s);
  const best = ranked[0];
  if (!best) return undefined;
  // A small town far from everything else the text names is more likely a surname or a word.
  const supported = ctx.focusCountries.has(best.h.countryCode) || ctx.anchors.some((a) => distanceKm(a, best.h) < 400);
  if (best.h.kind === 'city' && best.h.population < 20_000 && !supported) return undefined;
  // GeoNames alternate names include noise ("The State" for Teresina): trust them only for big cities.
  if (!best.h.primary && best.h.population < 200_000) return undefined;
  const margin = best.s - (ranked[1]?.s ?? 0);
  const confidence = ranked.length === 1 ? 0.85 : Math.min(0.95, 0.5 + 0.45 * (1 - Math.exp(-margin)));
  return { hit: best.h, confidence: Math.round(confidence * 100) / 100 };
}

function placeFromHit(span: Span, hit: GazetteerHit, confidence: number): Place {
  const place: Place = { surface: span.surface, start: span.start, end: span.end, kind: hit.kind, name: hit.name, code: hit.code, countryCode: hit.countryCode, lat: hit.lat, lon: hit.lon, confidence };
  if (hit.approximate) place.approximate = true;
  return place;
}

function buildContext(spans: Span[]): Context {
  const focusCountries = new Set<string>();
  const subdivisionsNamed = new Set<string>();
  const anchors: { lat: number; lon: number }[] = [];
  for (const s of spans) {
    if (s.demonymOf) focusCountries.add(s.demonymOf);
    const country = s.hits.find((h) => h.kind === 'country');
    if (country) focusCountries.add(country.countryCode);
    const subs = s.hits.filter((h) => h.kind === 'subdivision');
    if (subs.length === 1 && !country) subdivisionsNamed.add(subs[0]!.code);
    const cities = s.hits.filter((h) => h.kind === 'city' && h.primary);
    const only = cities.length === 1 ? cities[0] : cities[0] && cities[0].population > 1_000_000 && cities[0].population > 10 * (cities[1]?.population ?? 0) ? cities[0] : undefined;
    if (only && !country) {
      anchors.push(only);
      focusCountries.add(only.countryCode);
    }
  }
  return { focusCountries, subdivisionsNamed, anchors };
}

/** Every place mention in `text`, in order, resolved (see the module comment). */
export function findPlaces(text: string, opts: PlaceOptions = {}, tokens: Token[] = tokenize(text)): Place[] {
  const gaz = gazetteerOf(opts);
  const out: Place[] = [];
  const used = new Set<number>();
  for (const m of matchSites(tokens, opts.sites ?? [])) {
    const start = tokens[m.first]!.start;
    const end = tokens[m.last]!.end;
    out.push({ surface: text.slice(start, end), start, end, kind: 'site', name: m.site.name, code: m.site.name, countryCode: m.site.countryCode, lat: m.site.lat, lon: m.site.lon, radiusKm: m.site.radiusKm, confidence: 0.95 });
    for (let k = m.first; k <= m.last; k++) used.add(k);
  }
  const names = personWords(tokens);
  const candidates: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i) || !isCap(tokens[i])) continue;
    const span = findSpan(text, tokens, i, gaz);
    if (!span || [...Array(span.last - span.first + 1).keys()].some((k) => used.has(span.first + k))) continue;
    i = span.last;
    if (startsWithFunctionWord(span, tokens)) {
      i = span.first;
      continue;
    }
    if (isCommonWord(span, tokens)) continue;
    candidates.push(span);
  }
  // Two passes: a surname seen in a full name ("Sgt. John Steele") is a person's elsewhere ("Steele said").
  const kept = candidates.filter((span) => {
    if (!isPersonLike(text, tokens, span, names)) return true;
    names.add(fold(tokens[span.first]!.text));
    names.add(fold(tokens[span.last]!.text));
    return false;
  });
  const spans = kept.filter((span) => !isPersonLike(text, tokens, span, names) && !isSpeaker(text, span));
  const ctx = buildContext(spans);
  const withDemonyms = opts.demonyms ?? true;
  for (const span of spans) {
    if (span.demonymOf) {
      const country = gaz.country(span.demonymOf);
      if (country && withDemonyms) out.push({ ...placeFromHit(span, country, 0.8), demonym: true });
      continue;
    }
    const chosen = choose(span, ctx);
    if (chosen) out.push(placeFromHit(span, chosen.hit, chosen.confidence));
  }
  return out.sort((a, b) => a.start - b.start);
}

/** One entry per distinct place (kind + code), keeping the first mention and the highest confidence. */
export function uniquePlaces(mentions: readonly Place[]): Place[] {
  const byKey = new Map<string, Place>();
  for (const p of mentions) {
    const key = `${p.kind}:${p.code}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...p });
    else if (p.confidence > seen.confidence) seen.confidence = p.confidence;
  }
  return [...byKey.values()];
}
