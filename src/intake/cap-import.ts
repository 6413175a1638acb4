/**
 * CAP import: CAP 1.2 (and 1.1) alerts from other agencies — one alert, or an Atom/RSS feed of
 * them — become intake documents and incidents for operators to review.
 *
 * Reading is the hardened reader's (src/feeds/cap-reader.ts: no DTDs, entities or XInclude,
 * bounded size and depth); an invalid document is refused with its list of errors and nothing is
 * written. Each alert is mapped to a document plus an extraction (`capToIntake`, pure) and stored
 * through the ordinary ingest step (`storeDocument`: dedupe, actors, grouping, incident merge,
 * audit), all alerts of one input in ONE transaction. The same alert (sender, identifier) is
 * stored once; an Update/Cancel/Ack/Error joins the incident of the alert it references.
 *
 * Services take plain data and a database handle; they never import the web framework.
 */
import { createHash } from 'node:crypto';
import type { Actor as Operator } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { readCapFeed } from '../feeds/cap-feed-reader.js';
import { readCap } from '../feeds/cap-reader.js';
import type { CapAlert, CapArea, CapCategory, CapInfo, CapSeverity } from '../feeds/cap-types.js';
import { countryAt, countryPoint, getCountry, getSubdivision, subdivisionPoint } from '../geo/index.js';
import { haversineKm } from '../geo/distance.js';
import { DEFAULT_MAX_BYTES as CAP_MAX_BYTES } from '../feeds/safe-xml.js';
import { slug } from './text/actor-matching.js';
import type { Actor } from './text/actor-types.js';
import { fetchBounded } from './bounded-fetch.js';
import { normalizeText, type SourceDocument } from './text/documents.js';
import { geocodePlace, senderCountry } from './text/cap-geocodes.js';
import { EVENT_LABELS, type EventPlace, type EventType, type Hazard, type IntakeEvent } from './text/events.js';
import type { Extraction } from './text/extract.js';
import { storeDocument, touchedIncidents, type IngestResult, type TouchedIncidents } from './ingest.js';
import { findPlaces, uniquePlaces, type Place } from './text/places.js';
import { BASE_SEVERITY } from './text/severity.js';

/** A refused CAP input: every problem the reader found. Nothing was written. */
export class CapImportError extends Error {
  readonly status = 422;
  constructor(readonly field: string, readonly errors: string[]) {
    super(`${field}: not a valid CAP alert or feed (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${errors[0] ?? ''}`);
    this.name = 'CapImportError';
  }
}

/** CAP category → intake event type (the first category that maps wins). */
export const CAP_EVENT_TYPES: Readonly<Partial<Record<CapCategory, EventType>>> = {
  Geo: 'natural_disaster', Met: 'natural_disaster', Fire: 'natural_disaster', Env: 'natural_disaster',
  Health: 'disease_outbreak', Security: 'threat_warning',
};

/** CAP severity → intake severity score; Unknown falls back to the event type's base score. */
export const CAP_SEVERITY_SCORES: Readonly<Record<Exclude<CapSeverity, 'Unknown'>, 1 | 2 | 3 | 4 | 5>> = {
  Extreme: 5, Severe: 4, Moderate: 3, Minor: 2,
};

/** Geocode systems that exist only in the United States (NWS zones and county codes). */
const US_ONLY_GEOCODES = new Set(['UGC', 'FIPS6']);

/** The content key of an alert: sha256 of its sender and identifier (CAP's identity of a message). */
export function capKey(sender: string, identifier: string): string {
  return createHash('sha256').update(`cap\n${sender}\n${identifier}`, 'utf8').digest('hex');
}

export interface CapIntake {
  doc: SourceDocument;
  extraction: Extraction;
  /** Content keys of the alerts this one refers to (Update, Cancel…). */
  references: string[];
  /** A Cancel: it only makes sense for an alert Warden has seen. */
  cancels: boolean;
}

/** How an alert was read: the liberal reader's repairs, and whether it carried a signature. */
export interface CapReading { warnings?: string[]; signed?: boolean }

