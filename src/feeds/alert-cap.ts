/**
 * Published alerts (src/alerts tables, read-only here) as CAP 1.2 documents and feed entries.
 *
 * - identifier `warden-alert-<uuid>`, sender the configured CAP sender (WARDEN_CAP_SENDER; the
 *   alert's own `sender` text is free-form, so it becomes <senderName>), sent = publication time.
 * - Update and Cancel reference every earlier published message of the chain
 *   (references_id followed to the original Alert), oldest first.
 * - one <info> per language block; area = geocodes for countries (ISO3166-1) and
 *   subdivisions (ISO3166-2), circles for circles, cities and sites, polygons as entered.
 * - expires: the alert's end; without one, publication + WARDEN_ALERT_REVIEW_HOURS; a Cancel
 *   expires when feeds drop it (FEED_RETENTION_HOURS after it was sent).
 * - contact: the alert's first assistance contact, else the post named as its sender, else the
 *   embassy of its first country.
 * - urgency, severity and certainty an Update left Unknown are the chain's last known values.
 * - only alerts with scope Public that were published are ever exposed.
 */
import { getPublicAlertRow, listPublicAlertRows, publishedAncestors, type PublicAlertRow, type PublishedAncestor } from '../alerts/store.js';
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import { areaSchema, resolveArea, type ResolvedArea } from '../geo/area.js';
import { countryAt, getCity, getCountry } from '../geo/index.js';
import { sitesByIdOrName, type SitePoint } from '../geo/sites.js';
import { postContactLine, senderDomain, type CapSite, type PostContact } from './advisory-cap.js';
import { listPosts } from '../posts/service.js';
import { identifierProblem, isoGeocode } from './cap-rules.js';
import type { CapAlert, CapArea, CapCategory, CapCertainty, CapInfo, CapPoint, CapSeverity, CapUrgency } from './cap-types.js';
import { CAP_CATEGORIES } from './cap-types.js';
import { writeCap } from './cap-writer.js';
import { CATEGORY_SCHEMES, type FeedEntry } from './feed-writer.js';

/** Hours a cancelled or expired message stays in the feeds (and a Cancel's CAP <expires>). */
export const FEED_RETENTION_HOURS = 48;

export const kindLabels: Record<string, string> = {
  security_alert: 'Security alert',
  demonstration_alert: 'Demonstration alert',
  health_alert: 'Health alert',
  travel_advisory_change: 'Travel advisory change',
  message: 'Message',
};

type AlertRow = PublicAlertRow;

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



const windowOf = (site: Pick<CapSite, 'alertReviewHours'>) => ({ reviewHours: site.alertReviewHours, retentionHours: FEED_RETENTION_HOURS });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Published public alerts, newest first. `endedAfter`: only messages whose chain was not
 * cancelled, and which did not expire, before that time (feeds pass now − FEED_RETENTION_HOURS).
 */
export async function listPublicAlerts(
  db: Db, site: Pick<CapSite, 'alertReviewHours'>, opts: { countryCode?: string; limit?: number; endedAfter?: Date } = {},
): Promise<PublicAlert[]> {
  const rows = await listPublicAlertRows(db, windowOf(site), opts);
  const sites = await sitesNamedIn(db, rows.map((r) => r.area));
  const alerts = rows.map((row) => present(row, sites));
  return opts.countryCode ? alerts.filter((a) => a.countries.includes(opts.countryCode!)) : alerts;
}

export async function getPublicAlert(db: Db, site: Pick<CapSite, 'alertReviewHours'>, id: string): Promise<AlertRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return getPublicAlertRow(db, windowOf(site), id);
}

/** The sites the areas name, in one query (sites are named by id or by name, case-insensitively). */
async function sitesNamedIn(db: Db, areas: unknown[]): Promise<SitePoint[]> {
  return sitesByIdOrName(db, [...new Set(areas.flatMap((a) => stringList((a as LooseArea | null)?.sites)))]);
}

