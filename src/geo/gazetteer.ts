/**
 * City gazetteer from the GeoNames "cities1000" dump (every place with at
 * least 1000 people, plus admin seats), shipped by the cities1000 package.
 * Loaded synchronously on first use, once, then kept in memory; call
 * loadGazetteer() at start-up to pay the cost (~1 s) before the first request.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { normalizePlaceName } from './normalize.js';
import { admin2ToIso, mapAdmin1ToIso } from './admin1.js';
import type { City } from './city.js';
import { haversineKm } from './distance.js';

export { normalizePlaceName } from './normalize.js';

export type { City };

export interface SearchOptions {
  countryCode?: string;
  /** Default 20. */
  limit?: number;
}

export interface GazetteerStats {
  cities: number;
  names: number;
  loadMs: number;
}

interface Gazetteer {
  cities: City[];
  byId: Map<number, City>;
  /** Normalised name → indexes into `cities`; a bare number for the common single-city case, to save memory. */
  byName: Map<string, number | number[]>;
  grid: Map<number, number[]>;
  loadMs: number;
}

/** GeoNames column positions (see the cities1000 package's `fields`). */
const COLUMN = {
  id: 0, name: 1, asciiName: 2, alternateNames: 3, lat: 4, lon: 5, featureCode: 7,
  countryCode: 8, admin1: 10, admin2: 11, population: 14,
} as const;

const DEFAULT_LIMIT = 20;
/** Grid cells are 1° × 1°: ~140k cities spread over ~20k occupied cells. */
const CELL_DEGREES = 1;
const KM_PER_DEGREE_LAT = 111.19;

let gazetteer: Gazetteer | undefined;

function data(): Gazetteer {
  gazetteer ??= buildGazetteer();
  return gazetteer;
}

/** Loads the gazetteer now (idempotent) and says how big it is and how long loading took. */
export function loadGazetteer(): GazetteerStats {
  const g = data();
  return { cities: g.cities.length, names: g.byName.size, loadMs: g.loadMs };
}

function citiesFilePath(): string {
  return createRequire(import.meta.url)('cities1000').file as string;
}

/** The tab-separated fields of one line, each decoded from the file's bytes on its own (see readCities). */
function fieldsOf(bytes: Buffer, start: number, end: number): string[] {
  const fields: string[] = [];
  for (let from = start; ;) {
    const tab = bytes.indexOf(0x09, from);
    const to = tab === -1 || tab > end ? end : tab;
    fields.push(bytes.toString('utf8', from, to));
    if (to === end) return fields;
    from = to + 1;
  }
}

function parseCity(f: string[]): City | undefined {
  const id = Number(f[COLUMN.id]);
  const lat = Number(f[COLUMN.lat]);
  const lon = Number(f[COLUMN.lon]);
  if (f.length < 15 || !Number.isInteger(id) || !Number.isFinite(lat) || !Number.isFinite(lon)) return undefined;
  const alternates = f[COLUMN.alternateNames] ?? '';
  return {
    id,
    name: f[COLUMN.name] ?? '',
    asciiName: f[COLUMN.asciiName] ?? '',
    alternateNames: alternates === '' ? [] : alternates.split(','),
    countryCode: f[COLUMN.countryCode] ?? '',
    admin1: f[COLUMN.admin1] ?? '',
    admin2: f[COLUMN.admin2] ?? '',
    lat,
    lon,
    population: Number(f[COLUMN.population]) || 0,
    featureCode: f[COLUMN.featureCode] ?? '',
  };
}

/**
 * Walks the file's bytes line by line and decodes each field separately. Fields split from one decoded text would
 * keep the whole decoded text alive through any one of them — V8 keeps a substring of 13 or more characters as a view
 * into its parent — so the heap after loading was 150 MB; decoded field by field it is 133 MB (the same cities).
 */
function readCities(): City[] {
  const bytes = readFileSync(citiesFilePath());
  const cities: City[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const city = parseCity(fieldsOf(bytes, start, end));
    if (city) cities.push(city);
    start = end + 1;
  }
  return cities;
}

function addToIndex<K>(index: Map<K, number | number[]>, key: K, value: number): void {
  const existing = index.get(key);
  if (existing === undefined) index.set(key, value);
  else if (typeof existing === 'number') index.set(key, [existing, value]);
  else existing.push(value);
}

function buildNameIndex(cities: City[]): Map<string, number | number[]> {
  const byName = new Map<string, number | number[]>();
  cities.forEach((city, i) => {
    const keys = new Set([city.name, city.asciiName, ...city.alternateNames].map(normalizePlaceName));
    keys.delete('');
    for (const key of keys) addToIndex(byName, key, i);
  });
  return byName;
}

function cellIndex(value: number, cells: number): number {
  return ((Math.floor(value / CELL_DEGREES) % cells) + cells) % cells;
}

function cellKey(lat: number, lon: number): number {
  const row = Math.min(Math.floor((lat + 90) / CELL_DEGREES), 180 / CELL_DEGREES - 1);
  return row * (360 / CELL_DEGREES) + cellIndex(lon + 180, 360 / CELL_DEGREES);
}