/** The hazard a CAP event names ("Tsunami Warning", "Flash Flood Watch", "Bushfire"), for natural-disaster alerts. */
const CAP_HAZARDS: ReadonlyArray<[RegExp, Hazard]> = [
  [/tsunami/i, 'tsunami'], [/earthquake|quake/i, 'earthquake'], [/cyclone|hurricane|typhoon|tropical storm/i, 'cyclone'],
  [/flood/i, 'flood'], [/fire/i, 'wildfire'], [/volcan|eruption|ash/i, 'volcanic_eruption'], [/landslide|mudslide|debris flow/i, 'landslide'],
  [/avalanche/i, 'avalanche'], [/tornado/i, 'tornado'],
];

/** Named places of an areaDesc within this distance of one of the area's shapes (plus its radius) are kept. */
const NEAR_SHAPE_KM = 1000;
/** "185 miles NNE of Neiafu", "NE of Dutch Harbor": compass points are directions, not postal codes ("NE" = Nebraska). */
const COMPASS = /\b(?:\d+(?:\.\d+)?\s*(?:km|kilomet(?:er|re)s|mi|miles|nm)\s+)?(?:N|S|E|W|NE|NW|SE|SW|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW)\b(?=\s+of\b)/g;

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The info block to import: the first in English, else the first. */
function mainInfo(alert: CapAlert): CapInfo | undefined {
  return alert.infos.find((i) => /^en\b/i.test(i.language)) ?? alert.infos[0];
}

function place(fields: Omit<Place, 'start' | 'end' | 'confidence'> & { confidence?: number }): Place {
  return { start: 0, end: 0, confidence: 1, ...fields };
}

type Shape = { lat: number; lon: number; radiusKm: number; kind: 'site' | 'region' };

function shapesOf(area: CapArea): Shape[] {
  const shapes: Shape[] = [];
  for (const c of area.circles ?? []) shapes.push({ lat: c.lat, lon: c.lon, radiusKm: c.radiusKm, kind: 'site' });
  for (const ring of area.polygons ?? []) {
    const points = ring.slice(0, -1);
    const lat = points.reduce((s, p) => s + p[0], 0) / points.length;
    const lon = points.reduce((s, p) => s + p[1], 0) / points.length;
    const radiusKm = Math.max(...points.map(([a, b]) => haversineKm({ lat, lon }, { lat: a, lon: b })));
    shapes.push({ lat, lon, radiusKm: Math.round(radiusKm * 10) / 10, kind: 'region' });
  }
  return shapes;
}

/** Places a geocode names: ISO 3166-1/-2, and SAME/FIPS, UGC, EMMA_ID through the shipped tables (cap-geocodes.ts). */
function geocodePlaces(area: CapArea): Place[] {
  const out: Place[] = [];
  const surface = area.areaDesc;
  const add = (kind: 'country' | 'subdivision', code: string) => {
    if (out.some((p) => p.code === code)) return;
    if (kind === 'country') {
      const p = countryPoint(code);
      if (p && getCountry(code)) out.push(place({ surface, kind, name: getCountry(code)!.name, code, countryCode: code, lat: p.lat, lon: p.lon }));
      return;
    }
    const s = getSubdivision(code);
    const p = s ? subdivisionPoint(code) : undefined;
    if (s && p) out.push(place({ surface, kind, name: s.name, code: s.code, countryCode: s.countryCode, lat: p.lat, lon: p.lon, approximate: true }));
  };
  for (const g of area.geocodes ?? []) {
    const value = g.value.trim().toUpperCase();
    if (g.valueName === 'ISO3166-1') add('country', value);
    else if (g.valueName === 'ISO3166-2') add('subdivision', value);
    else {
      const found = geocodePlace(g.valueName, value);
      if (found) add(found.kind, found.code);
    }
  }
  return out;
}

/**
 * The places an areaDesc names, read inside the area's own country: the countries of its geocodes and shapes, else
 * (no geometry at all) the sender's; and near its shapes. So "Mid North Coast" stays in Australia and "NE of Dutch
 * Harbor" does not become Nebraska.
 */
