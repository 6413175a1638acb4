/**
 * "London, Ontario", "Paris, Texas", "LONDON, Ky.", "Atlanta, Georgia": a place name followed by a comma and
 * the subdivision or country it lies in. The pair is read together, both ways:
 * - the qualifier keeps only the readings that contain some reading of the name ("Georgia" after
 *   "Atlanta," is the US state, not the country);
 * - the name keeps only the readings inside the qualifier ("London" → London, Ontario; "Lebanon,
 *   Pennsylvania" → the town, not the country).
 * Either side is left alone when no reading fits, and a country followed by a country is a list, so lists
 * of places ("Syria, Iraq", "Houston, Dallas") are not changed; but a name that is only small towns of other
 * countries than the qualifier's ("Churchill, Man." with no Churchill in Canada) is left unresolved.
 * Either side may be spelt otherwise in the other's country ("Punjab, Pakistan": ISO writes "Panjāb"), so the
 * gazetteer's other transliterations there are readings too.
 * A country followed by a country is a list too, unless the first is also a subdivision of the second ("Georgia,
 * US") and the pair is not itself in a list.
 * Also here: a country's possessive ("Pakistan's Punjab"), lower-case cues for subdivisions ("Washington state")
 * and one sense per discourse.
 */
import type { GazetteerHit } from './gazetteer.js';
import { distanceKm } from './place-resolution.js';

export interface QualifiableSpan {
  start: number;
  end: number;
  hits: GazetteerHit[];
  /** Set when a qualifier chose among the readings: the choice needs no further support. */
  qualified?: boolean;
}

/** Kinds that can contain other places. */
function isContainer(h: GazetteerHit): boolean {
  return h.kind === 'subdivision' || h.kind === 'country';
}

/** Does `outer` (a subdivision or country) contain `inner`? Subdivisions of one country count as inside each other's country. */
export function liesIn(inner: GazetteerHit, outer: GazetteerHit): boolean {
  if (outer.kind === 'country') return inner.kind !== 'country' && inner.countryCode === outer.countryCode;
  if (outer.kind !== 'subdivision' || outer.county) return false;
  if (inner.county) return inner.subdivisionCode === outer.code;
  if (inner.kind === 'subdivision') return inner.code !== outer.code && inner.countryCode === outer.countryCode;
  // A town whose subdivision the data does not know may lie in any subdivision of its country.
  return inner.kind === 'city' && (inner.subdivisionCode === outer.code || (inner.subdivisionCode === undefined && inner.countryCode === outer.countryCode));
}

/** Keeps the hits that pass `keep`, unless none does. */
function narrow(span: QualifiableSpan, keep: (h: GazetteerHit) => boolean): void {
  const kept = span.hits.filter(keep);
  if (kept.length === 0) return;
  span.hits = kept;
  span.qualified = true;
}

/** Other transliterations of a name in one country (`Gazetteer.respelled`). */
export type Respell = (name: string, countryCode: string) => GazetteerHit[];

/**
 * Adds to `span` the readings of its name spelt otherwise in `countryCodes` ("Punjab" in Pakistan is ISO's
 * "Panjāb"), when none of its readings lies there: the text has just said which country is meant.
 */
export function addRespellings(text: string, span: QualifiableSpan, countryCodes: Iterable<string>, respell: Respell | undefined): void {
  if (!respell) return;
  const known = new Set(span.hits.map((h) => h.code));
  for (const code of new Set(countryCodes)) {
    if (code === '' || span.hits.some((h) => h.countryCode === code && h.kind !== 'country')) continue;
    for (const hit of respell(text.slice(span.start, span.end), code)) if (!known.has(hit.code)) span.hits.push(hit);
  }
}

/** Narrows the readings of every "<name>, <qualifier>" pair in place (see the module comment). */
export function applyQualifiers<S extends QualifiableSpan>(text: string, spans: S[], respell?: Respell): void {
  for (let i = 0; i + 1 < spans.length; i++) {
    const name = spans[i]!;
    const qualifier = spans[i + 1]!;
    if (!/^\s*,\s*$/.test(text.slice(name.end, qualifier.start))) continue;
    if (!qualifier.hits.some(isContainer)) continue;
    if (isCountryList(text, spans, i)) continue;
    // "Punjab, Pakistan" (ISO's "Panjāb"), "Lahore, Punjab": either side may be spelt otherwise in the other's country.
    if (!name.hits.some((h) => qualifier.hits.some((q) => liesIn(h, q)))) {
      addRespellings(text, name, qualifier.hits.filter(isCountry).map((q) => q.countryCode), respell);
      addRespellings(text, qualifier, name.hits.filter((h) => !isContainer(h)).map((h) => h.countryCode), respell);
    }
    const nameHits = name.hits;
    narrow(qualifier, (q) => isContainer(q) && nameHits.some((h) => liesIn(h, q)));
    narrow(name, (h) => qualifier.hits.some((q) => liesIn(h, q)));
    const countries = new Set(qualifier.hits.filter(isContainer).map((q) => q.countryCode));
    if (!name.qualified && name.hits.length > 0 && name.hits.every((h) => isSmallTown(h) && !countries.has(h.countryCode))) {
      // "Churchill, Man.": the gazetteer has no Churchill in Canada, and the Churchills it has elsewhere are
      // not meant. Left unresolved (a big city is kept: "Sydney, Queensland and Victoria" is a list; so is a
      // town of the qualifier's country, whose subdivision may just not be mapped: "Pandi, Bulacan").
      name.hits = [];
      name.qualified = true;
    }
  }
}

