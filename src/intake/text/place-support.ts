/**
 * State focus, as evidence for the candidate ranker: "Augusta" in a story whose other names are Macon, Savannah
 * and Georgia is Georgia's Augusta, not Maine's capital; "Cambridge" beside Boston is Massachusetts', "Manchester"
 * beside Concord and Boston is New Hampshire's. For each candidate, the share of the text's *other* names that
 * have a likely reading in the same first-level subdivision (any country's: a US state, England, a province)
 * or within 100 km of it (for a town without a known subdivision, a reading in its country or the country itself). A reading's likelihood is its prior among its name's readings (by population, a
 * subdivision counting as a big town), so "Boston" speaks for Massachusetts far more than for Lincolnshire, and
 * an article about England naming London and Cambridge keeps Manchester English.
 */
import type { GazetteerHit } from './gazetteer.js';
import { distanceKm } from './place-resolution.js';

/** Closer than this, a reading supports a candidate across a state line (Manchester, NH beside Boston, MA). */
export const SUPPORT_KM = 100;
/** Readings less likely than this are not worth a distance test (a name's 20th small namesake). */
const MIN_PRIOR = 0.05;
/** How big a town a subdivision reading counts as, for its prior. */
const SUBDIVISION_WEIGHT = 1_000_000;

interface NameReadings {
  /** First-level subdivision → the likeliest reading's prior in it. */
  bySubdivision: Map<string, number>;
  points: Array<{ lat: number; lon: number; prior: number }>;
  /** Every first-level subdivision some main-name town, county or subdivision reading lies in, however unlikely. */
  states: Set<string>;
}

/**
 * The first-level subdivision a reading lies in (a state is its own; a county is in its state); a town whose
 * subdivision the data lacks (France's, Germany's) is in its country, and a country name speaks for those.
 */
function stateOf(h: GazetteerHit): string {
  if (h.kind === 'subdivision' && !h.county) return h.code;
  return h.subdivisionCode ?? `country:${h.countryCode}`;
}

function readingsOf(hits: readonly GazetteerHit[]): NameReadings | undefined {
  const places = hits.filter((h) => h.kind === 'city' || h.kind === 'subdivision');
  if (places.length === 0 && !hits.some((h) => h.kind === 'country')) return undefined;
  // A name that is also a country ("Georgia") speaks for its subdivision reading only half as much.
  const countryToo = hits.some((h) => h.kind === 'country') ? 0.5 : 1;
  const mass = (h: GazetteerHit) => (h.kind === 'city' ? h.population : SUBDIVISION_WEIGHT) + 1000;
  const total = places.reduce((sum, h) => sum + mass(h), 0);
  const out: NameReadings = { bySubdivision: new Map(), points: [], states: new Set() };
  for (const c of hits) if (c.kind === 'country') out.bySubdivision.set(`country:${c.countryCode}`, 1);
  for (const h of places) {
    const prior = (countryToo * mass(h)) / total;
    const state = stateOf(h);
    out.bySubdivision.set(state, Math.max(out.bySubdivision.get(state) ?? 0, prior));
    if (h.primary) out.states.add(state);
    if (prior >= MIN_PRIOR) out.points.push({ lat: h.lat, lon: h.lon, prior });
  }
  return out;
}

/** Each distinct name's readings, for `supportFor`. */
export function nameReadings(spans: ReadonlyArray<{ name: string; hits: readonly GazetteerHit[] }>): Map<string, NameReadings> {
  const out = new Map<string, NameReadings>();
  for (const s of spans) {
    if (out.has(s.name)) continue;
    const r = readingsOf(s.hits);
    if (r) out.set(s.name, r);
  }
  return out;
}

/** The support function of the context of name `own`: other names only, so that no name vouches for itself. */
export function supportFor(readings: Map<string, NameReadings>, own: string): (h: GazetteerHit) => number {
  const others = [...readings].filter(([name]) => name !== own).map(([, r]) => r);
  return (h) => {
    if (others.length === 0) return 0;
    const state = stateOf(h);
    let sum = 0;
    for (const r of others) {
      let best = r.bySubdivision.get(state) ?? 0;
      for (const p of r.points) if (p.prior > best && distanceKm(p, h) < SUPPORT_KM) best = p.prior;
      sum += best;
    }
    return sum / others.length;
  };
}

/** Fewer other names than this say nothing by all lying in one subdivision. */
const FOCUS_MIN_NAMES = 3;

/**
 * The one subdivision every other name of the text can lie in, when there are three or more of them ("Athens",
 * "Rome", "Columbus", "Macon": all have a town in Georgia, which by chance is unlikely). A country name (no
 * subdivision) or a name known only abroad breaks it, so a story that names France and Italy has none.
 */
export function focusSubdivisionFor(readings: Map<string, NameReadings>, own: string): string | undefined {
  const others = [...readings].filter(([name]) => name !== own).map(([, r]) => r.states);
  if (others.length < FOCUS_MIN_NAMES) return undefined;
  const shared = [...others[0]!].filter((state) => others.every((states) => states.has(state)));
  return shared.length === 1 ? shared[0] : undefined;
}

/** The first-level subdivision of a candidate, as `focusSubdivisionFor` counts it. */
export const subdivisionOf = stateOf;