function namedPlaces(areaDesc: string, context: ReadonlySet<string>, shapes: readonly Shape[]): Place[] {
  const text = areaDesc.replace(COMPASS, (m) => ' '.repeat(m.length));
  return uniquePlaces(findPlaces(text)).filter((p) => !p.demonym
    && (context.size === 0 || context.has(p.countryCode))
    && (shapes.length === 0 || shapes.some((s) => haversineKm(s, p) <= NEAR_SHAPE_KM + s.radiusKm)));
}

/** Places of one CAP area: geocodes, circle and polygon centres, else names in areaDesc (see namedPlaces). */
function areaPlaces(area: CapArea, sender?: string): Place[] {
  const surface = area.areaDesc;
  const out = geocodePlaces(area);
  const shapes = shapesOf(area);
  const shapeCountries = shapes.map((s) => countryAt(s.lat, s.lon)).filter((cc): cc is string => !!cc);
  const context = new Set([...out.map((p) => p.countryCode), ...shapeCountries]);
  if (context.size === 0 && shapes.length === 0 && sender) context.add(sender);
  const named = shapes.length > 0 || out.length === 0 ? namedPlaces(area.areaDesc, context, shapes) : [];
  for (const s of shapes) {
    // Offshore centres (earthquakes, tsunamis): the country of the first place areaDesc names near them
    // (agencies describe the spot from the nearest named place: "185 miles NNE of Neiafu, Tonga").
    const countryCode = countryAt(s.lat, s.lon) ?? named[0]?.countryCode;
    if (!countryCode) continue;
    out.push(place({
      surface, kind: s.kind, name: area.areaDesc, code: `cap:${s.lat.toFixed(4)},${s.lon.toFixed(4)}`, countryCode, lat: s.lat, lon: s.lon,
      radiusKm: s.radiusKm, ...(s.kind === 'region' ? { approximate: true } : {}),
    }));
  }
  if (out.length === 0) out.push(...named);
  if (out.length === 0 && (area.geocodes ?? []).some((g) => US_ONLY_GEOCODES.has(g.valueName))) {
    const p = countryPoint('US')!;
    out.push(place({ surface, kind: 'country', name: getCountry('US')!.name, code: 'US', countryCode: 'US', lat: p.lat, lon: p.lon, approximate: true, confidence: 0.8 }));
  }
  return out;
}

/** Most specific first: a site or region centre, then a city, subdivision, country. */
const SPECIFICITY: Record<Place['kind'], number> = { site: 0, region: 1, city: 2, subdivision: 3, country: 4 };

