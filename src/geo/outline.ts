/**
 * An outline of a subdivision to draw on a map. There are no subdivision shapes here (see locate.ts):
 * a subdivision is the land of its gazetteer towns, so its outline is the convex hull of those towns,
 * each widened by a small margin so that one or two towns still give an area. It shows where an alert
 * aimed at the subdivision lands; it is not a border. Not drawn across the antimeridian.
 */
import { subdivisionTowns } from './gazetteer.js';
import { getSubdivision } from './subdivisions.js';

/** How far around each town the outline reaches, in km (eight points on this circle): half the 50 km within which a point takes its nearest town's subdivision (locate.ts). */
const TOWN_MARGIN_KM = 25;
const KM_PER_DEGREE = 111.32;

export interface SubdivisionOutline {
  code: string;
  name: string;
  /** How many towns the outline is drawn around. */
  towns: number;
  /** Closed ring of [lat, lon]. */
  ring: [number, number][];
}

type XY = [number, number];

const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Andrew's monotone chain: the hull of [lon, lat] points, counter-clockwise, not closed. */
function convexHull(points: XY[]): XY[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const half = (list: XY[]) => {
    const out: XY[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

function aroundTown(lat: number, lon: number): XY[] {
  const dLat = TOWN_MARGIN_KM / KM_PER_DEGREE;
  const dLon = dLat / Math.max(0.1, Math.cos((lat * Math.PI) / 180));
  return Array.from({ length: 8 }, (_, i) => [lon + dLon * Math.cos((i * Math.PI) / 4), lat + dLat * Math.sin((i * Math.PI) / 4)] as XY);
}

const rounded = (n: number) => Math.round(n * 1000) / 1000;

/** Undefined for an unknown code or one no gazetteer town maps to. */
export function subdivisionOutline(code: string): SubdivisionOutline | undefined {
  const subdivision = getSubdivision(code);
  const towns = subdivisionTowns(code);
  if (!subdivision || !towns.length) return undefined;
  const hull = convexHull(towns.flatMap((t) => aroundTown(t.lat, t.lon)));
  const ring = hull.map(([lon, lat]) => [rounded(lat), rounded(lon)] as [number, number]);
  return { code: subdivision.code, name: subdivision.name, towns: towns.length, ring: [...ring, ring[0]!] };
}
