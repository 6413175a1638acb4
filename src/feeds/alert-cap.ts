/**
 * Published alerts (src/alerts tables, read-only here) as CAP 1.2 documents and feed entries.
 *
 * - identifier `warden-alert-<uuid>`, sender `warden@<public host>` (the alert's own `sender`
 *   text is free-form, so it becomes <senderName>), sent = publication time.
 * - Update and Cancel reference every earlier published message of the chain
 *   (references_id followed to the original Alert), oldest first.
 * - one <info> per language block; area = geocodes for countries (ISO3166-1) and
 *   subdivisions (ISO3166-2), circles for circles, cities and sites, polygons as entered.
 * - only alerts with scope Public that were published are ever exposed.
 */
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import { areaSchema, resolveArea, type ResolvedArea } from '../geo/area.js';
import { countryAt, getCity, getCountry } from '../geo/index.js';
import type { CapSite } from './advisory-cap.js';
import { identifierProblem, isoGeocode } from './cap-rules.js';
import type { CapAlert, CapArea, CapCategory, CapCertainty, CapInfo, CapPoint, CapSeverity, CapUrgency } from './cap-types.js';
import { CAP_CATEGORIES } from './cap-types.js';
import { writeCap } from './cap-writer.js';
import type { FeedEntry } from './feed-writer.js';

export const kindLabels: Record<string, string> = {
  security_alert: 'Security alert',
  demonstration_alert: 'Demonstration alert',
  health_alert: 'Health alert',
  travel_advisory_change: 'Travel advisory change',
  message: 'Message',
};

interface AlertRow {
  id: string;
  kind: string;
  msg_type: 'Alert' | 'Update' | 'Cancel';
  status: 'Actual' | 'Exercise' | 'Test';
  scope: string;
  categories: string[];
  urgency: string;
  severity: string;
  certainty: string;
  sender: string;
  effective: Date;
  expires: Date | null;
  area: unknown;
  area_description: string;
  infos: { language?: string; event?: string; headline?: string; description?: string; instruction?: string }[];
  asks_checkin: boolean;
  references_id: string | null;
  state: string;
  published_at: Date;
  cap_info: { onset?: string; contact?: string } | null;
}

export interface PublicAlert {
  id: string;
  kind: string;
  kindLabel: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  status: string;
  state: string;
  headline: string;
  event: string;
  areaDescription: string;
  countries: string[];
  effective: Date;
  expires: Date | null;
  publishedAt: Date;
  referencesId: string | null;
  row: AlertRow;
}

/** Named query: published public alerts (any later state), newest first. Never touches recipients. */
// A Cancel is stored with an empty area ('{}'): it covers the area of the alert it cancels.
const PUBLIC_ALERTS = `
  SELECT a.id::text, a.kind, a.msg_type, a.status, a.scope, a.categories, a.urgency, a.severity, a.certainty, a.sender,
         a.effective, a.expires, CASE WHEN a.area = '{}'::jsonb THEN coalesce(r.area, a.area) ELSE a.area END AS area,
         a.area_description, a.infos, a.asks_checkin, a.references_id::text, a.state, a.published_at, a.cap_info
    FROM alerts a LEFT JOIN alerts r ON r.id = a.references_id
   WHERE a.published_at IS NOT NULL AND a.scope = 'Public' AND a.state IN ('published', 'updated', 'cancelled')`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listPublicAlerts(db: Db, opts: { countryCode?: string; limit?: number } = {}): Promise<PublicAlert[]> {
  const { rows } = await db.query<AlertRow>(`${PUBLIC_ALERTS} ORDER BY a.published_at DESC, a.id LIMIT $1`, [opts.limit ?? 200]);
  const alerts = rows.map(present);
  return opts.countryCode ? alerts.filter((a) => a.countries.includes(opts.countryCode!)) : alerts;
}

async function getPublicAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<AlertRow>(`${PUBLIC_ALERTS} AND a.id = $1`, [id]);
  return rows[0];
}

function present(row: AlertRow): PublicAlert {
  const first = row.infos[0] ?? {};
  return {
    id: row.id, kind: row.kind, kindLabel: kindLabels[row.kind] ?? row.kind, msgType: row.msg_type, status: row.status, state: row.state,
    headline: first.headline ?? kindLabels[row.kind] ?? row.kind, event: first.event ?? kindLabels[row.kind] ?? row.kind,
    areaDescription: row.area_description, countries: countriesOf(row.area), effective: new Date(row.effective),
    expires: row.expires ? new Date(row.expires) : null, publishedAt: new Date(row.published_at), referencesId: row.references_id, row,
  };
}