/** Maps a CAP alert to an intake document and extraction. Pure (the gazetteer is read for areaDesc names). */
export function capToIntake(alert: CapAlert, url?: string, reading: CapReading = {}): CapIntake {
  const info = mainInfo(alert);
  const sender = senderCountry(alert.sender);
  const places = (info?.areas ?? []).flatMap((a) => areaPlaces(a, sender));
  const type: EventType = info?.category.map((c) => CAP_EVENT_TYPES[c]).find((t): t is EventType => !!t) ?? 'other';
  const capSeverity = info?.severity ?? 'Unknown';
  const score = capSeverity === 'Unknown' ? (Math.min(5, Math.max(1, BASE_SEVERITY[type])) as 1 | 2 | 3 | 4 | 5) : CAP_SEVERITY_SCORES[capSeverity];
  const senderName = info?.senderName?.trim() || alert.sender;
  const actor: Actor = {
    id: slug('organization', senderName), name: senderName, kind: 'organization', mentions: [],
    surfaceForms: [...new Set([senderName, alert.sender])],
  };
  const label = info?.event.trim() || EVENT_LABELS[type];
  const headline = info?.headline?.trim() || `${label} (${alert.sender})`;
  const where = [...places].sort((a, b) => SPECIFICITY[a.kind] - SPECIFICITY[b.kind])[0];
  const eventPlace: EventPlace | undefined = where
    ? { name: where.name, kind: where.kind, code: where.code, countryCode: where.countryCode, lat: where.lat, lon: where.lon }
    : undefined;
  const when = info?.onset ?? info?.effective ?? alert.sent;
  const hazard = type === 'natural_disaster' ? CAP_HAZARDS.find(([re]) => re.test(label))?.[1] : undefined;
  const event: IntakeEvent = {
    type, ...(hazard ? { hazard } : {}), label, sentence: headline, sentences: [headline], cue: label, cueStart: 0, actors: [actor.id], agent: actor.id,
    diplomatic: false, date: day(when), dateSource: 'text', ...(eventPlace ? { place: eventPlace } : {}),
  };
  const prefix = `${alert.status === 'Actual' ? '' : `[${alert.status}] `}${alert.msgType === 'Alert' ? '' : `${alert.msgType}: `}`;
  const text = normalizeText([
    headline, info?.description, info?.instruction,
    info?.areas.length ? `Area: ${info.areas.map((a) => a.areaDesc).join('; ')}` : undefined,
    `CAP ${alert.msgType} ${alert.identifier} from ${alert.sender}, severity ${capSeverity}, urgency ${info?.urgency ?? 'Unknown'}, certainty ${info?.certainty ?? 'Unknown'}.`,
  ].filter((s): s is string => !!s?.trim()).join('\n\n'));
  const notes = [
    ...(reading.warnings ?? []).map((w) => `CAP read liberally: ${w}`),
    ...(reading.signed ? ['signature not verified: the alert carries an XML signature, which Warden does not check'] : []),
  ];
  const doc: SourceDocument = {
    title: `${prefix}${headline}`, text, publishedAt: alert.sent, contentHash: capKey(alert.sender, alert.identifier),
    ...((info?.web ?? url) ? { url: (info?.web ?? url)! } : {}),
  };
  return {
    doc,
    extraction: {
      date: day(alert.sent), places: uniquePlaces(places), placeMentions: places, actors: [actor], events: [event],
      severity: { score, reasons: [`CAP severity ${capSeverity}${capSeverity === 'Unknown' ? ` (base for ${EVENT_LABELS[type].toLowerCase()})` : ''}`] },
      advice: { departCountries: [] },
      ...(notes.length ? { notes } : {}),
    },
    references: (alert.references ?? []).map((r) => capKey(r.sender, r.identifier)),
    cancels: alert.msgType === 'Cancel',
  };
}

export interface CapImportOptions {
  /** Name of the input for messages (field, file or URL); default "body". */
  field?: string;
  /** Where the input came from, kept as the document URL when the alert has no web page. */
  url?: string;
  /** Fetches the CAP document a feed entry links to (bounded by the caller); without it such entries are skipped. */
  fetchLinked?: (url: string) => Promise<Uint8Array>;
}

export interface CapImportResult extends IngestResult {
  /** Feed entries not imported, and why. */
  skipped: Array<{ entry: string; reason: string }>;
}

interface ReadAlert { alert: CapAlert; url?: string; reading: CapReading }

/** One CAP alert read liberally; its repairs and signature go with it. */
function readOneCap(xml: string | Buffer): { ok: true; alert: CapAlert; reading: CapReading } | { ok: false; errors: string[] } {
  const r = readCap(xml, { lenient: true });
  if (!r.ok) return r;
  return { ok: true, alert: r.alert, reading: { ...(r.warnings?.length ? { warnings: r.warnings } : {}), ...(r.signed ? { signed: true } : {}) } };
}

/** Bounds on fetching CAP: the reader's own size limit (1 MB), 15 s, and at most 50 linked alerts per feed. */
export const CAP_FETCH_LIMITS = { maxBytes: CAP_MAX_BYTES, timeoutMs: 15_000, maxLinked: 50 } as const;

/** Fetch a CAP alert or feed from an http(s) URL, bounded in size and time. */
export async function fetchCap(url: string): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`${url}: only http(s) URLs can be fetched`);
  const { bytes } = await fetchBounded(url, CAP_FETCH_LIMITS, 'application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1');
  return bytes;
}

