import type { Db } from '../db/index.js';
import { invalid } from '../errors.js';
import type { AreaInput } from './area.js';
import { searchPlaces } from './gazetteer.js';

/**
 * Reads an area the way an operator types it on the command line:
 * "IQ" (country), "IQ-BG" (subdivision), "33.34,44.40" (point, with radiusKm),
 * a site name ("Baghdad International Airport") or a city name ("Baghdad", with radiusKm).
 */
export async function parseAreaText(db: Db, text: string, radiusKm = 25): Promise<AreaInput> {
  const value = text.trim();
  if (/^[A-Za-z]{2}$/.test(value)) return { countries: [value.toUpperCase()] };
  if (/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/.test(value)) return { subdivisions: [value.toUpperCase()] };
  const point = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(value);
  if (point) return { circles: [{ lat: Number(point[1]), lon: Number(point[2]), radiusKm }] };
  const site = await db.query<{ name: string }>(
    'SELECT name FROM sites WHERE lower(name) = lower($1) OR lower($1) = ANY(SELECT lower(a) FROM unnest(aliases) a) LIMIT 1', [value]);
  if (site.rows[0]) return { sites: [site.rows[0].name] };
  const city = searchPlaces(value, { limit: 1 })[0];
  if (city) return { cities: [{ id: city.id, radiusKm }] };
  throw invalid('area', `"${value}" is not a country code, subdivision code, "lat,lon", site or known city`);
}
