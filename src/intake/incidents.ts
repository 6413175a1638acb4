/**
 * Incidents as stored and as shown: the stored shapes (places, actors, events, timeline), the row
 * → summary/detail presenters, loading one incident, and the list/detail queries.
 *
 * Services take plain data and a database handle; they never import the web framework.
 */
import type { Db } from '../db/index.js';
import { invalid, notFound } from '../errors.js';
import { getCountry } from '../geo/index.js';
import type { Actor } from './text/actor-types.js';
import type { EventType, IntakeEvent } from './text/events.js';
import type { Place } from './text/places.js';

export type IncidentStatus = 'new' | 'reviewed' | 'dismissed' | 'linked';

/** A place of an incident: one per (kind, code), with every way the sources wrote it. */
export interface IncidentPlace {
  name: string;
  kind: Place['kind'];
  code: string;
  countryCode: string;
  lat: number;
  lon: number;
  confidence: number;
  /** Only ever written as a nationality word ("Iranian"). */
  demonym: boolean;
  approximate?: boolean;
  radiusKm?: number;
  surfaces: string[];
}

/** An actor of an incident: merged across its documents (mention offsets are per document and dropped). */
export interface IncidentActor {
  id: string;
  name: string;
  kind: Actor['kind'];
  surfaceForms: string[];
  acronym?: string;
  partOf?: string;
  countryCode?: string;
  titles?: string[];
}
/**
 * An event of an incident: an extracted `IntakeEvent` merged across its documents. `actors`, `agent`
 * and `target` hold actor names (canonical at ingestion) rather than per-document ids; `cueStart`
 * is a per-document offset and is dropped.
 */
export type IncidentEvent = Omit<IntakeEvent, 'cueStart'> & { documentIds: string[] };

export interface TimelineEntry {
  date: string;
  kind: 'event' | 'source';
  label: string;
  type?: EventType;
  place?: string;
  documentId?: string;
}

export interface Advice {
  departCountries: string[];
  avoidFacility?: string;
}

export interface IncidentRow {
  id: string;
  status: IncidentStatus;
  linked_alert_id: string | null;
  title: string;
  first_seen: Date | string;
  last_seen: Date | string;
  event_types: string[];
  severity: number;
  severity_reasons: string[];
  country_codes: string[];
  event_country_codes: string[];
  places: IncidentPlace[];
  actors: IncidentActor[];
  events: IncidentEvent[];
  timeline: TimelineEntry[];
  advice: Advice;
  notes: string[];
  review_note: string | null;
  reviewed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  document_count?: number | string;
}

export const incidentColumns = `id, status, linked_alert_id, title, first_seen, last_seen, event_types, severity, severity_reasons,
  country_codes, event_country_codes, places, actors, events, timeline, advice, notes, review_note, reviewed_at, created_at, updated_at`;

export interface IncidentSummary {
  id: string;
  status: IncidentStatus;
  linkedAlertId: string | null;
  title: string;
  firstSeen: string;
  lastSeen: string;
  eventTypes: string[];
  severity: number;
  countryCodes: string[];
  documentCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentSource {
  id: string;
  title: string | null;
  url: string | null;
  format: string;
  publishedAt: string | null;
  date: string | null;
  duplicateOf: string | null;
  similarity: number | null;
  ingestedAt: string;
}

export interface IncidentDetail extends IncidentSummary {
  severityReasons: string[];
  /** How the sources were read: an undated source, a repaired CAP area, an unverified signature… */
  notes: string[];
  reviewNote: string | null;
  reviewedAt: string | null;
  sources: IncidentSource[];
  places: IncidentPlace[];
  actors: IncidentActor[];
  events: IncidentEvent[];
  timeline: TimelineEntry[];
}

export const isoDay = (d: Date | string): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
export function presentSummary(row: IncidentRow): IncidentSummary {
  return {
    id: row.id, status: row.status, linkedAlertId: row.linked_alert_id, title: row.title,
    firstSeen: isoDay(row.first_seen), lastSeen: isoDay(row.last_seen), eventTypes: row.event_types,
    severity: row.severity, countryCodes: row.country_codes, documentCount: Number(row.document_count ?? 0),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}


/** One incident row with its document count; 404 when missing. */
export async function loadIncident(db: Db, id: string, forUpdate = false): Promise<IncidentRow> {
  const { rows } = await db.query<IncidentRow>(
    `SELECT ${incidentColumns}, (SELECT count(*) FROM incident_documents d WHERE d.incident_id = incidents.id) AS document_count
     FROM incidents WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('incident');
  return rows[0];
}


// ---------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------

export interface IncidentQuery {
  status?: IncidentStatus;
  country?: string;
  limit: number;
  offset: number;
}

export async function listIncidents(db: Db, q: IncidentQuery): Promise<{ items: IncidentSummary[]; total: number; limit: number; offset: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.status) { params.push(q.status); where.push(`status = $${params.length}`); }
  if (q.country) {
    const cc = q.country.toUpperCase();
    if (!getCountry(cc)) throw invalid('country', `unknown country code ${q.country}`);
    params.push([cc]);
    where.push(`country_codes && $${params.length}::text[]`);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM incidents ${clause}`, params as never);
  const { rows } = await db.query<IncidentRow>(
    `SELECT ${incidentColumns}, (SELECT count(*) FROM incident_documents d WHERE d.incident_id = incidents.id) AS document_count
     FROM incidents ${clause} ORDER BY last_seen DESC, updated_at DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`, params as never);
  return { items: rows.map(presentSummary), total: Number(total.rows[0]!.n), limit: q.limit, offset: q.offset };
}

export async function getIncident(db: Db, id: string): Promise<IncidentDetail> {
  const row = await loadIncident(db, id);
  const sources = await db.query<{ id: string; title: string | null; url: string | null; format: string; published_at: Date | null; doc_date: Date | string | null; duplicate_of: string | null; similarity: number | null; ingested_at: Date }>(
    `SELECT d.id, d.title, d.url, d.format, d.published_at, d.doc_date, d.duplicate_of, d.similarity, d.ingested_at
     FROM incident_documents i JOIN intake_documents d ON d.id = i.document_id WHERE i.incident_id = $1 ORDER BY d.ingested_at, d.id`, [id]);
  return {
    ...presentSummary(row),
    severityReasons: row.severity_reasons,
    notes: row.notes,
    reviewNote: row.review_note,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    sources: sources.rows.map((s) => ({
      id: s.id, title: s.title, url: s.url, format: s.format, publishedAt: s.published_at?.toISOString() ?? null,
      date: s.doc_date ? isoDay(s.doc_date) : null, duplicateOf: s.duplicate_of, similarity: s.similarity, ingestedAt: s.ingested_at.toISOString(),
    })),
    places: row.places,
    actors: row.actors,
    events: row.events,
    timeline: row.timeline,
  };
}

