/**
 * Plain spherical geometry helpers. They mirror what the SQL targeting does
 * (earthdistance / polygon containment) so tests can cross-check it, and they
 * validate shapes operators draw (CAP circles and polygons).
 *
 * Coordinates are always latitude first here, as in CAP (`lat,lon`).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';

export interface LatLon {
  lat: number;
  lon: number;
}

/** A polygon ring as CAP writes it: [lat, lon] pairs, first pair repeated last. */
export type LatLonRing = ReadonlyArray<readonly [number, number]>;

/**
 * Mean Earth radius (IUGG). PostgreSQL's cube-based earthdistance uses 6378.168 km
 * instead, so cross-checks against SQL need a ~0.12% tolerance.
 */
export const EARTH_RADIUS_KM = 6371.0088;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  // min() guards against h creeping above 1 by rounding for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True when `point` lies within `radiusKm` of `center` (the boundary counts as inside). */
export function pointInCircle(point: LatLon, center: LatLon, radiusKm: number): boolean {
  return haversineKm(point, center) <= radiusKm;
}

export function isValidLatLon(point: LatLon): boolean {
  return (
    Number.isFinite(point.lat) &&
    Number.isFinite(point.lon) &&
    Math.abs(point.lat) <= 90 &&
    Math.abs(point.lon) <= 180
  );
}

/** CAP requires the first and last pair of a polygon to be equal, with at least 4 pairs. */
export function isClosedRing(ring: LatLonRing): boolean {
  if (ring.length < 4) return false;
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
}

/**
 * Whether a [lat, lon] ring (open or closed) contains the point, boundary included: turf's point-in-polygon,
 * the one the country and county lookups use, after turning CAP's lat-first pairs into GeoJSON's lon-first
 * ones. Rings of fewer than three distinct corners contain nothing.
 */
export function pointInPolygon(point: LatLon, ring: LatLonRing): boolean {
  if (ring.length < 3) return false;
  const positions = ring.map(([lat, lon]) => [lon, lat]);
  const [first, last] = [positions[0]!, positions[positions.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) positions.push(first);
  if (positions.length < 4) return false;
  return booleanPointInPolygon([point.lon, point.lat], { type: 'Polygon', coordinates: [positions] });
}