export function alertIdentifier(id: string): string {
  return `warden-alert-${id}`;
}

export function alertCapUrl(site: CapSite, id: string): string {
  return `${site.publicUrl}/cap/alerts/${id}.xml`;
}

export function alertPageUrl(site: CapSite, id: string): string {
  return `${site.publicUrl}/alerts/${id}`;
}

interface LooseArea {
  countries?: unknown; subdivisions?: unknown; circles?: unknown; polygons?: unknown; cities?: unknown; sites?: unknown;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Countries an area touches: listed countries, subdivisions' countries, and where circles and polygons lie. */
export function countriesOf(area: unknown): string[] {
  const a = (area && typeof area === 'object' ? area : {}) as LooseArea;
  const codes = new Set<string>(stringList(a.countries).map((c) => c.toUpperCase()));
  for (const s of stringList(a.subdivisions)) codes.add(s.slice(0, 2).toUpperCase());
  for (const c of Array.isArray(a.circles) ? a.circles : []) {
    const code = typeof c?.lat === 'number' && typeof c?.lon === 'number' ? countryAt(c.lat, c.lon) : undefined;
    if (code) codes.add(code);
  }
  for (const c of Array.isArray(a.cities) ? a.cities : []) {
    const city = typeof c?.id === 'number' ? getCity(c.id) : undefined;
    const code = city ? countryAt(city.lat, city.lon) : undefined;
    if (code) codes.add(code);
  }
  for (const p of Array.isArray(a.polygons) ? a.polygons : []) {
    const ring = Array.isArray(p) ? p : p?.ring;
    const pt = Array.isArray(ring) ? ring[0] : undefined;
    const code = Array.isArray(pt) && typeof pt[0] === 'number' && typeof pt[1] === 'number' ? countryAt(pt[0], pt[1]) : undefined;
    if (code) codes.add(code);
  }
  return [...codes].filter((c) => getCountry(c)).sort();
}

/** The alert's area as CAP shapes: cities and sites are resolved to circles (read-only look-ups). */
async function capArea(db: Db, row: AlertRow): Promise<CapArea> {
  const parsed = areaSchema.safeParse(row.area);
  let resolved: Pick<ResolvedArea, 'countries' | 'subdivisions' | 'circles'> & { polygons: { ring: [number, number][] }[] };
  if (parsed.success) {
    resolved = await resolveArea(db, parsed.data).catch(() => ({
      countries: parsed.data.countries, subdivisions: parsed.data.subdivisions,
      circles: parsed.data.circles.map((c) => ({ ...c, label: '' })), polygons: parsed.data.polygons.map((ring) => ({ ring })),
    }));
  } else {
    const a = (row.area ?? {}) as LooseArea;
    resolved = { countries: stringList(a.countries), subdivisions: stringList(a.subdivisions), circles: [], polygons: [] };
  }
  const area: CapArea = { areaDesc: row.area_description.trim() || 'See the alert text' };
  const polygons = resolved.polygons.map((p) => p.ring.map(([lat, lon]) => [lat, lon] as CapPoint));
  if (polygons.length) area.polygons = polygons;
  if (resolved.circles.length) area.circles = resolved.circles.map((c) => ({ lat: c.lat, lon: c.lon, radiusKm: c.radiusKm }));
  const geocodes = [
    ...resolved.countries.map((c) => isoGeocode(c.toUpperCase())),
    ...resolved.subdivisions.map((s) => ({ valueName: 'ISO3166-2', value: s.toUpperCase() })),
  ];
  if (geocodes.length) area.geocodes = geocodes;
  return area;
}

function oneOf<T extends string>(values: readonly T[], value: string, fallback: T): T {
  return (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Earlier published messages of the chain, oldest first (CAP <references>). */
async function ancestors(db: Db, row: AlertRow): Promise<{ id: string; publishedAt: Date }[]> {
  const chain: { id: string; publishedAt: Date }[] = [];
  const seen = new Set<string>([row.id]);
  let next = row.references_id;
  while (next && !seen.has(next) && chain.length < 100) {
    seen.add(next);
    const { rows } = await db.query<{ id: string; published_at: Date | null; references_id: string | null }>(
      'SELECT id::text, published_at, references_id::text FROM alerts WHERE id = $1', [next]);
    const r = rows[0];
    if (!r) break;
    if (r.published_at) chain.unshift({ id: r.id, publishedAt: new Date(r.published_at) });
    next = r.references_id;
  }
  return chain;
}

export async function alertToCap(db: Db, site: CapSite, row: AlertRow): Promise<CapAlert> {
  const refs = row.msg_type === 'Alert' ? [] : await ancestors(db, row);
  const area = await capArea(db, row);
  const categories = row.categories.filter((c): c is CapCategory => (CAP_CATEGORIES as readonly string[]).includes(c));
  const kindLabel = kindLabels[row.kind] ?? row.kind;
  const infos: CapInfo[] = row.infos.map((info) => ({
    language: info.language || 'en',
    category: categories.length ? categories : ['Safety'],
    event: info.event?.trim() || kindLabel,
    urgency: row.msg_type === 'Cancel' ? 'Past' : oneOf<CapUrgency>(['Immediate', 'Expected', 'Future', 'Past', 'Unknown'], row.urgency, 'Unknown'),
    severity: oneOf<CapSeverity>(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'], row.severity, 'Unknown'),
    certainty: oneOf<CapCertainty>(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'], row.certainty, 'Unknown'),
    ...(row.msg_type === 'Cancel' ? { responseType: ['AllClear' as const] } : {}),
    effective: new Date(row.effective),
    ...(row.cap_info?.onset ? { onset: new Date(row.cap_info.onset) } : {}),
    ...(row.expires ? { expires: new Date(row.expires) } : {}),
    senderName: row.sender.trim() || site.senderName,
    ...(info.headline ? { headline: info.headline } : {}),
    ...(info.description ? { description: info.description } : {}),
    ...(info.instruction ? { instruction: info.instruction } : {}),
    web: alertPageUrl(site, row.id),
    ...(row.cap_info?.contact ? { contact: row.cap_info.contact } : {}),
    parameters: [{ valueName: 'kind', value: row.kind }, { valueName: 'checkin', value: row.asks_checkin ? 'requested' : 'none' }],
    areas: [area],
  }));
  return {
    identifier: alertIdentifier(row.id),
    sender: identifierProblem(site.sender) ? 'warden@localhost' : site.sender,
    sent: new Date(row.published_at),
    status: row.status,
    msgType: refs.length || row.msg_type === 'Alert' ? row.msg_type : 'Alert',
    scope: 'Public',
    ...(refs.length ? { references: refs.map((r) => ({ sender: site.sender, identifier: alertIdentifier(r.id), sent: r.publishedAt })) } : {}),
    infos,
  };
}

export async function alertCapDocument(db: Db, site: CapSite, id: string): Promise<{ xml: string; lastModified: Date }> {
  const row = await getPublicAlert(db, id);
  if (!row) throw notFound(`published public alert ${id}`);
  return { xml: writeCap(await alertToCap(db, site, row)), lastModified: new Date(row.published_at) };
}

export function alertFeedEntry(a: PublicAlert, site: CapSite): FeedEntry {
  const first = a.row.infos[0] ?? {};
  return {
    id: `urn:warden:${site.sender.split('@')[1]}:${alertIdentifier(a.id)}`,
    title: prefixedHeadline(a),
    summary: [first.description, first.instruction].filter(Boolean).join('\n\n') || a.headline,
    updated: a.publishedAt,
    published: a.publishedAt,
    link: alertPageUrl(site, a.id),
    capLink: alertCapUrl(site, a.id),
    categories: [a.kindLabel, ...a.countries.map((c) => getCountry(c)?.name ?? c)],
  };
}

/** "Update: …" / "Cancelled: …" unless the headline already says so. */
export function prefixedHeadline(a: Pick<PublicAlert, 'msgType' | 'headline'>): string {
  const prefix = a.msgType === 'Cancel' ? 'Cancelled: ' : a.msgType === 'Update' ? 'Update: ' : '';
  return prefix && !a.headline.toLowerCase().startsWith(prefix.toLowerCase()) ? `${prefix}${a.headline}` : a.headline;
}
