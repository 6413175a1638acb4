import { z } from 'zod';
import { createAudited } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { invalid } from '../errors.js';
import { latitude, longitude, radiusKm } from './coordinates.js';
import { countryAt } from './countries.js';

export const siteInput = z.object({
  name: z.string().min(2).max(200),
  aliases: z.array(z.string().min(2).max(200)).max(20).default([]),
  lat: latitude,
  lon: longitude,
  radiusKm: radiusKm(500),
});
export type SiteInput = z.output<typeof siteInput>;

export interface Site { id: string; name: string; aliases: string[]; countryCode: string; lat: number; lon: number; radiusKm: number }

interface SiteRow { id: string; name: string; aliases: string[]; country_code: string; lat: number; lon: number; radius_km: number }
const present = (r: SiteRow): Site => ({ id: r.id, name: r.name, aliases: r.aliases, countryCode: r.country_code, lat: r.lat, lon: r.lon, radiusKm: r.radius_km });

/** A named point with a radius (an airport, a compound). Its country is derived from the point. */
export async function createSite(db: Db, actor: Actor, input: SiteInput): Promise<Site> {
  const countryCode = countryAt(input.lat, input.lon);
  if (!countryCode) throw invalid('lat', 'the point is not inside any country');
  return createAudited(db, actor, 'site', { field: 'name', message: 'a site with this name already exists' }, async (tx) => {
    const { rows } = await tx.query<SiteRow>(
      `INSERT INTO sites (name, aliases, country_code, lat, lon, radius_km) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, name, aliases, country_code, lat, lon, radius_km`,
      [input.name.trim(), input.aliases, countryCode, input.lat, input.lon, input.radiusKm]);
    return present(rows[0]!);
  });
}

export async function listSites(db: Db): Promise<Site[]> {
  return (await db.query<SiteRow>('SELECT id, name, aliases, country_code, lat, lon, radius_km FROM sites ORDER BY name')).rows.map(present);
}

export interface SitePoint { id: string; name: string; lat: number; lon: number }

/** The sites named by these references, each an id or a name (case-insensitive), in one query. */
export async function sitesByIdOrName(db: Db, refs: string[]): Promise<SitePoint[]> {
  if (!refs.length) return [];
  const { rows } = await db.query<SitePoint>(
    'SELECT id::text, name, lat, lon FROM sites WHERE id::text = ANY($1::text[]) OR lower(name) = ANY($2::text[])',
    [refs, refs.map((r) => r.toLowerCase())]);
  return rows;
}