function buildGrid(cities: City[]): Map<number, number[]> {
  const grid = new Map<number, number[]>();
  cities.forEach((city, i) => {
    const key = cellKey(city.lat, city.lon);
    const cell = grid.get(key);
    if (cell) cell.push(i);
    else grid.set(key, [i]);
  });
  return grid;
}

function buildGazetteer(): Gazetteer {
  const started = performance.now();
  const cities = readCities();
  const isoByAdmin1 = mapAdmin1ToIso(cities);
  for (const city of cities) {
    const iso = isoByAdmin1.get(`${city.countryCode}.${city.admin1}`);
    if (iso) city.subdivisionCode = iso;
  }
  const byId = new Map(cities.map((c) => [c.id, c]));
  const byName = buildNameIndex(cities);
  const grid = buildGrid(cities);
  return { cities, byId, byName, grid, loadMs: performance.now() - started };
}

export function getCity(id: number): City | undefined {
  return data().byId.get(id);
}

/**
 * Exact (normalised) match on name, ASCII name or any alternate name, most
 * populous first. No fuzzy matching: callers wanting "Zarif"/"Zairf" tolerance
 * do that before calling.
 */
export function searchPlaces(name: string, opts: SearchOptions = {}): City[] {
  const key = normalizePlaceName(name);
  if (key === '') return [];
  const { cities, byName } = data();
  const hits = byName.get(key);
  if (hits === undefined) return [];
  const country = opts.countryCode?.trim().toUpperCase();
  return (typeof hits === 'number' ? [hits] : hits)
    .map((i) => cities[i]!)
    .filter((city) => country === undefined || city.countryCode === country)
    .sort((a, b) => b.population - a.population)
    .slice(0, opts.limit ?? DEFAULT_LIMIT);
}

/** Cells whose points could lie within radiusKm of (lat, lon); the whole latitude band near the poles. */
function cellsWithin(lat: number, lon: number, radiusKm: number): number[] {
  const latSpan = radiusKm / KM_PER_DEGREE_LAT;
  const minLat = Math.max(-90, lat - latSpan);
  const maxLat = Math.min(90, lat + latSpan);
  const widestLat = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const lonSpan = radiusKm / (KM_PER_DEGREE_LAT * Math.cos((widestLat * Math.PI) / 180));
  const wholeBand = !(lonSpan < 180) || widestLat >= 89.9;
  const keys = new Set<number>();
  for (let rowLat = minLat; rowLat < maxLat + CELL_DEGREES; rowLat += CELL_DEGREES) {
    const cappedLat = Math.min(rowLat, maxLat);
    const from = wholeBand ? -180 : lon - lonSpan;
    const to = wholeBand ? 180 : lon + lonSpan;
    for (let cellLon = from; cellLon < to + CELL_DEGREES; cellLon += CELL_DEGREES) {
      keys.add(cellKey(cappedLat, Math.min(cellLon, to)));
    }
  }
  return [...keys];
}

/**
 * The nearest city to a point, optionally only among cities of at least
 * minPopulation. Searches the grid in growing radii: a best hit within the
 * current radius is the global nearest, since every closer city lies in the
 * cells already searched.
 */
export function nearestCity(lat: number, lon: number, opts: { minPopulation?: number } = {}): City | undefined {
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return undefined;
  const { cities, grid } = data();
  const minPopulation = opts.minPopulation ?? 0;
  const here = { lat, lon };
  for (let radiusKm = 50; radiusKm < 40_000; radiusKm *= 2) {
    let best: City | undefined;
    let bestKm = Infinity;
    for (const key of cellsWithin(lat, lon, radiusKm)) {
      for (const i of grid.get(key) ?? []) {
        const city = cities[i]!;
        if (city.population < minPopulation) continue;
        const km = haversineKm(here, city);
        if (km < bestKm) [best, bestKm] = [city, km];
      }
    }
    if (best && bestKm <= radiusKm) return best;
  }
  return undefined;
}

function outranksAsCapital(city: City, current: City | undefined): boolean {
  if (current === undefined) return true;
  const cityIsCapital = city.featureCode === 'PPLC';
  if (cityIsCapital !== (current.featureCode === 'PPLC')) return cityIsCapital;
  return city.population > current.population;
}

/** The capital (PPLC) of a country, else its most populous place; undefined when GeoNames has none. */
export function capitalOf(countryCode: string): City | undefined {
  const code = countryCode.trim().toUpperCase();
  let capital: City | undefined;
  for (const city of data().cities) {
    if (city.countryCode === code && outranksAsCapital(city, capital)) capital = city;
  }
  return capital;
}

/** Where a subdivision's reference point came from (see subdivisionPoint). */
export interface SubdivisionPoint {
  lat: number;
  lon: number;
  /** 'towns': derived from the GeoNames towns mapped to the subdivision; 'seat': its admin seat only. */
  basis: 'towns' | 'seat';
  /** How many towns the point was derived from. */
  towns: number;
}

