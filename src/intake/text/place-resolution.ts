/**
 * The scoring and the judgement rules of toponym resolution (places.ts gathers the evidence and applies
 * them): when a subdivision beats a same-named country or town, and when a reading is too doubtful to
 * report. The ranking of a name's candidates is learned (place-ranker.ts).
 */
import type { GazetteerHit } from './gazetteer.js';

/** What the rest of the text says, as seen from one name. */
export interface Context {
  focusCountries: Set<string>;
  /** Countries that other names of the text can be themselves ("France"), not by a town or nationality word. */
  countriesNamed?: Set<string>;
  /** Subdivisions the text names, the name itself included ("Wales" names Wales). */
  subdivisionsNamed: Set<string>;
  /** Subdivisions named by the text's other names. */
  subdivisionsNamedByOthers: Set<string>;
  anchors: Array<{ lat: number; lon: number; subdivisionCode?: string | undefined }>;
  /** Reference points of the focus countries. */
  focusPoints: Array<{ lat: number; lon: number }>;
  /** The country most of the other names point to, if one leads. */
  dominantCountry?: string;
  /**
   * State focus: the share (0–1) of the text's other names that have a likely reading in this candidate's
   * first-level subdivision or within 100 km of it (place-support.ts).
   */
  support?: (h: GazetteerHit) => number;
  /** The one subdivision every other name of the text can lie in, if any (place-support.ts). */
  focusSubdivision?: string | undefined;
  /** Subdivisions where another name's clearly biggest namesake town lies ("Atlanta" → US-GA). */
  townSubdivisions?: Set<string>;
  /** Subdivisions another name of the text can be ("Georgia" can be US-GA): a town inside one is not out of place. */
  subdivisionsOthersCanBe?: Set<string>;
}

export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * "Georgia" in a text about the US: a subdivision of a focus country, in a text that works at that level
 * (it names two other subdivisions of the country, or a town inside this one), and the country of the same
 * name is not otherwise in focus. "Niger" in a text about Nigeria that names no states stays the country.
 */
export function subdivisionOverCountry(hits: readonly GazetteerHit[], country: GazetteerHit, ctx: Context): GazetteerHit | undefined {
  if (ctx.focusCountries.has(country.countryCode)) return undefined;
  return hits.find((h) => {
    if (h.kind !== 'subdivision') return false;
    // Every other name can lie in this subdivision ("Athens", "Rome", "Columbus", "Macon" with "Georgia").
    if (h.code === ctx.focusSubdivision && !h.approximate) return true;
    // Another name is most likely a sizeable town inside it, and no other name speaks for the country (checked
    // above): the subdivision explains both names, the country neither ("Georgia lawmakers met in Atlanta").
    if (ctx.townSubdivisions?.has(h.code) && !h.approximate && distanceKm(h, country) >= 1000) return true;
    if (!ctx.focusCountries.has(h.countryCode)) return false;
    const siblings = [...ctx.subdivisionsNamed].filter((c) => c !== h.code && c.startsWith(`${h.countryCode}-`)).length;
    // Only namesakes far apart: a territory that ISO lists both as a country and as a subdivision (Hong Kong,
    // Mayotte) stays the country. One other subdivision is enough when most of the text's names are in that
    // country ("from Alabama into Georgia").
    if (h.approximate || distanceKm(h, country) < 1000) return false;
    const dominant = ctx.dominantCountry === h.countryCode;
    return siblings >= 2 || (siblings >= 1 && dominant) || ctx.anchors.some((a) => a.subdivisionCode === h.code);
  });
}

/** How close to a place of the text a town named like a country must lie to be that town ("near Mexico"). */
export const COUNTRY_NAMED_TOWN_KM = 60;

/**
 * "A truck overturned near Mexico" in a story about Audrain County, Missouri; "Lebanon firefighters" in one about
 * Warren County, Ohio: a town named like a country, when every other name of the text is in the town's country,
 * the text names the town's state, and a place of the text lies within 60 km of it. Otherwise the country wins.
 */
export function townOverCountry(hits: readonly GazetteerHit[], country: GazetteerHit, ctx: Context): GazetteerHit | undefined {
  if (ctx.focusCountries.has(country.countryCode)) return undefined;
  return hits.find((h) => h.kind === 'city' && h.primary && h.countryCode !== country.countryCode
    && [...ctx.focusCountries].every((c) => c === h.countryCode) && ctx.dominantCountry === h.countryCode
    && h.subdivisionCode !== undefined && ctx.subdivisionsNamedByOthers.has(h.subdivisionCode)
    && ctx.anchors.some((a) => distanceKm(a, h) < COUNTRY_NAMED_TOWN_KM));
}

/**
 * "Edmonton" in a story about Enfield, "Edmonton" in one about Cairns: a town of under a million, in a
 * country nothing else in the text points to, while the text is about somewhere else, is more likely a
 * local place the gazetteer lacks (a London suburb, a Cairns suburb) than the distant city. Reporting the
 * distant one would put the alert thousands of kilometres off, so the name is left unresolved.
 */
export const FOREIGN_NAMESAKE_KM = 1200;

export function isForeignNamesake(best: GazetteerHit, ctx: Context, supported: boolean): boolean {
  if (best.kind !== 'city' || best.population >= 1_000_000 || supported || ctx.focusPoints.length === 0) return false;
  // Near a focus country it may well be meant ("Malakal" in a text about Sudan, "Gaza" in one about Israel).
  return !ctx.focusPoints.some((p) => distanceKm(p, best) < FOREIGN_NAMESAKE_KM);
}

/**
 * "Metcalfe County" (Kentucky) is not the town of Metcalfe (Mississippi): an area named with an admin suffix
 * is read as its same-named town only when that town lies in a subdivision the text names or near one of
 * its unambiguous places; otherwise the area is left unresolved rather than put hundreds of km off. A US
 * county ("Lincoln County": 24 of them) likewise needs its state named or a place of the text nearby.
 */
export function isLocal(hit: GazetteerHit, ctx: Context): boolean {
  // A big city's district or province is around the city itself ("Seoul Metropolitan", "Denver County").
  if ((hit.kind !== 'city' && !hit.county) || hit.population >= 500_000) return true;
  return (!!hit.subdivisionCode && ctx.subdivisionsNamed.has(hit.subdivisionCode)) || ctx.anchors.some((a) => distanceKm(a, hit) < 400);
}

/**
 * "Sunshine Coast" (Queensland) is not Tanzania's Coast region: a subdivision glued to another capitalised
 * word, in a country nothing else points to and far from the text's focus, is the tail of a longer name.
 */
export function isForeignSubdivision(hit: GazetteerHit, ctx: Context): boolean {
  if (hit.kind !== 'subdivision' || ctx.focusCountries.has(hit.countryCode)) return false;
  return ![...ctx.focusPoints, ...ctx.anchors].some((p) => distanceKm(p, hit) < FOREIGN_NAMESAKE_KM);
}
