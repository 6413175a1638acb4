/**
 * US counties and states from the Census Bureau's cartographic boundaries (`us-atlas`, counties-10m.json):
 * names, shapes and centroids. cities1000 has no county features, and local news names counties all the
 * time ("Metcalfe County", "Orleans Parish", "Kenai Peninsula Borough"); the shapes also answer "which state
 * is this point in" for the areal-aware scoring of subdivisions.
 */
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { geoCentroid } from 'd3-geo';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { normalizePlaceName } from './normalize.js';
import { listSubdivisions } from './subdivisions.js';

export interface UsCounty {
  /** Five-digit FIPS code (state + county). */
  fips: string;
  /** As the Census writes it, without "County" / "Parish" / "Borough": "Metcalfe", "Orleans". */
  name: string;
  /** ISO 3166-2 code of its state ("US-KY"). */
  stateCode: string;
  lat: number;
  lon: number;
}

interface Shape {
  code: string;
  bbox: [number, number, number, number];
  geometry: Polygon | MultiPolygon;
}

interface UsData {
  countiesByName: Map<string, UsCounty[]>;
  stateShapes: Shape[];
  countyShapes: Map<string, Shape>;
}

let cache: UsData | undefined;

function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      box[0] = Math.min(box[0], lon!);
      box[1] = Math.min(box[1], lat!);
      box[2] = Math.max(box[2], lon!);
      box[3] = Math.max(box[3], lat!);
    }
  }
  return box;
}

function areas(topology: Topology, object: string): Array<Feature<Polygon | MultiPolygon, { name: string }>> {
  const collection = feature(topology, topology.objects[object] as GeometryObject) as unknown as { features: Array<Feature<Polygon | MultiPolygon | null, { name: string }>> };
  return collection.features.filter((f): f is Feature<Polygon | MultiPolygon, { name: string }> => f.geometry !== null);
}

function load(): UsData {
  const topology = createRequire(import.meta.url)('us-atlas/counties-10m.json') as Topology;
  // State FIPS → ISO 3166-2, by the state's name (the Census and ISO spell all 50 states and DC alike).
  const isoByName = new Map(listSubdivisions('US').map((s) => [normalizePlaceName(s.name), s.code]));
  const isoByFips = new Map<string, string>();
  const stateShapes: Shape[] = [];
  for (const f of areas(topology, 'states')) {
    const iso = isoByName.get(normalizePlaceName(f.properties.name));
    if (!iso) continue; // territories the ISO list gives as countries (PR, GU, VI…)
    isoByFips.set(String(f.id), iso);
    stateShapes.push({ code: iso, bbox: bboxOf(f.geometry), geometry: f.geometry });
  }
  const countiesByName = new Map<string, UsCounty[]>();
  const countyShapes = new Map<string, Shape>();
  for (const f of areas(topology, 'counties')) {
    const fips = String(f.id);
    const stateCode = isoByFips.get(fips.slice(0, 2));
    if (!stateCode) continue;
    const [lon, lat] = geoCentroid(f);
    const county: UsCounty = { fips, name: f.properties.name, stateCode, lat, lon };
    const key = normalizePlaceName(county.name);
    countiesByName.set(key, [...(countiesByName.get(key) ?? []), county]);
    countyShapes.set(fips, { code: fips, bbox: bboxOf(f.geometry), geometry: f.geometry });
  }
  return { countiesByName, stateShapes, countyShapes };
}

function data(): UsData {
  cache ??= load();
  return cache;
}

/** Every county (parish, borough) of that name, in any state: "Lincoln" → 24 counties. */
export function findUsCounties(name: string): UsCounty[] {
  return [...(data().countiesByName.get(normalizePlaceName(name)) ?? [])];
}

function contains(shape: Shape, lat: number, lon: number): boolean {
  const [w, s, e, n] = shape.bbox;
  return lon >= w && lon <= e && lat >= s && lat <= n && booleanPointInPolygon([lon, lat], shape.geometry);
}

/** The ISO 3166-2 code of the US state (or DC) whose shape holds the point, if any. */
export function usStateAt(lat: number, lon: number): string | undefined {
  return data().stateShapes.find((s) => contains(s, lat, lon))?.code;
}

/** Does the county's shape hold the point? */
export function usCountyContains(fips: string, lat: number, lon: number): boolean {
  const shape = data().countyShapes.get(fips);
  return !!shape && contains(shape, lat, lon);
}
