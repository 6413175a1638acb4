/**
 * GeoJSON (RFC 7946, application/geo+json) of published public alerts' areas: one Feature per
 * shape, with the shape's kind, its label and the alert it belongs to. Coordinates are [lon, lat].
 * Countries are their Natural Earth outlines; cities and sites their circles; circles are drawn as
 * 64-point polygons (GeoJSON has no circle) and keep centre and radius in their properties.
 * Subdivisions have no outline in Warden's data: their Feature has a null geometry (allowed by
 * RFC 7946) and the ISO 3166-2 code. Only what the CAP document shows is here: no recipient data.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** Every shape is a polygon (circles as 64-point rings) or a country's (multi)polygon; subdivisions have none. */
type AreaGeometry = Polygon | MultiPolygon | null;
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import { areaSchema, resolveArea } from '../geo/area.js';
import { countryGeometry, EARTH_RADIUS_KM, getCountry, getSubdivision } from '../geo/index.js';
import type { CapSite } from './advisory-cap.js';
import { alertPageUrl, getPublicAlert, listPublicAlerts } from './alert-cap.js';

export const GEOJSON_MEDIA_TYPE = 'application/geo+json';

type ShapeProperties = { alertId: string; shape: 'country' | 'subdivision' | 'circle' | 'polygon'; label: string; code?: string; center?: [number, number]; radiusKm?: number;
  /** In the collection of every alert: the alert's headline, message type, state and page. */
  headline?: string; msgType?: string; state?: string; page?: string };

const CIRCLE_POINTS = 64;

/** A circle on the sphere as a closed ring of [lon, lat] points. */
export function circleRing(lat: number, lon: number, radiusKm: number, points = CIRCLE_POINTS): [number, number][] {
  const d = radiusKm / EARTH_RADIUS_KM;
  const φ1 = (lat * Math.PI) / 180;
  const λ1 = (lon * Math.PI) / 180;
  const ring: [number, number][] = [];
  for (let i = 0; i < points; i++) {
    const θ = (2 * Math.PI * i) / points;
    const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
    const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
    ring.push([round(((((λ2 * 180) / Math.PI) + 540) % 360) - 180), round((φ2 * 180) / Math.PI)]);
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  // RFC 7946: exterior rings counter-clockwise. θ runs clockwise seen from above (north, then east).
  return ring.reverse();
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

async function shapesOf(db: Db, a: { id: string; area: unknown }): Promise<Feature<AreaGeometry, ShapeProperties>[]> {
  const parsed = areaSchema.safeParse(a.area);
  if (!parsed.success) return [];
  const area = await resolveArea(db, parsed.data).catch(() => undefined);
  if (!area) return [];
  const feature = (geometry: AreaGeometry, properties: Omit<ShapeProperties, 'alertId'>): Feature<AreaGeometry, ShapeProperties> =>
    ({ type: 'Feature', geometry, properties: { alertId: a.id, ...properties } });
  return [
    ...area.countries.map((code) => feature(countryGeometry(code) ?? null, { shape: 'country', code, label: getCountry(code)?.name ?? code })),
    ...area.subdivisions.map((code) => feature(null, { shape: 'subdivision', code, label: getSubdivision(code)?.name ?? code })),
    ...area.circles.map((c) => feature({ type: 'Polygon', coordinates: [circleRing(c.lat, c.lon, c.radiusKm)] } satisfies Polygon,
      { shape: 'circle', label: c.label, center: [c.lon, c.lat], radiusKm: c.radiusKm })),
    ...area.polygons.map((p, i) => feature({ type: 'Polygon', coordinates: [p.ring.map(([lat, lon]) => [lon, lat])] },
      { shape: 'polygon', label: `drawn area ${i + 1}` })),
  ];
}

/** One published public alert's area. */
export async function alertAreaGeoJson(db: Db, site: CapSite, id: string): Promise<FeatureCollection<AreaGeometry, ShapeProperties>> {
  const row = await getPublicAlert(db, site, id);
  if (!row) throw notFound(`published public alert ${id}`);
  return { type: 'FeatureCollection', features: await shapesOf(db, { id: row.id, area: row.area }) };
}

/** Every published public alert's area (optionally one country's), each shape with its alert's headline and links. */
export async function alertAreasGeoJson(db: Db, site: CapSite, countryCode?: string): Promise<FeatureCollection<AreaGeometry, ShapeProperties>> {
  const features: Feature<AreaGeometry, ShapeProperties>[] = [];
  for (const a of await listPublicAlerts(db, site, { countryCode, limit: 200 })) {
    for (const f of await shapesOf(db, { id: a.id, area: a.row.area })) {
      features.push({ ...f, properties: { ...f.properties, headline: a.headline, msgType: a.msgType, state: a.state, page: alertPageUrl(site, a.id) } });
    }
  }
  return { type: 'FeatureCollection', features };
}