let subdivisionPoints: Map<string, SubdivisionPoint> | undefined;

/** The value at quantile q (0..1) of sorted numbers. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Trimmed mid-range of longitudes, across the antimeridian when that makes the spread smaller. */
function midLongitude(lons: number[], trim: number): number {
  const plain = [...lons].sort((a, b) => a - b);
  const shifted = lons.map((l) => (l < 0 ? l + 360 : l)).sort((a, b) => a - b);
  const spread = (s: number[]) => quantile(s, 1 - trim) - quantile(s, trim);
  const use = spread(shifted) < spread(plain) ? shifted : plain;
  const mid = (quantile(use, trim) + quantile(use, 1 - trim)) / 2;
  return mid > 180 ? mid - 360 : mid;
}

/**
 * Share of towns left out at each end when taking a subdivision's extent. 0 (the full extent) measured
 * best on both gold sets (Acc@161 for subdivisions, GeoVirus: 0.682 at 0, 0.634 at 2%, 0.620 at 5%):
 * towns cluster in the south of Canadian provinces and on Australian coasts, so trimming pulls the point off-centre.
 */
const EXTENT_TRIM = 0;

/** Distances beyond this multiple of the 95th-percentile distance from the median town are strays. */
const STRAY_FACTOR = 2.5;

/**
 * The towns without strays: GeoNames codes a few towns into the wrong admin1 area (two Qinghai towns carry
 * Jiangsu's code, 1,500 km away), which would stretch the extent. A town is a stray when it lies farther from
 * the median town position than 2.5 times the distance within which 95% of the towns lie (at least 50 km), so
 * genuinely remote towns of large areas (Churchill, Manitoba) stay.
 */
function withoutStrays(towns: City[]): City[] {
  const lats = towns.map((t) => t.lat).sort((a, b) => a - b);
  const median = { lat: quantile(lats, 0.5), lon: midLongitude(towns.map((t) => t.lon), 0.5) };
  const km = towns.map((t) => haversineKm(median, t));
  const limit = Math.max(50, STRAY_FACTOR * quantile([...km].sort((a, b) => a - b), 0.95));
  return towns.filter((_, i) => km[i]! <= limit);
}

let subdivisionTownGroups: Map<string, City[]> | undefined;

/** The gazetteer towns mapped to each ISO 3166-2 code (a subdivision is, for Warden, the land of its towns: see locate.ts). */
function townsBySubdivision(): Map<string, City[]> {
  subdivisionTownGroups ??= groupTownsBySubdivision();
  return subdivisionTownGroups;
}

function groupTownsBySubdivision(): Map<string, City[]> {
  const groups = new Map<string, City[]>();
  const add = (code: string, city: City) => {
    const list = groups.get(code);
    if (list) list.push(city);
    else groups.set(code, [city]);
  };
  for (const city of data().cities) {
    if (city.subdivisionCode) add(city.subdivisionCode, city);
    // A town of an English county counts for the county too (GB-SFK) as well as for England (GB-ENG).
    const county = admin2ToIso(city);
    if (county) add(county, city);
  }
  return groups;
}

function buildSubdivisionPoints(): Map<string, SubdivisionPoint> {
  const points = new Map<string, SubdivisionPoint>();
  for (const [code, towns] of townsBySubdivision()) {
    if (towns.length < 3) {
      const seat = towns.find((t) => t.featureCode === 'PPLA' || t.featureCode === 'PPLC') ?? [...towns].sort((a, b) => b.population - a.population)[0]!;
      points.set(code, { lat: seat.lat, lon: seat.lon, basis: 'seat', towns: towns.length });
      continue;
    }
    const kept = withoutStrays(towns);
    const lats = kept.map((t) => t.lat).sort((a, b) => a - b);
    const lat = (quantile(lats, EXTENT_TRIM) + quantile(lats, 1 - EXTENT_TRIM)) / 2;
    const lon = midLongitude(kept.map((t) => t.lon), EXTENT_TRIM);
    points.set(code, { lat, lon, basis: 'towns', towns: kept.length });
  }
  return points;
}

/**
 * A reference point for an ISO 3166-2 subdivision, in the spirit of GeoNames' ADM1 points
 * (near the middle of the area): the middle of the extent (latitude and longitude, across the
 * antimeridian when that is narrower) of the GeoNames towns mapped to it,
 * or its seat when fewer than three towns are mapped. Undefined when no town maps to the code
 * (see admin1.ts for which admin1 codes map).
 */
export function subdivisionPoint(code: string): SubdivisionPoint | undefined {
  subdivisionPoints ??= buildSubdivisionPoints();
  return subdivisionPoints.get(code.trim().toUpperCase());
}

/** The towns mapped to a subdivision, strays left out (see withoutStrays); [] when none maps to the code. */
export function subdivisionTowns(code: string): City[] {
  const towns = townsBySubdivision().get(code.trim().toUpperCase()) ?? [];
  return towns.length < 3 ? [...towns] : withoutStrays(towns);
}
