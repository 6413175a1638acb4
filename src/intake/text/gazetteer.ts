/**
 * The intake's view of the geography module: one `lookup(name)` that answers countries,
 * subdivisions, cities and world regions for a surface form, plus demonyms.
 * An interface, so places.ts can be tested or run against another gazetteer.
 */
import {
  countryByDemonym,
  countryPoint,
  findCountryByName,
  findUsCounties,
  getCountry,
  getSubdivision,
  listCountries,
  listSubdivisions,
  normalizePlaceName,
  ownValue,
  searchPlaces,
  subdivisionPoint,
  type Subdivision,
} from '../../geo/index.js';
import { pressAbbreviation } from './place-abbreviations.js';
import { damerauLevenshtein } from './string-similarity.js';

export type GazetteerKind = 'country' | 'subdivision' | 'city' | 'region';

export interface GazetteerHit {
  kind: GazetteerKind;
  /** ISO 3166-1 / ISO 3166-2 code, GeoNames id, or region slug. */
  code: string;
  name: string;
  /** '' for regions spanning several countries. */
  countryCode: string;
  subdivisionCode?: string;
  lat: number;
  lon: number;
  population: number;
  featureCode?: string;
  /** The name matched the main name (not only an alternate name, which in GeoNames can be noisy). */
  primary: boolean;
  /** Coordinates are a stand-in (a subdivision placed at its same-named city or its country's centroid). */
  approximate?: boolean;
  /** A US county (parish, borough): `code` is `fips:<five digits>`, `subdivisionCode` its state. */
  county?: boolean;
  /** Matched only as a press abbreviation ("Man.", "Calif."): places.ts wants it after "<Name>, ". */
  pressAbbreviation?: boolean;
}

export interface Gazetteer {
  lookup(name: string): GazetteerHit[];
  demonym(word: string): string | undefined;
  country(code: string): GazetteerHit | undefined;
  /**
   * The subdivisions of `countryCode` whose name is another transliteration of `name` ("Punjab" for ISO's
   * "Panjāb"), as alternate-name readings. Asked only where the text says which country is meant
   * ("Punjab, Pakistan", "Pakistan's Punjab", "Lahore, Punjab"): out of context such near-spellings are noise
   * ("Maury" / Mary, "Nyala" / Nayala).
   */
  respelled?(name: string, countryCode: string): GazetteerHit[];
}

/**
 * News spellings of countries the geography module does not list yet (reported to its owner);
 * kept here so the recogniser does not miss them meanwhile.
 */
const NEWS_COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  'u k': 'GB', britain: 'GB', drc: 'CD', 'd r c': 'CD', america: 'US', 'u s a': 'US', holland: 'NL', 'the netherlands': 'NL', burma: 'MM', 'east timor': 'TL', 'the gambia': 'GM', 'the philippines': 'PH',
  // Without these "Democratic Republic of Congo" is read as "Congo" (the other Congo) and "Zaire" as an Angolan province.
  'democratic republic of congo': 'CD', 'dr congo': 'CD', 'congo kinshasa': 'CD', zaire: 'CD', 'republic of congo': 'CG', 'congo brazzaville': 'CG',
};

/**
 * World regions that news names as places. Continents sit at GeoNames' continent features (fcode CONT:
 * Africa 6255146, Asia 6255147, Europe 6255148, North America 6255149, Oceania 6255151, South America 6255150,
 * Antarctica 6255152), the conventional points gold sets use; the other regions' points are rough centres.
 */
const REGIONS: ReadonlyArray<{ names: string[]; lat: number; lon: number }> = [
  { names: ['africa'], lat: 7.18805, lon: 21.09375 },
  { names: ['asia'], lat: 29.84064, lon: 89.29688 },
  { names: ['europe'], lat: 48.69096, lon: 9.14062 },
  { names: ['north america'], lat: 46.07323, lon: -100.54688 },
  { names: ['south america', 'latin america'], lat: -14.60485, lon: -57.65625 },
  { names: ['americas', 'the americas'], lat: 10, lon: -80 },
  { names: ['middle east', 'the middle east'], lat: 29, lon: 42 },
  { names: ['oceania'], lat: -18.31281, lon: 138.51562 },
  { names: ['antarctica'], lat: -78.15856, lon: 16.40626 },
  { names: ['caribbean', 'the caribbean'], lat: 17, lon: -72 },
  { names: ['southeast asia', 'south east asia'], lat: 8, lon: 110 },
  { names: ['west africa'], lat: 11, lon: -3 },
  { names: ['east africa'], lat: 0, lon: 36 },
  { names: ['central america'], lat: 13, lon: -86 },
  { names: ['scandinavia'], lat: 63, lon: 15 },
  { names: ['balkans', 'the balkans'], lat: 43, lon: 20 },
  { names: ['sub saharan africa'], lat: 0, lon: 20 },
];

