/**
 * Countries (ISO 3166-1 alpha-2): names from i18n-iso-countries, shapes from
 * Natural Earth 1:50m via world-atlas. Everything is built lazily on first use
 * and kept in memory; nothing here touches a database.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import isoCountries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { Topology, GeometryObject } from 'topojson-specification';
import { geoArea, geoCentroid } from 'd3-geo';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { capitalOf } from './gazetteer.js';
import { normalizePlaceName } from './normalize.js';
import { ownValue } from './own-value.js';

export { countryByDemonym } from './demonyms.js';

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

export interface Country {
  code: string;
  name: string;
  alternateNames: string[];
  centroid: { lat: number; lon: number };
  /**
   * Plain min/max of the shape's coordinates, or null without a shape. For the
   * few countries crossing the antimeridian (RU, US, FJ, NZ, KI) this spans
   * nearly every longitude: still a correct (if loose) prefilter.
   */
  bbox: BBox | null;
}

/** One ring list of a polygon, in GeoJSON [lon, lat] order. */
type PolygonCoords = Position[][];

interface PolygonEntry {
  code: string;
  bbox: BBox;
  polygon: Polygon;
}

interface CountryData {
  byCode: Map<string, Country>;
  geometries: Map<string, Polygon | MultiPolygon>;
  polygons: PolygonEntry[];
}

/**
 * Natural Earth features that have no ISO 3166-1 numeric id, by their name:
 * - Kosovo gets XK, the user-assigned code EU/UN bodies and i18n-iso-countries use.
 * - Somaliland and Northern Cyprus are not recognised states; travel advice
 *   treats them as part of Somalia and Cyprus, so their shapes are merged there.
 * - "Indian Ocean Ter." is Christmas Island plus the Cocos (Keeling) Islands;
 *   it is split by TERRITORY_CARVE_OUTS below.
 * - Siachen Glacier (disputed between India and Pakistan) is skipped on
 *   purpose: countryAt() answers undefined there rather than take a side.
 */
const CODE_BY_FEATURE_NAME: Readonly<Record<string, string>> = {
  Kosovo: 'XK',
  Somaliland: 'SO',
  'N. Cyprus': 'CY',
  'Indian Ocean Ter.': 'CX',
};

/**
 * Overseas territories with their own ISO 3166-1 code that Natural Earth
 * draws as part of another country: a polygon of `from` whose centroid lies
 * in `box` belongs to `to`.
 */
const TERRITORY_CARVE_OUTS: ReadonlyArray<{ from: string; to: string; box: BBox }> = [
  { from: 'FR', to: 'GF', box: [-55, 2, -51, 6.5] },
  { from: 'FR', to: 'GP', box: [-62, 15.8, -60.9, 16.6] },
  { from: 'FR', to: 'MQ', box: [-61.3, 14.3, -60.7, 15] },
  { from: 'FR', to: 'RE', box: [55, -21.5, 56, -20.8] },
  { from: 'FR', to: 'YT', box: [44.9, -13.1, 45.4, -12.5] },
  { from: 'NO', to: 'SJ', box: [10, 74, 35, 81] }, // Svalbard and Bear Island
  { from: 'NO', to: 'SJ', box: [-10, 70.5, -7, 71.5] }, // Jan Mayen
  { from: 'NL', to: 'BQ', box: [-69, 11.5, -62.5, 18] },
  { from: 'CX', to: 'CC', box: [96, -13, 97.5, -11.5] },
];

/** Last resort for the two codes with neither a shape nor a GeoNames town. */
const FIXED_CENTROIDS: Readonly<Record<string, { lat: number; lon: number }>> = {
  BV: { lat: -54.42, lon: 3.36 }, // Bouvet Island
  UM: { lat: 19.28, lon: 166.65 }, // Wake Island, the largest of the outlying islands
};

let data: CountryData | undefined;

function countryData(): CountryData {
  data ??= buildCountryData();
  return data;
}

function loadWorldAtlasFeatures(): Array<Feature<Geometry | null>> {
  const require = createRequire(import.meta.url);
  const path = require.resolve('world-atlas/countries-50m.json');
  const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{
    countries: GeometryObject<{ name: string }>;
  }>;
  const collection = feature(topology, topology.objects.countries);
  return 'features' in collection ? collection.features : [collection];
}