const isCountry = (h: GazetteerHit) => h.kind === 'country';

/**
 * Is the pair at `i` ("<country>, <country>") a list of countries rather than a place and its country? "Iraq,
 * Iran" is a list; "Georgia, US" is the state, as Georgia is also a subdivision of the US — unless the pair itself
 * sits in a list ("in Niger, Nigeria and Chad").
 */
function isCountryList(text: string, spans: readonly QualifiableSpan[], i: number): boolean {
  const name = spans[i]!;
  const qualifier = spans[i + 1]!;
  if (!name.hits.some(isCountry) || !qualifier.hits.some(isCountry)) return false;
  const subdivisionOfQualifier = name.hits.some((h) => h.kind === 'subdivision' && qualifier.hits.some((q) => isCountry(q) && liesIn(h, q)));
  if (!subdivisionOfQualifier) return true;
  const next = spans[i + 2];
  const previous = spans[i - 1];
  const listGoesOn = next !== undefined && /^\s*(,|and|or|&)\s*$/.test(text.slice(qualifier.end, next.start));
  const listBefore = previous !== undefined && /^\s*(,|and|or|&)\s*$/.test(text.slice(previous.end, name.start)) && previous.hits.some(isCountry);
  return listGoesOn || listBefore;
}

/**
 * "Pakistan's Punjab", "India's Punjab": a country's possessive keeps only the readings of the next name inside
 * that country (when there are any).
 */
export function applyPossessiveCountries<S extends QualifiableSpan>(text: string, spans: S[], respell?: Respell): void {
  for (let i = 0; i + 1 < spans.length; i++) {
    const owner = spans[i]!;
    const name = spans[i + 1]!;
    if (!/^['’]s\s+$/.test(text.slice(owner.end, name.start))) continue;
    const countries = owner.hits.filter(isCountry);
    if (countries.length === 0 || name.hits.some(isCountry)) continue;
    addRespellings(text, name, countries.map((c) => c.countryCode), respell);
    narrow(name, (h) => countries.some((c) => liesIn(h, c)));
  }
}

/** A town of under 100,000: names like this recur across countries, so a contradicting qualifier wins. */
function isSmallTown(h: GazetteerHit): boolean {
  return h.kind === 'city' && h.population < 100_000;
}

/**
 * One sense per discourse: once "London, Ontario" has been qualified, a later bare "London" in the same
 * text is the same London. Spans are matched by `nameOf` (the folded name).
 */
export function spreadQualifiedReadings<S extends QualifiableSpan>(spans: S[], nameOf: (span: S) => string): void {
  const readings = new Map<string, Set<string>>();
  for (const span of spans) {
    const name = nameOf(span);
    if (span.qualified && !readings.has(name)) readings.set(name, new Set(span.hits.map((h) => `${h.kind}:${h.code}`)));
  }
  for (const span of spans) {
    const codes = span.qualified ? undefined : readings.get(nameOf(span));
    if (codes?.size === 0) span.hits = [];
    else if (codes) narrow(span, (h) => codes.has(`${h.kind}:${h.code}`));
  }
}

/** Lower-case words that say a name is a subdivision: "Washington state", "the state of Washington". */
const SUBDIVISION_CUE_AFTER = /^\s+(state|province|governorate|prefecture|region)\b/;
const SUBDIVISION_CUE_BEFORE = /\b(state|province|governorate|prefecture|region) of\s+$/;

/** "Washington state", "the province of Quebec": keeps the subdivision readings of such names (when there are any). */
export function applySubdivisionCues<S extends QualifiableSpan>(text: string, spans: S[]): void {
  for (const span of spans) {
    const after = SUBDIVISION_CUE_AFTER.test(text.slice(span.end, span.end + 16));
    const before = SUBDIVISION_CUE_BEFORE.test(text.slice(Math.max(0, span.start - 20), span.start));
    if (after || before) narrow(span, (h) => h.kind === 'subdivision');
  }
}

/** How far a town may lie from a county's centre and still be taken for one of its towns. */
const COUNTY_TOWN_KM = 40;

/**
 * "Paris police said a Bourbon County man…": of the 2 Bourbon Counties (Kentucky, Kansas) the one with a town of
 * the text in it (Paris, Kentucky) is meant. An ambiguous US county keeps the readings in a state the text names
 * ("six Iowa locations, including … Plymouth County"), else those that another name of the text has a town
 * within 40 km of, when some but not all do.
 */
export function applyCountyNeighbours<S extends QualifiableSpan>(spans: S[]): void {
  const stateOf = (s: QualifiableSpan) => {
    const subs = s.hits.filter((h) => h.kind === 'subdivision' && !h.county);
    return subs.length === 1 && !s.hits.some((h) => h.kind === 'country') ? [subs[0]!.code] : [];
  };
  const statesNamed = new Set(spans.flatMap(stateOf));
  for (const span of spans) {
    if (span.hits.length < 2 || !span.hits.every((h) => h.county)) continue;
    const inState = span.hits.filter((h) => h.subdivisionCode !== undefined && statesNamed.has(h.subdivisionCode));
    if (inState.length > 0) {
      narrow(span, (h) => inState.includes(h));
      continue;
    }
    const towns = spans.filter((other) => other !== span).flatMap((other) => other.hits.filter((h) => h.kind === 'city' && h.primary));
    const near = span.hits.filter((county) => towns.some((t) => distanceKm(t, county) < COUNTY_TOWN_KM));
    if (near.length > 0 && near.length < span.hits.length) narrow(span, (h) => near.includes(h));
  }
}
