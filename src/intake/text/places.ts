/**
 * Toponyms: find place names in text and resolve them to coordinates.
 *
 * Recognition (candidate spans and their filters: place-spans.ts): known sites first (any case, possessives folded: "Baghdad's international
 * airport" = "Baghdad International Airport"); then, from every capitalised word, the longest
 * span of up to five words (capitalised, or name connectors like "of the"; "St. Thomas" keeps its
 * period) that the gazetteer knows; a trailing "County"/"Province"/… is allowed around a known name;
 * a period joins the span only when it makes an abbreviation ("Ky.", "Calif."; "Iraq." stays "Iraq");
 * single nationality words ("Iranian", "Iraqis") are country references. Spans are dropped when they
 * are common words, follow a person title ("General Jordan"), sit inside a person-like name
 * ("Paris Hilton"), or are names of people seen elsewhere in the text. An all-caps dateline
 * ("LONDON, Ky. -") is a name, not an acronym.
 *
 * Readings are narrowed from the wording around a name (place-qualifiers.ts): "London, Ontario",
 * "Atlanta, Georgia", "Washington state"; one sense per discourse carries a qualified reading to
 * the same name elsewhere in the text.
 *
 * Resolution, per span, over the gazetteer's candidates, with evidence from the *other* names of
 * the text (a name never vouches for itself):
 * - a country name is the country (unless a subdivision of a country in focus has the name and the
 *   text works at that level: "Georgia" next to Atlanta or other states);
 * - otherwise rank cities and subdivisions with the learned ranker (place-ranker.ts; coefficients in
 *   place-ranker-weights.json): population, feature class and admin level, focus country (a country
 *   named, implied by a demonym, or by an unambiguous town or subdivision of it) and the country most
 *   names point to, subdivision named in the text ("Edmonton … Alberta"), capital/admin seat, distance
 *   to the text's other places, alternate-name-only match;
 * - a subdivision and its same-named town: the town if it has a million people or is the national
 *   capital ("Beijing", "Washington"), else the subdivision ("Quebec");
 * - left unresolved rather than put far off: small unsupported towns, mid-sized towns of a country
 *   nothing else points to and far from the text's focus ("Edmonton" in a story about Enfield), areas
 *   named after a town outside the text's subdivisions ("Metcalfe County"), and foreign subdivisions
 *   glued to another capitalised word ("Sunshine Coast" is not Tanzania's Coast region).
 * Confidence grows with the margin between the best and the second-best candidate.
 */
import { normalizePlaceName } from '../../geo/index.js';
import { createGeoGazetteer, type Gazetteer, type GazetteerHit } from './gazetteer.js';
import { damerauLevenshtein } from './string-similarity.js';
import { fold, tokenize, type Token } from './tokens.js';
import { addRespellings, applyCountyNeighbours, applyPossessiveCountries, applyQualifiers, applySubdivisionCues, spreadQualifiedReadings } from './place-qualifiers.js';
import { findSpan, inInstitutionName, isCap, isCommonWord, isGlued, longerName, isNamedPerson, isPersonLike, isSpeaker, personNameWords, personWords, startsWithFunctionWord, type Span } from './place-spans.js';
import {
  type Context,
  distanceKm,
  isForeignNamesake,
  isForeignSubdivision,
  isLocal,
  subdivisionOverCountry,
  townOverCountry,
} from './place-resolution.js';
import { findStreets, type StreetSpan } from './place-streets.js';
import { contextFor, gatherEvidence } from './place-evidence.js';
import { subdivisionOf } from './place-support.js';
import { candidateFeatures, type RankerWeights, scoreFeatures, shippedRanker } from './place-ranker.js';
import { SPAN_THRESHOLD, type SpanWeights, shippedSpanClassifier, spanFeatures, spanProbability, spanTextFacts } from './span-classifier.js';

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
  /** ISO 3166-1 code (country), ISO 3166-2 code (subdivision; `fips:NNNNN` for a US county), GeoNames id (city), site name, region slug. */
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
  /** Candidate ranker coefficients (default: the shipped place-ranker-weights.json); for training and cross-set scoring. */
  ranker?: RankerWeights;
  /** Span classifier coefficients (default: the shipped span-classifier-weights.json), or 'off' to keep every span the rules keep. */
  spanClassifier?: SpanWeights | 'off';
  /** Sees every span the rules keep, with the span classifier's features (scripts/train-place-ranker.ts collects examples). */
  onSpan?: (span: { start: number; end: number; surface: string }, features: number[]) => void;
  /** Sees every name's ranked candidates with their features (scripts/train-place-ranker.ts collects examples). */
  onCandidates?: (span: { start: number; end: number; surface: string }, candidates: Array<{ hit: GazetteerHit; features: number[] }>) => void;
}

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
// Resolution
// ---------------------------------------------------------------------------