/** Reads a CAP alert or a feed of them; linked alerts are fetched. Throws CapImportError listing every problem. */
export async function readCapInput(input: string | Uint8Array, opts: CapImportOptions = {}): Promise<{ alerts: ReadAlert[]; skipped: CapImportResult['skipped'] }> {
  const field = opts.field ?? 'body';
  const xml = typeof input === 'string' ? input : Buffer.from(input);
  const single = readOneCap(xml);
  if (single.ok) return { alerts: [{ alert: single.alert, reading: single.reading, ...(opts.url ? { url: opts.url } : {}) }], skipped: [] };
  if (!/^(feed|rss): not a CAP alert/.test(single.errors[0] ?? '')) throw new CapImportError(field, single.errors);
  const feed = readCapFeed(xml, { lenient: true });
  if (!feed.ok) throw new CapImportError(field, feed.errors);
  const feedWarnings = feed.warnings ?? [];
  const alerts: ReadAlert[] = [];
  const skipped: CapImportResult['skipped'] = [];
  const errors: string[] = [];
  let fetched = 0;
  for (const [i, entry] of feed.feed.entries.entries()) {
    const name = entry.id || `entry[${i + 1}]`;
    if (entry.alert) { alerts.push({ alert: entry.alert, reading: feedWarnings.length ? { warnings: feedWarnings } : {}, ...(entry.link ? { url: entry.link } : {}) }); continue; }
    if (!entry.capLink) { skipped.push({ entry: name, reason: 'no embedded or linked CAP alert' }); continue; }
    if (!opts.fetchLinked) { skipped.push({ entry: name, reason: `links to ${entry.capLink}; linked alerts are fetched only when importing a URL` }); continue; }
    if (++fetched > CAP_FETCH_LIMITS.maxLinked) { skipped.push({ entry: name, reason: `over ${CAP_FETCH_LIMITS.maxLinked} linked alerts in one feed` }); continue; }
    let bytes: Uint8Array;
    try {
      bytes = await opts.fetchLinked(entry.capLink);
    } catch (error) {
      errors.push(`${name}: ${entry.capLink}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const linked = readOneCap(Buffer.from(bytes));
    if (linked.ok) alerts.push({ alert: linked.alert, reading: linked.reading, url: entry.capLink });
    else errors.push(...linked.errors.map((e) => `${name}: ${entry.capLink}: ${e}`));
  }
  if (errors.length) throw new CapImportError(field, errors);
  if (alerts.length === 0) throw new CapImportError(field, ['feed: no entry embeds or links a CAP alert that could be read', ...skipped.map((s) => `${s.entry}: ${s.reason}`)]);
  return { alerts, skipped };
}

/** The incident of a stored alert this one references, if any. */
async function referencedIncident(tx: Db, keys: string[]): Promise<string | undefined> {
  if (keys.length === 0) return undefined;
  const { rows } = await tx.query<{ incident_id: string }>(
    `SELECT i.incident_id FROM intake_documents d JOIN incident_documents i ON i.document_id = d.id WHERE d.content_hash = ANY($1::text[])
     ORDER BY d.ingested_at DESC LIMIT 1`, [keys]);
  return rows[0]?.incident_id;
}

/**
 * Import CAP alerts (one alert or a feed) as intake documents and incidents, in one transaction.
 * Throws CapImportError (nothing written) when the input is not valid CAP.
 */
export async function importCap(db: Db, operator: Operator, input: string | Uint8Array, opts: CapImportOptions = {}): Promise<CapImportResult> {
  const { alerts, skipped } = await readCapInput(input, opts);
  const mapped = alerts.map((a) => capToIntake(a.alert, a.url, a.reading));
  return db.tx(async (tx) => {
    const result: CapImportResult = { documents: [], incidents: [], skipped };
    const touched: TouchedIncidents = new Map();
    for (const m of mapped) {
      const hint = await referencedIncident(tx, m.references);
      if (m.cancels && !hint) {
        // Nothing to cancel: a Cancel must not open an incident of its own (it would carry the cancelled alert's severity).
        result.skipped.push({ entry: m.doc.title ?? m.doc.contentHash, reason: 'a Cancel of an alert Warden never saw; nothing to cancel' });
        continue;
      }
      result.documents.push(await storeDocument(tx, operator, m.doc, m.extraction, 'cap', touched, { ...(hint ? { incidentHint: hint } : {}), nearDuplicates: false }));
    }
    result.incidents.push(...(await touchedIncidents(tx, touched)));
    return result;
  });
}