function codeForFeature(f: Feature<Geometry | null>): string | undefined {
  if (f.id !== undefined) return isoCountries.numericToAlpha2(f.id);
  const name = (f.properties as { name?: string } | null)?.name;
  return name === undefined ? undefined : ownValue(CODE_BY_FEATURE_NAME, name);
}

function polygonsOf(geometry: Geometry | null): PolygonCoords[] {
  if (geometry?.type === 'Polygon') return [geometry.coordinates];
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function boxContains(box: BBox, lon: number, lat: number): boolean {
  return lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3];
}

function carveOutCode(code: string, polygon: PolygonCoords): string {
  const [lon, lat] = geoCentroid({ type: 'Polygon', coordinates: polygon });
  const carve = TERRITORY_CARVE_OUTS.find((c) => c.from === code && boxContains(c.box, lon, lat));
  return carve?.to ?? code;
}

/** Groups every Natural Earth polygon under the ISO code it belongs to. */
function polygonsByCode(features: Array<Feature<Geometry | null>>): Map<string, PolygonCoords[]> {
  const grouped = new Map<string, PolygonCoords[]>();
  for (const f of features) {
    const code = codeForFeature(f);
    if (code === undefined) continue;
    for (const polygon of polygonsOf(f.geometry)) {
      const owner = carveOutCode(code, polygon);
      const list = grouped.get(owner) ?? [];
      list.push(polygon);
      grouped.set(owner, list);
    }
  }
  return grouped;
}

function bboxOfPolygons(polygons: PolygonCoords[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons) {
    // Holes lie inside the outer ring, so the outer ring alone bounds the polygon.
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon === undefined || lat === undefined) continue;
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

/** Spherical area; guards against a ring wound the "wrong" way (d3 would read it as the rest of the globe). */
function polygonArea(polygon: PolygonCoords): number {
  const area = geoArea({ type: 'Polygon', coordinates: polygon });
  return Math.min(area, 4 * Math.PI - area);
}

/**
 * The centroid of the largest polygon, so France is centred on the mainland
 * and the US is not pulled towards Alaska and Hawaii.
 */
function centroidOfLargest(polygons: PolygonCoords[]): { lat: number; lon: number } {
  let largest = polygons[0]!;
  let largestArea = -1;
  for (const polygon of polygons) {
    const area = polygonArea(polygon);
    if (area > largestArea) [largest, largestArea] = [polygon, area];
  }
  const [lon, lat] = geoCentroid({ type: 'Polygon', coordinates: largest });
  return { lat, lon };
}

function toGeometry(polygons: PolygonCoords[]): Polygon | MultiPolygon {
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0]! }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/** English names: the official one first, then every alternate the package knows. */
function englishNames(code: string, naturalEarthName?: string): { name: string; alternateNames: string[] } {
  const all = isoCountries.getName(code, 'en', { select: 'all' }) ?? [];
  const name = all[0] ?? code;
  const alternates = new Set(all.slice(1));
  // Natural Earth's names are sometimes abbreviated ("Dem. Rep. Congo"); keep only whole ones.
  if (naturalEarthName && !naturalEarthName.includes('.') && naturalEarthName !== name) {
    alternates.add(naturalEarthName);
  }
  return { name, alternateNames: [...alternates] };
}

/** Centroid for a country without a shape: its capital (or biggest town) in the gazetteer. */
function fallbackCentroid(code: string): { lat: number; lon: number } {
  const capital = capitalOf(code);
  if (capital) return { lat: capital.lat, lon: capital.lon };
  return ownValue(FIXED_CENTROIDS, code) ?? { lat: 0, lon: 0 };
}

/** A shapeless country resolves its centroid only when read, so listing countries never loads the gazetteer. */
function shapelessCountry(code: string): Country {
  let centroid: { lat: number; lon: number } | undefined;
  return {
    code,
    ...englishNames(code),
    bbox: null,
    get centroid() {
      centroid ??= fallbackCentroid(code);
      return centroid;
    },
  };
}

function naturalEarthNames(features: Array<Feature<Geometry | null>>): Map<string, string> {
  const names = new Map<string, string>();
  for (const f of features) {
    const code = f.id === undefined ? undefined : isoCountries.numericToAlpha2(f.id);
    const name = (f.properties as { name?: string } | null)?.name;
    if (code && name && !names.has(code)) names.set(code, name);
  }
  return names;
}