function present(row: AlertRow, sites: SitePoint[]): PublicAlert {
  const first = row.infos[0] ?? {};
  return {
    id: row.id, kind: row.kind, kindLabel: kindLabels[row.kind] ?? row.kind, msgType: row.msg_type, status: row.status, state: row.state,
    headline: first.headline ?? kindLabels[row.kind] ?? row.kind, event: first.event ?? kindLabels[row.kind] ?? row.kind,
    areaDescription: row.area_description, countries: countriesOf(row.area, sites), effective: new Date(row.effective),
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

/**
 * Countries an area touches: listed countries, subdivisions' countries, cities' countries (from
 * the gazetteer), and where sites, circles and polygons lie. `sites`: the sites the area may name.
 */
export function countriesOf(area: unknown, sites: readonly SitePoint[] = []): string[] {
  const a = (area && typeof area === 'object' ? area : {}) as LooseArea;
  const codes = new Set<string>(stringList(a.countries).map((c) => c.toUpperCase()));
  for (const s of stringList(a.subdivisions)) codes.add(s.slice(0, 2).toUpperCase());
  for (const c of Array.isArray(a.circles) ? a.circles : []) {
    const code = typeof c?.lat === 'number' && typeof c?.lon === 'number' ? countryAt(c.lat, c.lon) : undefined;
    if (code) codes.add(code);
  }
  for (const c of Array.isArray(a.cities) ? a.cities : []) {
    const city = typeof c?.id === 'number' ? getCity(c.id) : undefined;
    // The gazetteer knows the city's country; a point-in-outline test misses coastal cities.
    if (city) codes.add(city.countryCode.toUpperCase());
  }
  for (const ref of stringList(a.sites)) {
    const site = sites.find((s) => s.id === ref || s.name.toLowerCase() === ref.toLowerCase());
    const code = site ? countryAt(site.lat, site.lon) : undefined;
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

const URGENCIES: readonly CapUrgency[] = ['Immediate', 'Expected', 'Future', 'Past'];
const SEVERITIES: readonly CapSeverity[] = ['Extreme', 'Severe', 'Moderate', 'Minor'];
const CERTAINTIES: readonly CapCertainty[] = ['Observed', 'Likely', 'Possible', 'Unlikely'];

/** The first known value (this message's, then its ancestors' newest first); Unknown only when none is known. */
function firstKnown<T extends string>(known: readonly T[], values: string[]): T | 'Unknown' {
  return (values.find((v) => (known as readonly string[]).includes(v)) as T | undefined) ?? 'Unknown';
}

type Ancestor = PublishedAncestor;

/** Earlier published messages of the chain, oldest first (CAP <references>). */
const ancestors = (db: Db, row: AlertRow): Promise<Ancestor[]> => publishedAncestors(db, row.references_id, row.id);

/** CAP <contact>: the alert's first assistance contact, else the post it names as sender, else its country's embassy. */
export function alertContact(row: Pick<AlertRow, 'assistance' | 'sender' | 'area'>, posts: readonly (PostContact & { countryCode: string })[]): string | undefined {
  const card = row.assistance?.contacts?.find((c) => c?.name);
  const fromCard = card ? postContactLine({ name: card.name!, contacts: card }) : undefined;
  if (fromCard) return fromCard;
  const sender = row.sender.trim().toLowerCase();
  const named = posts.find((p) => p.name.toLowerCase() === sender && postContactLine(p));
  if (named) return postContactLine(named);
  const countries = countriesOf(row.area);
  const local = posts.find((p) => countries.includes(p.countryCode) && postContactLine(p));
  return local ? postContactLine(local) : undefined;
}

/** The posts whose contacts CAP documents may name (public institutions: not personal data). */
export async function contactPosts(db: Db): Promise<(PostContact & { countryCode: string })[]> {
  return (await listPosts(db)).map((p) => ({ name: p.name, countryCode: p.countryCode, contacts: p.contacts }));
}

export async function alertToCap(db: Db, site: CapSite, row: AlertRow, posts?: readonly (PostContact & { countryCode: string })[]): Promise<CapAlert> {
  const refs = row.msg_type === 'Alert' ? [] : await ancestors(db, row);
  const area = await capArea(db, row);
  const countries = countriesOf(row.area, await sitesNamedIn(db, [row.area]));
  if (!area.geocodes?.some((g) => g.valueName === 'ISO3166-1')) {
    // A city, site, circle or polygon alert names the country it lies in, for people and for aggregators.
    const names = countries.map((c) => getCountry(c)?.name ?? c).filter((n) => !area.areaDesc.includes(n));
    if (names.length) area.areaDesc = `${area.areaDesc}, ${names.join(', ')}`;
  }
  const categories = row.categories.filter((c): c is CapCategory => (CAP_CATEGORIES as readonly string[]).includes(c));
  const kindLabel = kindLabels[row.kind] ?? row.kind;
  const newestFirst = [row, ...[...refs].reverse()];
  const contact = row.cap_info?.contact?.trim() || alertContact(row, posts ?? await contactPosts(db));
  const infos: CapInfo[] = row.infos.map((info) => ({
    language: info.language || 'en',
    category: categories.length ? categories : ['Safety'],
    event: info.event?.trim() || kindLabel,
    urgency: row.msg_type === 'Cancel' ? 'Past' : firstKnown(URGENCIES, newestFirst.map((r) => r.urgency)),
    severity: firstKnown(SEVERITIES, newestFirst.map((r) => r.severity)),
    certainty: firstKnown(CERTAINTIES, newestFirst.map((r) => r.certainty)),
    ...(row.msg_type === 'Cancel' ? { responseType: ['AllClear' as const] } : {}),
    effective: new Date(row.effective),
    ...(row.cap_info?.onset ? { onset: new Date(row.cap_info.onset) } : {}),
    expires: new Date(row.cap_expires),
    senderName: row.sender.trim() || site.senderName,
    ...(info.headline ? { headline: info.headline } : {}),
    ...(info.description ? { description: info.description } : {}),
    ...(info.instruction ? { instruction: info.instruction } : {}),
    web: alertPageUrl(site, row.id),
    ...(contact ? { contact } : {}),
    parameters: [
      { valueName: 'kind', value: row.kind }, { valueName: 'checkin', value: row.asks_checkin ? 'requested' : 'none' },
      ...(countries.length ? [{ valueName: 'countries', value: countries.join(' ') }] : []),
    ],
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
  const row = await getPublicAlert(db, site, id);
  if (!row) throw notFound(`published public alert ${id}`);
  return { xml: writeCap(await alertToCap(db, site, row)), lastModified: new Date(row.published_at) };
}

/** A feed entry; `capXml` is the entry's CAP document, whose size the RSS enclosure states. */
export function alertFeedEntry(a: PublicAlert, site: CapSite, capXml?: string): FeedEntry {
  const first = a.row.infos[0] ?? {};
  return {
    id: `urn:warden:${senderDomain(site)}:${alertIdentifier(a.id)}`,
    title: prefixedHeadline(a),
    summary: [first.description, first.instruction].filter(Boolean).join('\n\n') || a.headline,
    updated: a.publishedAt,
    published: a.publishedAt,
    link: alertPageUrl(site, a.id),
    capLink: alertCapUrl(site, a.id),
    ...(capXml ? { capLength: Buffer.byteLength(capXml) } : {}),
    categories: [
      ...a.row.categories.map((term) => ({ term, scheme: CATEGORY_SCHEMES.cap })),
      { term: a.kind, scheme: `${site.publicUrl}/feeds#alert-kind`, label: a.kindLabel },
      ...a.countries.map((c) => ({ term: c, scheme: CATEGORY_SCHEMES.country, label: getCountry(c)?.name ?? c })),
    ],
  };
}

/** The feed entries of public alerts, each with its CAP document's size (one listing of the posts for all). */
export async function alertFeedEntries(db: Db, site: CapSite, alerts: readonly PublicAlert[]): Promise<FeedEntry[]> {
  const posts = await contactPosts(db);
  const entries: FeedEntry[] = [];
  for (const a of alerts) entries.push(alertFeedEntry(a, site, writeCap(await alertToCap(db, site, a.row, posts))));
  return entries;
}

/** "Update: …" / "Cancelled: …" unless the headline already says so. */
export function prefixedHeadline(a: Pick<PublicAlert, 'msgType' | 'headline'>): string {
  const prefix = a.msgType === 'Cancel' ? 'Cancelled: ' : a.msgType === 'Update' ? 'Update: ' : '';
  return prefix && !a.headline.toLowerCase().startsWith(prefix.toLowerCase()) ? `${prefix}${a.headline}` : a.headline;
}