/** Is the best reading too doubtful to report? Then the name is left unresolved (rules in place-resolution.ts). */
function abstains(span: Span, best: GazetteerHit, ctx: Context): boolean {
  // A small town far from everything else the text names is more likely a surname or a word.
  const supported = span.qualified || ctx.focusCountries.has(best.countryCode) || ctx.anchors.some((a) => distanceKm(a, best) < 400)
    || subdivisionOf(best) === ctx.focusSubdivision || (best.subdivisionCode !== undefined && ctx.subdivisionsOthersCanBe?.has(best.subdivisionCode) === true);
  if (best.kind === 'city' && best.population < 20_000 && !supported) return true;
  if (isForeignNamesake(best, ctx, supported)) return true;
  const adminArea = span.lookupName !== span.surface && !/ city$/i.test(span.surface);
  // The only US county of its name ("Orleans Parish", "Metcalfe County") needs no more, unless the text is about elsewhere.
  const onlyCounty = best.county && span.hits.filter((h) => h.county).length === 1 && (ctx.focusCountries.size === 0 || ctx.focusCountries.has('US'));
  if ((adminArea || best.county) && !onlyCounty && !isLocal(best, ctx)) return true;
  if (span.glued && isForeignSubdivision(best, ctx)) return true;
  // GeoNames alternate names include noise ("The State" for Teresina): trust them only for big cities, or when
  // the alternate name is another spelling of the main one in a country the text is about ("Derna" for Darnah).
  return !best.primary && best.population < 200_000 && !(ctx.focusCountries.has(best.countryCode) && isRespelling(span.lookupName, best.name));
}

/**
 * Another transliteration of the same name, five letters or more and at most two edits apart ("Derna" / "Darnah"),
 * or its short form, the main name's leading words ("Ludwigshafen" / "Ludwigshafen am Rhein").
 */
function isRespelling(surface: string, name: string): boolean {
  const a = normalizePlaceName(surface);
  const b = normalizePlaceName(name);
  if (a.length < 5 || surface === surface.toUpperCase()) return false;
  return damerauLevenshtein(a, b) <= 2 || b.startsWith(`${a} `);
}

function choose(span: Span, ctx: Context, opts: PlaceOptions): { hit: GazetteerHit; confidence: number } | undefined {
  const country = span.hits.find((h) => h.kind === 'country');
  const town = country ? townOverCountry(span.hits, country, ctx) : undefined;
  if (town) return { hit: town, confidence: 0.7 };
  if (country && !subdivisionOverCountry(span.hits, country, ctx)) return { hit: country, confidence: 0.95 };
  const region = span.hits.find((h) => h.kind === 'region');
  if (region) return { hit: region, confidence: 0.9 };
  const model = opts.ranker ?? shippedRanker();
  const scored = span.hits
    .filter((h) => h.kind === 'city' || h.kind === 'subdivision')
    .map((h) => ({ h, x: candidateFeatures(h, span, ctx) }));
  opts.onCandidates?.(span, scored.map(({ h, x }) => ({ hit: h, features: x })));
  const ranked = scored.map(({ h, x }) => ({ h, s: scoreFeatures(x, model) })).sort((a, b) => b.s - a.s);
  const best = capitalOfNamedCountry(span, ranked, ctx) ?? inFocusSubdivision(span, ranked, ctx) ?? ranked[0];
  if (!best || abstains(span, best.h, ctx)) return undefined;
  const margin = best.s - (ranked[1]?.s ?? 0);
  const confidence = ranked.length === 1 ? 0.85 : Math.min(0.95, 0.5 + 0.45 * (1 - Math.exp(-margin)));
  return { hit: namesake(best.h, span.hits, ctx), confidence: Math.round(confidence * 100) / 100 };
}

/**
 * "Paris" in a Kentucky story that says the doctor is in France: the capital of a country the text names
 * outright is meant over the state's namesake, whatever else the text is about (unless a qualifier chose).
 */
function capitalOfNamedCountry<T extends { h: GazetteerHit }>(span: Span, ranked: readonly T[], ctx: Context): T | undefined {
  if (span.qualified) return undefined;
  return ranked.find((r) => r.h.featureCode === 'PPLC' && r.h.primary && ctx.countriesNamed?.has(r.h.countryCode));
}

/**
 * State focus as a rule: when every other name of the text can lie in one subdivision (three or more of them),
 * the name's best-ranked main-name reading inside it, unless a qualifier already chose ("Athens" in a story of
 * Rome, Columbus and Macon, Georgia).
 */
function inFocusSubdivision<T extends { h: GazetteerHit }>(span: Span, ranked: readonly T[], ctx: Context): T | undefined {
  if (!ctx.focusSubdivision || span.qualified) return undefined;
  return ranked.find((r) => r.h.primary && subdivisionOf(r.h) === ctx.focusSubdivision);
}

/**
 * A subdivision and a town inside it with the same name ("Quebec", "Beijing", "Oaxaca"): news means the
 * town when it is a city of a million or more, else the subdivision ("Quebec City" is written out).
 * A national capital beats a same-named subdivision of its country wherever it lies ("Washington"), unless
 * the text names a town inside the subdivision ("Seattle").
 */