function buildCountryData(): CountryData {
  const features = loadWorldAtlasFeatures();
  const shapes = polygonsByCode(features);
  const neNames = naturalEarthNames(features);
  const byCode = new Map<string, Country>();
  const geometries = new Map<string, Polygon | MultiPolygon>();
  const polygons: PolygonEntry[] = [];

  for (const code of Object.keys(isoCountries.getAlpha2Codes())) {
    const countryPolygons = shapes.get(code);
    if (!countryPolygons?.length) {
      byCode.set(code, shapelessCountry(code));
      continue;
    }
    byCode.set(code, {
      code,
      ...englishNames(code, neNames.get(code)),
      centroid: centroidOfLargest(countryPolygons),
      bbox: bboxOfPolygons(countryPolygons),
    });
    geometries.set(code, toGeometry(countryPolygons));
    for (const coordinates of countryPolygons) {
      polygons.push({ code, bbox: bboxOfPolygons([coordinates]), polygon: { type: 'Polygon', coordinates } });
    }
  }
  return { byCode, geometries, polygons };
}

/**
 * Conventional reference points (GeoNames' country features, fcode PCLI) for the few large
 * countries whose conventional point lies far (> 161 km) from the centroid of their largest
 * shape, and which news names most often. The documented exceptions; every other country's
 * reference point is its centroid.
 */
const CONVENTIONAL_POINTS: Readonly<Record<string, { lat: number; lon: number }>> = {
  RU: { lat: 60, lon: 100 }, // GeoNames 2017370
  CA: { lat: 60.10867, lon: -113.64258 }, // GeoNames 6251999
  CN: { lat: 35, lon: 105 }, // GeoNames 1814991
  ID: { lat: -5, lon: 120 }, // GeoNames 1643084
  NZ: { lat: -42, lon: 174 }, // GeoNames 2186224
};

/**
 * The point that stands for a whole country when a text names it (geoparsing, map pins):
 * GeoNames' conventional point for the few exceptions above, else the centroid.
 */
export function countryPoint(code: string): { lat: number; lon: number } | undefined {
  const upper = code.trim().toUpperCase();
  const fixed = ownValue(CONVENTIONAL_POINTS, upper);
  if (fixed) return { ...fixed };
  const c = getCountry(upper);
  return c ? { ...c.centroid } : undefined;
}

export function getCountry(code: string): Country | undefined {
  return countryData().byCode.get(code.trim().toUpperCase());
}

export function isCountryCode(code: string): boolean {
  return getCountry(code) !== undefined;
}

/** All countries, sorted by code. */
export function listCountries(): Country[] {
  return [...countryData().byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The country's Natural Earth shape (GeoJSON, [lon, lat]); undefined for unknown codes and shapeless countries. */
export function countryGeometry(code: string): Polygon | MultiPolygon | undefined {
  return countryData().geometries.get(code.trim().toUpperCase());
}

/**
 * ISO 3166-1 alpha-2 code of the country containing the point, or undefined
 * at sea, on Siachen, or for invalid coordinates. Shapes are Natural Earth
 * 1:50m, so points within a few km of a coast or border may be misjudged.
 */
export function countryAt(lat: number, lon: number): string | undefined {
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return undefined;
  const point: Position = [lon, lat];
  for (const entry of countryData().polygons) {
    if (boxContains(entry.bbox, lon, lat) && booleanPointInPolygon(point, entry.polygon)) {
      return entry.code;
    }
  }
  return undefined;
}

let codesByName: Map<string, string> | undefined;

/** Country code for an English name or alternate name ("USA", "Iran", "Islamic Republic of Iran"), case/accent-insensitive. */
export function findCountryByName(name: string): string | undefined {
  if (!codesByName) {
    codesByName = new Map();
    for (const country of countryData().byCode.values()) {
      for (const n of [country.name, ...country.alternateNames]) {
        const key = normalizePlaceName(n);
        if (!codesByName.has(key)) codesByName.set(key, country.code);
      }
    }
  }
  const key = normalizePlaceName(name);
  return key === '' ? undefined : codesByName.get(key);
}
