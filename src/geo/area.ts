import { z } from 'zod';
import type { Db } from '../db/index.js';
import { invalid } from '../errors.js';
import { latitude, longitude, radiusKm as radiusKmOf } from './coordinates.js';
import { getCountry, isCountryCode } from './countries.js';
import { isClosedRing } from './distance.js';
import { getCity } from './gazetteer.js';
import { getSubdivision } from './subdivisions.js';

export const maxPolygonVertices = 1000;
export const maxRadiusKm = 1000;

const radiusKm = radiusKmOf(maxRadiusKm);

/**
 * An area: a union of places and shapes — the same shapes as CAP's <area>
 * (polygon, circle, geocode). Cities and sites become circles when resolved.
 */
export const areaSchema = z.object({
  countries: z.array(z.string().length(2)).max(250).default([]),
  subdivisions: z.array(z.string().regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, 'must be an ISO 3166-2 code like IQ-BG')).max(500).default([]),
  cities: z.array(z.object({ id: z.number().int().positive(), radiusKm: radiusKm.default(25) })).max(200).default([]),
  sites: z.array(z.string().min(1).max(200)).max(100).default([]),
  circles: z.array(z.object({ lat: latitude, lon: longitude, radiusKm })).max(100).default([]),
  polygons: z.array(z.array(z.tuple([latitude, longitude])).min(4).max(maxPolygonVertices)).max(20).default([]),
});
/**
 * An area as the API returns it (stored as validated by areaSchema, cities with their radius filled in; a list may
 * be absent where the area was written without it, e.g. a crisis opened from an incident's countries):
 * the response schema of crises, advisories' exceptions and the like, without the input's limits and defaults.
 */
export const areaView = z.object({
  countries: z.array(z.string()).optional(),
  subdivisions: z.array(z.string()).optional(),
  cities: z.array(z.object({ id: z.number().int(), radiusKm: z.number() })).optional(),
  sites: z.array(z.string()).optional(),
  circles: z.array(z.object({ lat: z.number(), lon: z.number(), radiusKm: z.number() })).optional(),
  polygons: z.array(z.array(z.tuple([z.number(), z.number()]))).optional(),
});
export type AreaView = z.infer<typeof areaView>;
export type AreaInput = z.input<typeof areaSchema>;
export type Area = z.output<typeof areaSchema>;

export interface Circle { lat: number; lon: number; radiusKm: number; label: string }
export interface BoxedPolygon { ring: [number, number][]; minLat: number; maxLat: number; minLon: number; maxLon: number; pg: string }

/** An area reduced to what SQL can test: codes, circles and polygons with bounding boxes. */
export interface ResolvedArea {
  countries: string[];
  subdivisions: string[];
  circles: Circle[];
  polygons: BoxedPolygon[];
  description: string;
}

interface SiteRow { id: string; name: string; lat: number; lon: number; radius_km: number }

export async function resolveArea(db: Db, input: Area, field = 'area'): Promise<ResolvedArea> {
  const countries = [...new Set(input.countries.map((c) => c.toUpperCase()))];
  countries.forEach((code, i) => { if (!isCountryCode(code)) throw invalid(`${field}.countries[${i}]`, `unknown country code ${code}`); });
  const subdivisions = [...new Set(input.subdivisions.map((c) => c.toUpperCase()))];
  subdivisions.forEach((code, i) => { if (!getSubdivision(code)) throw invalid(`${field}.subdivisions[${i}]`, `unknown subdivision code ${code}`); });
  const circles: Circle[] = input.circles.map((c) => ({ ...c, label: `${c.radiusKm} km around ${c.lat.toFixed(4)},${c.lon.toFixed(4)}` }));
  input.cities.forEach((c, i) => {
    const city = getCity(c.id);
    if (!city) throw invalid(`${field}.cities[${i}].id`, `unknown city id ${c.id}`);
    circles.push({ lat: city.lat, lon: city.lon, radiusKm: c.radiusKm, label: `${city.name} (${c.radiusKm} km)` });
  });
  circles.push(...(await resolveSites(db, input.sites, field)));
  const polygons = input.polygons.map((ring, i) => boxPolygon(ring, `${field}.polygons[${i}]`));
  if (!countries.length && !subdivisions.length && !circles.length && !polygons.length) {
    throw invalid(field, 'must contain at least one country, subdivision, city, site, circle or polygon');
  }
  return { countries, subdivisions, circles, polygons, description: describe(countries, subdivisions, circles, polygons) };
}

async function resolveSites(db: Db, refs: string[], field: string): Promise<Circle[]> {
  if (!refs.length) return [];
  const { rows } = await db.query<SiteRow>(
    `SELECT id::text, name, lat, lon, radius_km FROM sites
      WHERE id::text = ANY($1::text[]) OR lower(name) = ANY($2::text[])`, [refs, refs.map((r) => r.toLowerCase())]);
  return refs.map((ref, i) => {
    const site = rows.find((r) => r.id === ref || r.name.toLowerCase() === ref.toLowerCase());
    if (!site) throw invalid(`${field}.sites[${i}]`, `unknown site ${ref}`);
    return { lat: site.lat, lon: site.lon, radiusKm: site.radius_km, label: site.name };
  });
}

function boxPolygon(ring: [number, number][], field: string): BoxedPolygon {
  if (!isClosedRing(ring)) throw invalid(field, 'polygon must be closed (first point equal to the last)');
  const lats = ring.map((p) => p[0]);
  const lons = ring.map((p) => p[1]);
  // PostgreSQL's polygon type is planar (x, y) = (lon, lat).
  const pg = `(${ring.map(([lat, lon]) => `(${lon},${lat})`).join(',')})`;
  return { ring, minLat: Math.min(...lats), maxLat: Math.max(...lats), minLon: Math.min(...lons), maxLon: Math.max(...lons), pg };
}

function describe(countries: string[], subdivisions: string[], circles: Circle[], polygons: BoxedPolygon[]): string {
  const parts = [
    ...countries.map((c) => getCountry(c)?.name ?? c),
    ...subdivisions.map((s) => getSubdivision(s)?.name ?? s),
    ...circles.map((c) => c.label),
    ...(polygons.length ? [`${polygons.length} drawn area${polygons.length > 1 ? 's' : ''}`] : []),
  ];
  return parts.join('; ');
}
