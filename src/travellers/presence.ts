import type { Db, SqlParam } from '../db/index.js';
import type { ResolvedArea } from '../geo/area.js';

export interface TimeWindow { from: Date; to: Date | null }

/**
 * SQL for "who is (or will be) in area A during window T": one row per traveller
 * (traveller_id, trip_id of one matching trip), opted-out travellers and self-enrolled ones who have not confirmed their e-mail excluded.
 *
 * Each branch of the UNION is shaped for one index (country codes are compared as bpchar, the column's
 * type: comparing as text would hide both the index and the column statistics from the planner):
 *   countries    → trips_country_time     (Index Only Scan on country_code = ANY, starts_at <= to)
 *   subdivisions → trips_subdivision_time
 *   circles      → trips_point (GiST on ll_to_earth(lat, lon)) via earth_box @>, then the exact earth_distance
 *   polygons     → the same GiST index with the polygon's bounding circle, then the exact point-in-polygon test
 * Plan on 1M trips, PostgreSQL 15 (country branch, see bench/targeting.ts):
 *   Unique → Sort → Append
 *     → Index Only Scan using trips_country_time on trips (country_code = ANY ($1)) AND (starts_at <= $6); Filter: ends_at IS NULL OR ends_at >= $5
 *     → Nested Loop → Function Scan on jsonb_to_recordset c → Bitmap Heap Scan on trips → Bitmap Index Scan on trips_point (earth_box(...) @> ll_to_earth(lat, lon))
 * The first parameter index is `first` so this can sit inside bigger statements (publishing an alert).
 */
export function presenceSql(first: number): string {
  const p = (i: number) => `$${first + i}`;
  const during = `t.starts_at <= coalesce(${p(5)}::timestamptz, 'infinity') AND (t.ends_at IS NULL OR t.ends_at >= ${p(4)}::timestamptz)`;
  return `
    SELECT DISTINCT ON (m.traveller_id) m.traveller_id, m.trip_id
      FROM (
        SELECT t.id AS trip_id, t.traveller_id FROM trips t
         WHERE t.country_code = ANY(${p(0)}::bpchar[]) AND ${during}
        UNION ALL
        SELECT t.id, t.traveller_id FROM trips t
         WHERE t.subdivision_code = ANY(${p(1)}::text[]) AND ${during}
        UNION ALL
        SELECT t.id, t.traveller_id
          FROM jsonb_to_recordset(${p(2)}::jsonb) AS c(lat float8, lon float8, radius_km float8)
          JOIN trips t ON earth_box(ll_to_earth(c.lat, c.lon), c.radius_km * 1000) @> ll_to_earth(t.lat, t.lon)
         WHERE t.lat IS NOT NULL AND earth_distance(ll_to_earth(c.lat, c.lon), ll_to_earth(t.lat, t.lon)) <= c.radius_km * 1000 AND ${during}
        UNION ALL
        SELECT t.id, t.traveller_id
          FROM jsonb_to_recordset(${p(3)}::jsonb) AS g(pg text, lat float8, lon float8, radius_km float8)
          JOIN trips t ON earth_box(ll_to_earth(g.lat, g.lon), g.radius_km * 1000) @> ll_to_earth(t.lat, t.lon)
         WHERE t.lat IS NOT NULL AND g.pg::polygon @> point(t.lon, t.lat) AND ${during}
      ) m
      JOIN travellers tr ON tr.id = m.traveller_id AND tr.opted_out_at IS NULL AND (tr.email_verified_at IS NOT NULL)
     ORDER BY m.traveller_id, m.trip_id`;
}

/**
 * The condition "this person may still be sent alerts" (not opted out) on a traveller-id expression, for other
 * domains' set-based statements (an Update's recipients, a direct message): a semi-join the planner merges.
 */
export const notOptedOutSql = (travellerId: string) =>
  `EXISTS (SELECT 1 FROM travellers tr WHERE tr.id = ${travellerId} AND tr.opted_out_at IS NULL)`;

/** The six parameters presenceSql expects, in order. */
export function presenceParams(area: ResolvedArea, window: TimeWindow): SqlParam[] {
  const polygons = area.polygons.map((g) => {
    const lat = (g.minLat + g.maxLat) / 2;
    const lon = (g.minLon + g.maxLon) / 2;
    // Bounding circle of the box (km), slightly padded; the exact test follows.
    const radiusKm = Math.max(1, halfDiagonalKm(g.minLat, g.maxLat, g.minLon, g.maxLon) * 1.01);
    return { pg: g.pg, lat, lon, radius_km: radiusKm };
  });
  return [
    area.countries, area.subdivisions,
    JSON.stringify(area.circles.map((c) => ({ lat: c.lat, lon: c.lon, radius_km: c.radiusKm }))),
    JSON.stringify(polygons), window.from, window.to,
  ];
}