function namesake(best: GazetteerHit, hits: GazetteerHit[], ctx: Context): GazetteerHit {
  if (best.kind === 'subdivision') {
    const bigTown = (h: GazetteerHit) => h.subdivisionCode === best.code && h.population >= 1_000_000;
    const local = ctx.anchors.some((a) => a.subdivisionCode === best.code);
    const capital = (h: GazetteerHit) => h.featureCode === 'PPLC' && h.countryCode === best.countryCode && !local;
    return hits.find((h) => h.kind === 'city' && h.primary && (bigTown(h) || capital(h))) ?? best;
  }
  if (best.kind !== 'city' || best.population >= 1_000_000) return best;
  return hits.find((h) => h.kind === 'subdivision' && h.code === best.subdivisionCode) ?? best;
}

function placeFromHit(span: Span, hit: GazetteerHit, confidence: number): Place {
  const place: Place = { surface: span.surface, start: span.start, end: span.end, kind: hit.kind, name: hit.name, code: hit.code, countryCode: hit.countryCode, lat: hit.lat, lon: hit.lon, confidence };
  if (hit.approximate) place.approximate = true;
  return place;
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
    if (isCommonWord(text, span, tokens)) continue;
    const longer = longerName(text, tokens, span);
    if (longer?.kind === 'other' || inInstitutionName(text, tokens, span)) continue;
    if (longer?.kind === 'part') {
      const surface = text.slice(longer.start, longer.end);
      Object.assign(span, { start: longer.start, end: longer.end, surface, lookupName: surface });
    }
    else if (isGlued(text, tokens, span)) span.glued = true;
    candidates.push(span);
  }
  // Two passes: a surname seen in a full name ("Sgt. John Steele") is a person's elsewhere ("Steele said").
  const kept = candidates.filter((span) => {
    if (!isPersonLike(text, tokens, span, names)) return true;
    names.add(fold(tokens[span.first]!.text));
    names.add(fold(tokens[span.last]!.text));
    return false;
  });
  const people = personNameWords(text, tokens, gaz);
  const spans = kept.filter((span) => !isPersonLike(text, tokens, span, names) && !isSpeaker(text, span) && !isNamedPerson(text, tokens, span, people));
  applySubdivisionCues(text, spans);
  const respell = gaz.respelled?.bind(gaz);
  applyQualifiers(text, spans, respell);
  applyPossessiveCountries(text, spans, respell);
  applyCountyNeighbours(spans);
  spreadQualifiedReadings(spans, (span) => fold(span.lookupName));
  const classifier = opts.spanClassifier === 'off' ? undefined : (opts.spanClassifier ?? shippedSpanClassifier());
  const facts = classifier || opts.onSpan ? spanTextFacts(tokens) : undefined;
  const placeLike = spans.filter((span) => {
    if (!facts || span.demonymHit || span.demonymOf) return true;
    const x = spanFeatures(text, tokens, span, facts);
    opts.onSpan?.(span, x);
    return !classifier || spanProbability(x, classifier) >= SPAN_THRESHOLD;
  });
  const evidence = gatherEvidence(placeLike);
  const withDemonyms = opts.demonyms ?? true;
  for (const span of placeLike) {
    if (span.demonymHit) {
      if (withDemonyms) out.push({ ...placeFromHit(span, span.demonymHit, 0.7), demonym: true });
      continue;
    }
    if (span.demonymOf) {
      const country = gaz.country(span.demonymOf);
      if (country && withDemonyms) out.push({ ...placeFromHit(span, country, 0.8), demonym: true });
      continue;
    }
    const ctx = contextFor(evidence, span, gaz);
    // "Floods in Punjab … in Pakistan": a subdivision's name known only in other countries may be the text's
    // country's spelt otherwise (ISO's "Panjāb").
    if (ctx.dominantCountry && span.hits.length > 0 && span.hits.every((h) => h.kind === 'subdivision' && !ctx.focusCountries.has(h.countryCode))) {
      addRespellings(text, span, [ctx.dominantCountry], respell);
    }
    const chosen = choose(span, ctx, opts);
    if (chosen) out.push(placeFromHit(span, chosen.hit, chosen.confidence));
  }
  out.push(...placeStreets(findStreets(text, tokens), out));
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Streets at the town the text names nearest before them, else after them (place-streets.ts), as sites with a
 * stand-in point; a street that overlaps a place already read ("Missouri State Highway") stays that place.
 */
function placeStreets(streets: readonly StreetSpan[], places: readonly Place[]): Place[] {
  const towns = places.filter((p) => p.kind === 'city' || p.code.startsWith('fips:')).sort((a, b) => a.start - b.start);
  return streets.flatMap((street) => {
    if (places.some((p) => p.start < street.end && street.start < p.end)) return [];
    const town = towns.filter((t) => t.end <= street.start).at(-1) ?? towns.find((t) => t.start >= street.end);
    if (!town) return [];
    return [{
      surface: street.surface, start: street.start, end: street.end, kind: 'site', name: street.surface, code: `street:${street.surface}`,
      countryCode: town.countryCode, lat: town.lat, lon: town.lon, radiusKm: STREET_RADIUS_KM, confidence: 0.5, approximate: true,
    } satisfies Place];
  });
}

/** A street's stand-in circle: the town's middle, wide enough for a town's streets. */
const STREET_RADIUS_KM = 10;

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