const LOOKUP_CACHE_LIMIT = 50_000;

/** Countries whose subdivisions go by postal abbreviations in news ("Ky.", "B.C.", "NSW"). */
const ABBREVIATING_COUNTRIES = ['US', 'CA', 'AU'];

interface SubdivisionIndex {
  byName: Map<string, Subdivision[]>;
  byAbbreviation: Map<string, Subdivision[]>;
  /** By country and `skeleton()` of the name: other transliterations of it ("Punjab" for ISO's "Panjāb"). */
  bySkeleton: Map<string, Subdivision[]>;
  /** Region name → the subdivisions that make it up (`regionFamilies`). */
  families: Map<string, Subdivision[]>;
  /** By `skeleton()` alone, for long names of two or more words (`isLongName`): read anywhere, no context needed. */
  byLongSkeleton: Map<string, Subdivision[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, ...values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}

/**
 * English names of subdivisions that the ISO data lists only in another language (South Africa's provinces
 * are given in Ndebele/Sotho/Zulu: "GaZulu-Natala", "iTjhingalanga-Kapa"), so news spellings find them.
 */
const NEWS_SUBDIVISION_ALIASES: Readonly<Record<string, string>> = {
  'kwazulu natal': 'ZA-NL', 'western cape': 'ZA-WC', 'northern cape': 'ZA-NC', 'free state': 'ZA-FS', mpumalanga: 'ZA-MP',
};

/**
 * A name's consonant skeleton: each word's first letter, then its letters without vowels (and y), doubled
 * letters once. Transliterations differ mostly in their vowels ("Punjab" / "Panjāb", "Khyber Pakhtunkhwa" /
 * "Khaībar Pakhtūnkhwā", "Baluchistan" / "Balochistan"), so they share it.
 */
function skeleton(key: string): string {
  return key.split(' ').map((w) => (w[0] ?? '') + w.slice(1).replace(/[aeiouy]/g, '')).join(' ').replace(/(.)\1+/g, '$1');
}

/**
 * Is `key` another transliteration of the subdivision name `name` (both normalised)? They share the skeleton and
 * the first and last letters, so they differ only in inner vowels, and in at most one letter per six
 * ("Punjab" / "Panjab", "Baluchistan" / "Balochistan", "Khyber Pakhtunkhwa" / "Khaibar Pakhtunkhwa"; not "Prate" /
 * "Prato", "Messi" / "Meuse").
 */
/**
 * Two or more words and 14 letters or more: a skeleton this long is distinctive, so another transliteration of
 * such a name is read without context ("Khyber Pakhtunkhwa" for ISO's "Khaībar Pakhtūnkhwā"), where a short one
 * would find noise ("Maury" / Mary).
 */
function isLongName(key: string): boolean {
  return key.includes(' ') && key.replace(/ /g, '').length >= 14;
}

function isTransliteration(key: string, name: string): boolean {
  if (key === name || key.length < 5 || key[0] !== name[0] || key.at(-1) !== name.at(-1)) return false;
  return damerauLevenshtein(key, name) <= Math.max(1, Math.floor(name.length / 6));
}

/** Compass words of other languages in ISO's subdivision names (Arabic, French, Spanish, Portuguese, Dutch, Indonesian). */
const FOREIGN_COMPASS: ReadonlyMap<string, string> = new Map([
  ['shamal', 'north'], ['janub', 'south'], ['gharb', 'west'], ['sharq', 'east'], ['wasat', 'central'],
  ['nord', 'north'], ['sud', 'south'], ['est', 'east'], ['ouest', 'west'], ['norte', 'north'], ['sur', 'south'], ['sul', 'south'],
  ['este', 'east'], ['leste', 'east'], ['oeste', 'west'], ['noord', 'north'], ['zuid', 'south'], ['oriental', 'east'], ['occidental', 'west'],
  ['utara', 'north'], ['selatan', 'south'], ['barat', 'west'], ['timur', 'east'], ['tengah', 'central'],
]);
const ENGLISH_COMPASS: ReadonlyMap<string, string> = new Map([
  ['north', 'north'], ['south', 'south'], ['east', 'east'], ['west', 'west'], ['central', 'central'],
  ['northern', 'north'], ['southern', 'south'], ['eastern', 'east'], ['western', 'west'],
]);
/** The English forms news writes before a name: "South Darfur", "Southern Darfur". */
const ENGLISH_FORMS: ReadonlyMap<string, readonly string[]> = new Map([
  ['north', ['north', 'northern']], ['south', ['south', 'southern']], ['east', ['east', 'eastern']], ['west', ['west', 'western']], ['central', ['central']],
]);
const COMPASS_CONNECTORS = new Set(['del', 'do', 'du']);

/**
 * A subdivision name as its compass word and the rest: "Janūb Dārfūr" → south + "darfur", "Nord-Kivu" → north +
 * "kivu", "Jawa Barat" → west + "jawa", "Davao del Sur" → south + "davao", "North Darfur" → north + "darfur"
 * (normalised keys). `foreign`: the compass word is not English, so the English order is another name for it.
 */
function compassParts(key: string): { compass: string; stem: string; foreign: boolean } | undefined {
  const words = key.split(' ');
  if (words.length < 2) return undefined;
  const first = words[0]!;
  const lead = FOREIGN_COMPASS.get(first) ?? ENGLISH_COMPASS.get(first);
  if (lead) return { compass: lead, stem: words.slice(1).join(' '), foreign: FOREIGN_COMPASS.has(first) };
  const last = words.at(-1)!;
  const trail = FOREIGN_COMPASS.get(last) ?? ENGLISH_COMPASS.get(last);
  if (!trail) return undefined;
  const rest = words.slice(0, -1);
  if (rest.length > 1 && COMPASS_CONNECTORS.has(rest.at(-1)!)) rest.pop();
  // "Plateau Central" (Burkina Faso) is French word order; "Cheshire East" is no "East Cheshire".
  return { compass: trail, stem: rest.join(' '), foreign: FOREIGN_COMPASS.has(last) && last !== 'central' };
}

/** Stems that are kinds of area, not names ("Northern Province", "Eastern Highlands", "Western Cape"). */
const GENERIC_STEMS = new Set(['province', 'region', 'district', 'area', 'island', 'islands', 'highlands', 'coast', 'cape', 'territory', 'river', 'bank', 'centre', 'center', 'east', 'west', 'north', 'south', 'central']);

function buildSubdivisionIndex(): SubdivisionIndex {
  const byName = new Map<string, Subdivision[]>();
  const byAbbreviation = new Map<string, Subdivision[]>();
  const bySkeleton = new Map<string, Subdivision[]>();
  const byLongSkeleton = new Map<string, Subdivision[]>();
  for (const country of listCountries()) {
    for (const sub of listSubdivisions(country.code)) {
      const key = normalizePlaceName(sub.name);
      push(byName, key, sub);
      push(bySkeleton, `${country.code} ${skeleton(key)}`, sub);
      if (isLongName(key)) push(byLongSkeleton, skeleton(key), sub);
      const suffix = sub.code.split('-')[1]?.toLowerCase();
      if (suffix && ABBREVIATING_COUNTRIES.includes(country.code)) push(byAbbreviation, suffix, sub);
    }
  }
  for (const [name, code] of Object.entries(NEWS_SUBDIVISION_ALIASES)) {
    const sub = getSubdivision(code);
    if (sub) push(byName, name, sub);
  }
  const families = new Map<string, Subdivision[]>();
  for (const country of listCountries()) {
    for (const sub of listSubdivisions(country.code)) {
      const parts = compassParts(normalizePlaceName(sub.name));
      if (!parts || parts.stem.length < 4) continue;
      // "Janūb Dārfūr" is South (or Southern) Darfur in English news.
      const forms = parts.foreign ? (ENGLISH_FORMS.get(parts.compass) ?? []) : [];
      for (const form of forms) if (!byName.get(`${form} ${parts.stem}`)?.includes(sub)) push(byName, `${form} ${parts.stem}`, sub);
      push(families, `${country.code} ${parts.stem}`, sub);
    }
  }
  return { byName, byAbbreviation, bySkeleton, byLongSkeleton, families: regionFamilies(families, byName) };
}

/**
 * "Darfur" (North, South, East, West and Central Darfur), "Kivu" (Nord- and Sud-Kivu), "Kasai", "Equatoria",
 * "Mashonaland", "Sussex": the name that two or more subdivisions of one country share beside a compass word is
 * the region they make up, at the middle of their points. Not when the name is already a country, a subdivision
 * or a sizeable town ("Holland", "Carolina", "Davao"), or a kind of area ("Northern Province").
 */
function regionFamilies(families: Map<string, Subdivision[]>, byName: Map<string, Subdivision[]>): Map<string, Subdivision[]> {
  const out = new Map<string, Subdivision[]>();
  for (const [key, members] of families) {
    const stem = key.slice(key.indexOf(' ') + 1);
    if (members.length < 2 || GENERIC_STEMS.has(stem) || byName.has(stem) || findCountryByName(stem) || ownValue(NEWS_COUNTRY_ALIASES, stem)) continue;
    if (searchPlaces(stem, { limit: 5 }).some((c) => normalizePlaceName(c.name) === stem && c.population >= 20_000)) continue;
    push(out, stem, ...members);
  }
  return out;
}

/** "Metcalfe County", "Orleans Parish", "Kenai Peninsula Borough": the US counties of that name (any state). */
const US_COUNTY_NAME = /^(.+?)\s+(county|parish|borough)$/i;
/** Parishes are Louisiana's counties and boroughs Alaska's (elsewhere a borough is a town). */
const STATE_OF_COUNTY_WORD: ReadonlyMap<string, string> = new Map([['parish', 'US-LA'], ['borough', 'US-AK']]);

function countyHits(surface: string): GazetteerHit[] {
  const m = US_COUNTY_NAME.exec(surface.trim());
  if (!m) return [];
  const suffix = m[2]![0]!.toUpperCase() + m[2]!.slice(1).toLowerCase();
  const state = STATE_OF_COUNTY_WORD.get(m[2]!.toLowerCase());
  return findUsCounties(m[1]!).filter((c) => !state || c.stateCode === state).map((c) => ({
    kind: 'subdivision', code: `fips:${c.fips}`, name: `${c.name} ${suffix}`, countryCode: 'US', subdivisionCode: c.stateCode,
    lat: c.lat, lon: c.lon, population: 0, primary: true, county: true,
  }));
}

function countryHit(code: string, primary: boolean): GazetteerHit | undefined {
  const c = getCountry(code);
  if (!c) return undefined;
  const at = countryPoint(c.code) ?? c.centroid;
  return { kind: 'country', code: c.code, name: c.name, countryCode: c.code, lat: at.lat, lon: at.lon, population: Number.MAX_SAFE_INTEGER, primary };
}

/**
 * A subdivision at its reference point from `src/geo` (the middle of its towns' extent); when no
 * town maps to it, at its same-named city ("Baghdad" governorate → Baghdad), else at the
 * country's reference point, flagged approximate.
 */
function subdivisionHit(sub: Subdivision): GazetteerHit | undefined {
  const point = subdivisionPoint(sub.code);
  const sameNamed = point ? undefined : searchPlaces(sub.name, { countryCode: sub.countryCode, limit: 1 })[0];
  const country = getCountry(sub.countryCode);
  const at = point ?? sameNamed ?? (country ? countryPoint(country.code) : undefined);
  if (!at) return undefined;
  const hit: GazetteerHit = { kind: 'subdivision', code: sub.code, name: sub.name, countryCode: sub.countryCode, subdivisionCode: sub.code, lat: at.lat, lon: at.lon, population: 0, primary: true };
  if (!point && !sameNamed) hit.approximate = true;
  return hit;
}

/** Is the surface form an abbreviation ("Ky.", "B.C.", "NSW", "Calif.") rather than a word? */
function looksAbbreviated(surface: string): boolean {
  return /^(\p{Lu}\.){2,}$/u.test(surface) || /^\p{Lu}\p{Ll}{1,4}\.$/u.test(surface) || /^\p{Lu}{2,3}$/u.test(surface) || surface === 'Qld';
}

export function createGeoGazetteer(): Gazetteer {
  let subdivisions: SubdivisionIndex | undefined;
  const subdivisionCache = new Map<string, GazetteerHit | undefined>();
  const lookupCache = new Map<string, GazetteerHit[]>();
  const surfaceCache = new Map<string, GazetteerHit[]>();
  const regions = new Map(REGIONS.flatMap((r) => r.names.map((n) => [n, r] as const)));

  function cachedSubdivision(sub: Subdivision): GazetteerHit | undefined {
    if (!subdivisionCache.has(sub.code)) subdivisionCache.set(sub.code, subdivisionHit(sub));
    return subdivisionCache.get(sub.code);
  }

  /** The region a family of subdivisions makes up, at the middle of their points (one country's: several would be a list). */
  function familyRegion(key: string, members: readonly Subdivision[] | undefined): GazetteerHit | undefined {
    const points = (members ?? []).flatMap((sub) => cachedSubdivision(sub) ?? []).filter((h) => !h.approximate);
    if (points.length < 2 || new Set(points.map((p) => p.countryCode)).size > 1) return undefined;
    const lat = points.reduce((sum, p) => sum + p.lat, 0) / points.length;
    const lon = points.reduce((sum, p) => sum + p.lon, 0) / points.length;
    return { kind: 'region', code: `region:${key.replace(/ /g, '-')}`, name: key.replace(/\b\p{L}/gu, (c) => c.toUpperCase()), countryCode: points[0]!.countryCode, lat, lon, population: Number.MAX_SAFE_INTEGER, primary: true };
  }

  function lookupUncached(surface: string, key: string): GazetteerHit[] {
    const hits: GazetteerHit[] = [];
    const countryCode = findCountryByName(surface) ?? ownValue(NEWS_COUNTRY_ALIASES, key);
    if (countryCode) {
      const hit = countryHit(countryCode, true);
      if (hit) hits.push(hit);
    }
    const region = regions.get(key);
    if (region) hits.push({ kind: 'region', code: `region:${region.names[0]!.replace(/ /g, '-')}`, name: surface, countryCode: '', lat: region.lat, lon: region.lon, population: Number.MAX_SAFE_INTEGER, primary: true });
    subdivisions ??= buildSubdivisionIndex();
    const family = familyRegion(key, subdivisions.families.get(key));
    if (family) hits.push(family);
    const subs = [...(subdivisions.byName.get(key) ?? [])];
    if (looksAbbreviated(surface)) subs.push(...(subdivisions.byAbbreviation.get(key.replace(/ /g, '')) ?? []));
    if (subs.length === 0 && isLongName(key)) {
      subs.push(...(subdivisions.byLongSkeleton.get(skeleton(key)) ?? []).filter((sub) => isTransliteration(key, normalizePlaceName(sub.name))));
    }
    for (const sub of subs) {
      const hit = cachedSubdivision(sub);
      if (hit) hits.push(hit);
    }
    const press = looksAbbreviated(surface) ? getSubdivision(pressAbbreviation(key.replace(/ /g, '')) ?? '') : undefined;
    const pressHit = press && !subs.some((sub) => sub.code === press.code) ? cachedSubdivision(press) : undefined;
    if (pressHit) hits.push({ ...pressHit, pressAbbreviation: true });
    hits.push(...countyHits(surface));
    for (const city of searchPlaces(surface, { limit: 12 })) {
      // "Washington, D.C." is GeoNames' main name for the capital: the part before the comma is its name too.
      const primary = [city.name, city.asciiName, city.name.split(',')[0]!].some((n) => normalizePlaceName(n) === key);
      const hit: GazetteerHit = { kind: 'city', code: String(city.id), name: city.name, countryCode: city.countryCode, lat: city.lat, lon: city.lon, population: city.population, featureCode: city.featureCode, primary };
      if (city.subdivisionCode) hit.subdivisionCode = city.subdivisionCode;
      hits.push(hit);
    }
    return hits;
  }

  return {
    lookup(surface: string): GazetteerHit[] {
      // The readings depend on the surface alone: a text's repeated names skip the normalisation below.
      const seen = surfaceCache.get(surface);
      if (seen) return seen;
      const hits = lookupByKey(surface);
      if (surfaceCache.size >= LOOKUP_CACHE_LIMIT) surfaceCache.clear();
      surfaceCache.set(surface, hits);
      return hits;
    },
    demonym: (word: string) => countryByDemonym(word),
    country: (code: string) => countryHit(code, true),
    respelled(name: string, countryCode: string): GazetteerHit[] {
      const key = normalizePlaceName(name);
      subdivisions ??= buildSubdivisionIndex();
      const subs = subdivisions.bySkeleton.get(`${countryCode} ${skeleton(key)}`) ?? [];
      return subs.flatMap((sub) => {
        const hit = isTransliteration(key, normalizePlaceName(sub.name)) ? cachedSubdivision(sub) : undefined;
        return hit ? [{ ...hit, primary: false }] : [];
      });
    },
  };

  function lookupByKey(surface: string): GazetteerHit[] {
    const key = normalizePlaceName(surface);
    if (key === '') return [];
    const cacheKey = looksAbbreviated(surface) ? `${key}\u0000abbr` : key;
    let hits = lookupCache.get(cacheKey);
    if (!hits) {
      hits = lookupUncached(surface, key);
      // Bounded: a long-running intake sees an open-ended stream of capitalised words.
      if (lookupCache.size >= LOOKUP_CACHE_LIMIT) lookupCache.clear();
      lookupCache.set(cacheKey, hits);
    }
    return hits;
  }
}