function halfDiagonalKm(minLat: number, maxLat: number, minLon: number, maxLon: number): number {
  const rad = Math.PI / 180;
  const dLat = (maxLat - minLat) * rad;
  const dLon = (maxLon - minLon) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(minLat * rad) * Math.cos(maxLat * rad) * Math.sin(dLon / 2) ** 2;
  return (6371.0088 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a))) / 2;
}

export interface PresentTraveller {
  travellerId: string; fullName: string; organisation: string | null; language: string;
  trip: { id: string; countryCode: string; placeName: string; lat: number | null; lon: number | null; startsAt: string; endsAt: string | null; resident: boolean };
  channels: string[];
}

export interface ReachCounts { people: number; byChannel: Record<string, number>; unreachable: number }

/**
 * "N people, on these channels" over any SELECT that yields one traveller_id per person
 * (the presence query here, an alert's targeting in src/alerts): one statement, no rows shipped.
 */
export function reachCountSql(peopleSelect: string): string {
  return `WITH people AS (${peopleSelect}),
          reach AS (SELECT p.traveller_id, array_agg(DISTINCT c.channel) FILTER (WHERE c.channel IS NOT NULL) AS chans
                      FROM people p LEFT JOIN contact_points c ON c.traveller_id = p.traveller_id GROUP BY p.traveller_id)
     SELECT count(*)::int AS people, count(*) FILTER (WHERE chans IS NULL)::int AS unreachable,
            count(*) FILTER (WHERE 'email' = ANY(chans))::int AS email, count(*) FILTER (WHERE 'sms' = ANY(chans))::int AS sms,
            count(*) FILTER (WHERE 'webhook' = ANY(chans))::int AS webhook, count(*) FILTER (WHERE 'webpush' = ANY(chans))::int AS webpush
       FROM reach`;
}

export async function countReach(db: Db, peopleSelect: string, params: readonly SqlParam[]): Promise<ReachCounts> {
  const { rows } = await db.query<{ people: number; unreachable: number; email: number; sms: number; webhook: number; webpush: number }>(reachCountSql(peopleSelect), params);
  const r = rows[0]!;
  return { people: r.people, unreachable: r.unreachable, byChannel: { email: r.email, sms: r.sms, webhook: r.webhook, webpush: r.webpush } };
}

/** Counts per channel of the people present, for the composer's dry run. */
export function countPresent(db: Db, area: ResolvedArea, window: TimeWindow): Promise<ReachCounts> {
  return countReach(db, presenceSql(1), presenceParams(area, window));
}

/** The people present, with the trip that places them there, ordered by traveller id (keyset pagination). */
export async function listPresent(db: Db, area: ResolvedArea, window: TimeWindow, opts: { limit: number; afterId?: string }): Promise<PresentTraveller[]> {
  const { rows } = await db.query<{ traveller_id: string; full_name: string; organisation: string | null; language: string; trip_id: string; country_code: string; place_name: string; lat: number | null; lon: number | null; starts_at: Date; ends_at: Date | null; channels: string[] | null }>(
    `WITH present AS (${presenceSql(1)})
     SELECT p.traveller_id, tr.full_name, tr.organisation, tr.language, t.id AS trip_id, t.country_code, t.place_name, t.lat, t.lon, t.starts_at, t.ends_at,
            (SELECT array_agg(DISTINCT c.channel) FROM contact_points c WHERE c.traveller_id = p.traveller_id) AS channels
       FROM present p JOIN travellers tr ON tr.id = p.traveller_id JOIN trips t ON t.id = p.trip_id
      WHERE $7::uuid IS NULL OR p.traveller_id > $7::uuid
      ORDER BY p.traveller_id LIMIT $8`,
    [...presenceParams(area, window), opts.afterId ?? null, opts.limit]);
  return rows.map((r) => ({
    travellerId: r.traveller_id, fullName: r.full_name, organisation: r.organisation, language: r.language,
    trip: { id: r.trip_id, countryCode: r.country_code, placeName: r.place_name, lat: r.lat, lon: r.lon, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at?.toISOString() ?? null, resident: r.ends_at === null },
    channels: r.channels ?? [],
  }));
}
