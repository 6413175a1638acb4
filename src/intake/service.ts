/**
 * Intake storage: documents stored once, grouped into incidents for operators to review,
 * actors merged across documents, and DRAFT alert suggestions (never sent from here).
 *
 * Services take plain data and a database handle; they never import the web framework.
 */
import { recordAudit } from '../auth/audit.js';
import type { Actor as Operator } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { invalid, invalidState, notFound } from '../errors.js';
import { getCountry } from '../geo/index.js';
import { haversineKm } from '../geo/distance.js';
import { listSites } from '../geo/sites.js';
import { matchKeys, mergeActors, type Actor } from './actors.js';
import { DocumentError, nearDuplicateKey, parseDocuments, similarity, NEAR_DUPLICATE_THRESHOLD, type DocumentFormat, type SourceDocument } from './documents.js';
import { EVENT_LABELS, type EventPlace, type EventType } from './events.js';
import { extract, suggestAlert, type AlertSuggestion, type Extraction } from './extract.js';
import type { Place, Site } from './places.js';
import { BASE_SEVERITY } from './severity.js';

// ---------------------------------------------------------------------------
// Input errors
// ---------------------------------------------------------------------------

/**
 * A refused input: which field of the request carried it, a stable code and a one-line message.
 * `status` is 413 for over-size input, else 422. Nothing is written when this is thrown.
 */
export class IntakeInputError extends Error {
  constructor(readonly code: DocumentError['code'], readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'IntakeInputError';
  }
  get status(): number {
    return this.code === 'too_large' ? 413 : 422;
  }
  get reason(): string {
    return this.message.slice(this.field.length + 2);
  }
}

// ---------------------------------------------------------------------------
// Stored shapes
// ---------------------------------------------------------------------------

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

export interface IncidentEvent {
  type: EventType;
  label: string;
  sentence: string;
  sentences: string[];
  cue: string;
  place?: EventPlace;
  /** Names (canonical at ingestion) of the actors in the supporting sentences. */
  actors: string[];
  agent?: string;
  target?: string;
  diplomatic: boolean;
  date?: string;
  dateSource?: 'text' | 'publication';
  documentIds: string[];
}

export interface TimelineEntry {
  date: string;
  kind: 'event' | 'source';
  label: string;
  type?: EventType;
  place?: string;
  documentId?: string;
}

interface Advice {
  departCountries: string[];
  avoidFacility?: string;
}

interface IncidentRow {
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
  review_note: string | null;
  reviewed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  document_count?: number | string;
}

const incidentColumns = `id, status, linked_alert_id, title, first_seen, last_seen, event_types, severity, severity_reasons,
  country_codes, event_country_codes, places, actors, events, timeline, advice, review_note, reviewed_at, created_at, updated_at`;

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
  reviewNote: string | null;
  reviewedAt: string | null;
  sources: IncidentSource[];
  places: IncidentPlace[];
  actors: IncidentActor[];
  events: IncidentEvent[];
  timeline: TimelineEntry[];
}

const isoDay = (d: Date | string): string => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

function presentSummary(row: IncidentRow): IncidentSummary {
  return {
    id: row.id, status: row.status, linkedAlertId: row.linked_alert_id, title: row.title,
    firstSeen: isoDay(row.first_seen), lastSeen: isoDay(row.last_seen), eventTypes: row.event_types,
    severity: row.severity, countryCodes: row.country_codes, documentCount: Number(row.document_count ?? 0),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------
// Ingest
// ---------------------------------------------------------------------------

export interface IngestOptions {
  format?: DocumentFormat;
  url?: string;
  /** Request field that carried the input, for error messages (default "text"). */
  field?: string;
  maxBytes?: number;
}

export type IngestOutcome = 'new' | 'duplicate' | 'near_duplicate';

export interface IngestedDocument {
  documentId: string;
  incidentId: string;
  outcome: IngestOutcome;
  title: string | null;
  date: string | null;
  duplicateOf?: string;
  similarity?: number;
}

export interface IngestResult {
  documents: IngestedDocument[];
  /** Incidents created or updated by this input (a pure exact duplicate touches none). */
  incidents: Array<IncidentSummary & { change: 'created' | 'updated' }>;
}

/** Grouping rules (documented in docs/intake.md). */
export const GROUPING = {
  /** Days a document may lie outside an incident's first/last seen and still join it. */
  windowDays: 3,
  /** Event places closer than this are "nearby" even across a border. */
  nearbyKm: 300,
  /** How many stored documents sharing a MinHash band are compared word by word. */
  nearDuplicateCandidates: 25,
} as const;

/** Parse an input into documents; refusals become IntakeInputError naming the field. */
export async function parseInput(input: string | Uint8Array, opts: IngestOptions = {}): Promise<SourceDocument[]> {
  const field = opts.field ?? 'text';
  let docs: SourceDocument[];
  try {
    docs = await parseDocuments(input, {
      ...(opts.format ? { format: opts.format } : {}),
      ...(opts.url ? { url: opts.url } : {}),
      ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}),
    });
  } catch (error) {
    if (error instanceof DocumentError) throw new IntakeInputError(error.code, field, error.message);
    throw error;
  }
  docs = docs.filter((d) => d.text.trim() !== '');
  if (docs.length === 0) throw new IntakeInputError('empty', field, 'input holds no document with text');
  if (opts.url) for (const d of docs) d.url ??= opts.url;
  return docs;
}

function intakeSites(sites: Awaited<ReturnType<typeof listSites>>): Site[] {
  return sites.map((s) => ({ name: s.name, aliases: s.aliases, lat: s.lat, lon: s.lon, radiusKm: s.radiusKm, countryCode: s.countryCode }));
}

/**
 * Parse → dedupe → extract → group, all in one transaction: a refused input or any failure
 * leaves nothing stored. Exact copies (same content hash) are not stored again; near-duplicates
 * are stored, point at their original and join its incident.
 */
export async function ingest(db: Db, actor: Operator, input: string | Uint8Array, opts: IngestOptions = {}): Promise<IngestResult> {
  const docs = await parseInput(input, opts);
  const format = opts.format ?? (docs.length > 1 ? 'feed' : undefined);
  const sites = intakeSites(await listSites(db));
  const extractions = docs.map((doc) => extract(doc, { sites }));
  return db.tx(async (tx) => {
    const result: IngestResult = { documents: [], incidents: [] };
    const touched = new Map<string, 'created' | 'updated'>();
    for (let i = 0; i < docs.length; i++) {
      const ingested = await ingestOne(tx, actor, docs[i]!, extractions[i]!, format ?? guessFormat(input), touched);
      result.documents.push(ingested);
    }
    for (const [id, change] of touched) {
      const row = await loadIncident(tx, id);
      result.incidents.push({ ...presentSummary(row), change });
    }
    return result;
  });
}

function guessFormat(input: string | Uint8Array): DocumentFormat {
  const head = (typeof input === 'string' ? input.slice(0, 64) : Buffer.from(input.subarray(0, 64)).toString('utf8')).trimStart();
  if (head.startsWith('{')) return 'jsonl';
  if (/^<(\?xml|rss|feed)/i.test(head)) return 'feed';
  if (head.startsWith('<')) return 'html';
  return 'text';
}

async function ingestOne(tx: Db, operator: Operator, doc: SourceDocument, x: Extraction, format: DocumentFormat, touched: Map<string, 'created' | 'updated'>): Promise<IngestedDocument> {
  const date = x.date ?? null;
  const exact = await tx.query<{ id: string; incident_id: string }>(
    `SELECT d.id, i.incident_id FROM intake_documents d JOIN incident_documents i ON i.document_id = d.id WHERE d.content_hash = $1`, [doc.contentHash]);
  if (exact.rows[0]) {
    return { documentId: exact.rows[0].id, incidentId: exact.rows[0].incident_id, outcome: 'duplicate', title: doc.title ?? null, date };
  }

  const bands = nearDuplicateKey(doc.text).split('-').map((b, i) => `${i}:${b}`);
  const candidates = await tx.query<{ id: string; body: string; duplicate_of: string | null; incident_id: string }>(
    `SELECT d.id, d.body, d.duplicate_of, i.incident_id FROM intake_documents d JOIN incident_documents i ON i.document_id = d.id
     WHERE d.near_bands && $1::text[] ORDER BY d.ingested_at LIMIT ${GROUPING.nearDuplicateCandidates}`, [bands]);
  let original: { id: string; incidentId: string; similarity: number } | undefined;
  for (const c of candidates.rows) {
    const s = similarity(doc.text, c.body);
    if (s >= NEAR_DUPLICATE_THRESHOLD && (!original || s > original.similarity)) original = { id: c.duplicate_of ?? c.id, incidentId: c.incident_id, similarity: s };
  }

  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO intake_documents (content_hash, near_bands, duplicate_of, similarity, format, title, url, published_at, doc_date, body, extraction, ingested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) RETURNING id`,
    [doc.contentHash, bands, original?.id ?? null, original ? Math.round(original.similarity * 1000) / 1000 : null, format, doc.title ?? null,
      doc.url ?? null, doc.publishedAt ?? null, date, doc.text, JSON.stringify(storedExtraction(x)), operator.id]);
  const documentId = rows[0]!.id;

  const actorIds = await mergeGlobalActors(tx, x.actors);
  const incidentId = original?.incidentId ?? (await findIncident(tx, x, date, [...new Set(actorIds.values())]));
  let target: string;
  if (incidentId) {
    await addToIncident(tx, incidentId, documentId, x, date, doc.title ?? null);
    target = incidentId;
    if (!touched.has(target)) touched.set(target, 'updated');
  } else {
    target = await createIncident(tx, documentId, x, date, doc.title ?? null);
    touched.set(target, 'created');
  }
  await tx.query(`INSERT INTO incident_documents (incident_id, document_id) VALUES ($1, $2)`, [target, documentId]);
  for (const id of new Set(actorIds.values())) {
    await tx.query(`INSERT INTO incident_actors (incident_id, actor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [target, id]);
  }
  const outcome: IngestOutcome = original ? 'near_duplicate' : 'new';
  await recordAudit(tx, operator, {
    action: 'intake.ingest', entity: 'intake_document', entityId: documentId,
    after: { incidentId: target, outcome, contentHash: doc.contentHash, duplicateOf: original?.id ?? null },
  });
  return {
    documentId, incidentId: target, outcome, title: doc.title ?? null, date,
    ...(original ? { duplicateOf: original.id, similarity: Math.round(original.similarity * 1000) / 1000 } : {}),
  };
}

/** What is kept of an extraction with its document (offsets refer to the stored body). */
function storedExtraction(x: Extraction): unknown {
  return { date: x.date ?? null, places: x.placeMentions, actors: x.actors, events: x.events, severity: x.severity, advice: x.advice };
}

// ---------------------------------------------------------------------------
// Actors across documents
// ---------------------------------------------------------------------------

interface ActorRow {
  id: string; slug: string; name: string; kind: Actor['kind']; surface_forms: string[]; acronym: string | null;
  part_of: string | null; country_code: string | null; titles: string[];
}

/** Blocking keys as stored: prefixed by kind, since only actors of one kind merge. */
function storedKeys(a: Actor): string[] {
  return matchKeys(a).map((k) => `${a.kind}|${k}`);
}

/**
 * Merges a document's actors into the stored ones with `mergeActors` (same rules as within a
 * document) and returns document actor id → stored actor uuid. Every surface form is kept.
 */
async function mergeGlobalActors(tx: Db, found: readonly Actor[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (found.length === 0) return map;
  const keys = [...new Set(found.flatMap((a) => matchKeys(a).map((k) => `${a.kind}|${k}`)))];
  const { rows } = await tx.query<ActorRow>(
    `SELECT id, slug, name, kind, surface_forms, acronym, part_of, country_code, titles FROM intake_actors
     WHERE match_keys && $1::text[] ORDER BY created_at, id FOR UPDATE`, [keys]);
  const uuidBySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const slugByUuid = new Map(rows.map((r) => [r.id, r.slug]));
  const existing: Actor[] = rows.map((r) => ({
    id: r.slug, name: r.name, kind: r.kind, surfaceForms: r.surface_forms, mentions: [],
    ...(r.acronym ? { acronym: r.acronym } : {}), ...(r.part_of && slugByUuid.has(r.part_of) ? { partOf: slugByUuid.get(r.part_of)! } : {}),
    ...(r.country_code ? { countryCode: r.country_code } : {}), ...(r.titles.length ? { titles: r.titles } : {}),
  }));
  const stripped = found.map((a) => ({ ...a, mentions: [] }));
  const merged = mergeActors(existing, stripped);
  const uuids: string[] = [];
  for (let i = 0; i < merged.length; i++) {
    const a = merged[i]!;
    if (i < rows.length) {
      const r = rows[i]!;
      uuids.push(r.id);
      const changed = r.slug !== a.id || r.name !== a.name || r.surface_forms.length !== a.surfaceForms.length || (r.acronym ?? undefined) !== a.acronym
        || (r.country_code ?? undefined) !== a.countryCode || r.titles.length !== (a.titles?.length ?? 0);
      if (changed) {
        await tx.query(`UPDATE intake_actors SET slug = $2, name = $3, surface_forms = $4, acronym = $5, country_code = $6, titles = $7, match_keys = $8, updated_at = now() WHERE id = $1`,
          [r.id, a.id, a.name, a.surfaceForms, a.acronym ?? null, a.countryCode ?? null, a.titles ?? [], storedKeys(a)]);
      }
    } else {
      const ins = await tx.query<{ id: string }>(
        `INSERT INTO intake_actors (slug, name, kind, surface_forms, acronym, country_code, titles, match_keys) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [a.id, a.name, a.kind, a.surfaceForms, a.acronym ?? null, a.countryCode ?? null, a.titles ?? [], storedKeys(a)]);
      uuids.push(ins.rows[0]!.id);
    }
    uuidBySlug.set(a.id, uuids[i]!);
  }
  // partOf refers to slugs; store the parent's uuid where it changed.
  for (let i = 0; i < merged.length; i++) {
    const a = merged[i]!;
    const parent = a.partOf ? uuidBySlug.get(a.partOf) : undefined;
    if (parent && parent !== uuids[i] && (i >= rows.length || rows[i]!.part_of !== parent)) {
      await tx.query(`UPDATE intake_actors SET part_of = $2 WHERE id = $1`, [uuids[i]!, parent]);
    }
  }
  // Which stored actor each document actor went into: the one holding all its spellings.
  for (const f of found) {
    const idx = merged.findIndex((m) => m.kind === f.kind && f.surfaceForms.every((s) => m.surfaceForms.includes(s)));
    if (idx >= 0) map.set(f.id, uuids[idx]!);
  }
  return map;
}

// ---------------------------------------------------------------------------
// Incidents: grouping and merging
// ---------------------------------------------------------------------------

function docSpan(x: Extraction, date: string | null): { first: string; last: string } {
  const days = [date, ...x.events.map((e) => e.date)].filter((d): d is string => !!d).sort();
  const today = new Date().toISOString().slice(0, 10);
  return { first: days[0] ?? today, last: days[days.length - 1] ?? today };
}

function countriesOf(x: Extraction): { all: string[]; events: string[] } {
  const events = [...new Set(x.events.map((e) => e.place?.countryCode).filter((c): c is string => !!c))];
  const all = new Set(events);
  for (const p of x.placeMentions) if (!p.demonym && p.countryCode) all.add(p.countryCode);
  return { all: [...all], events };
}

/** An incident this document belongs to: time window, place, event type and shared actors all agree. */
async function findIncident(tx: Db, x: Extraction, date: string | null, actorIds: string[]): Promise<string | undefined> {
  const types = [...new Set(x.events.map((e) => e.type))];
  if (types.length === 0) return undefined;
  const span = docSpan(x, date);
  const { rows } = await tx.query<GroupingRow>(
    `SELECT id, country_codes, event_country_codes,
       coalesce((SELECT jsonb_agg(e->'place') FROM jsonb_array_elements(events) e WHERE e ? 'place'), '[]'::jsonb) AS points,
       coalesce((SELECT array_agg(actor_id::text) FROM incident_actors a WHERE a.incident_id = incidents.id), '{}') AS actor_ids
     FROM incidents
     WHERE first_seen <= $1::date + ${GROUPING.windowDays} AND last_seen >= $2::date - ${GROUPING.windowDays} AND event_types && $3::text[]
     ORDER BY last_seen DESC, created_at DESC LIMIT 50`,
    [span.last, span.first, types]);
  const countries = countriesOf(x);
  let best: { id: string; shared: number } | undefined;
  for (const r of rows) {
    if (!placeMatches(r, x, countries)) continue;
    const shared = actorIds.filter((id) => r.actor_ids.includes(id)).length;
    if (actorIds.length > 0 && r.actor_ids.length > 0 && shared === 0) continue;
    if (!best || shared > best.shared) best = { id: r.id, shared };
  }
  return best?.id;
}

interface GroupingRow {
  id: string;
  country_codes: string[];
  event_country_codes: string[];
  points: EventPlace[];
  actor_ids: string[];
}

function placeMatches(r: GroupingRow, x: Extraction, countries: { all: string[]; events: string[] }): boolean {
  const theirs = r.event_country_codes.length > 0 ? r.event_country_codes : r.country_codes;
  const ours = countries.events.length > 0 ? countries.events : countries.all;
  if (ours.some((c) => theirs.includes(c))) return true;
  const theirPoints = r.points.filter((p) => p.kind !== 'country');
  const ourPoints = x.events.map((e) => e.place).filter((p): p is EventPlace => !!p && p.kind !== 'country');
  return ourPoints.some((a) => theirPoints.some((b) => haversineKm(a, b) <= GROUPING.nearbyKm));
}

interface IncidentState {
  places: IncidentPlace[];
  actors: IncidentActor[];
  events: IncidentEvent[];
  advice: Advice;
  severity: number;
  severityReasons: string[];
  first: string;
  last: string;
}

function mergePlaces(into: IncidentPlace[], mentions: readonly Place[]): IncidentPlace[] {
  const out = into.map((p) => ({ ...p, surfaces: [...p.surfaces] }));
  for (const m of mentions) {
    let p = out.find((q) => q.kind === m.kind && q.code === m.code);
    if (!p) {
      p = {
        name: m.name, kind: m.kind, code: m.code, countryCode: m.countryCode, lat: m.lat, lon: m.lon, confidence: m.confidence,
        demonym: !!m.demonym, surfaces: [],
        ...(m.approximate ? { approximate: true } : {}), ...(m.radiusKm !== undefined ? { radiusKm: m.radiusKm } : {}),
      };
      out.push(p);
    }
    p.confidence = Math.max(p.confidence, m.confidence);
    if (!m.demonym) p.demonym = false;
    if (!p.surfaces.includes(m.surface)) p.surfaces.push(m.surface);
  }
  return out;
}

function toIncidentActor(a: Actor): IncidentActor {
  return {
    id: a.id, name: a.name, kind: a.kind, surfaceForms: a.surfaceForms,
    ...(a.acronym ? { acronym: a.acronym } : {}), ...(a.partOf ? { partOf: a.partOf } : {}),
    ...(a.countryCode ? { countryCode: a.countryCode } : {}), ...(a.titles?.length ? { titles: a.titles } : {}),
  };
}

function mergeIncidentActors(into: IncidentActor[], found: readonly Actor[]): IncidentActor[] {
  const existing: Actor[] = into.map((a) => ({ ...a, mentions: [] }));
  return mergeActors(existing, found.map((a) => ({ ...a, mentions: [] }))).map(toIncidentActor);
}

function mergeEvents(into: IncidentEvent[], x: Extraction, documentId: string): IncidentEvent[] {
  const out = into.map((e) => ({ ...e, sentences: [...e.sentences], actors: [...e.actors], documentIds: [...e.documentIds] }));
  const nameOf = (id: string | undefined) => (id ? x.actors.find((a) => a.id === id)?.name : undefined);
  for (const e of x.events) {
    const same = out.find((o) => o.type === e.type && (o.place?.code ?? '') === (e.place?.code ?? '') && (o.date ?? '') === (e.date ?? ''));
    const actors = e.actors.map((id) => nameOf(id)).filter((n): n is string => !!n);
    if (same) {
      for (const s of e.sentences) if (!same.sentences.includes(s)) same.sentences.push(s);
      for (const a of actors) if (!same.actors.includes(a)) same.actors.push(a);
      if (!same.documentIds.includes(documentId)) same.documentIds.push(documentId);
      if (same.dateSource !== 'text' && e.dateSource === 'text') same.dateSource = 'text';
      continue;
    }
    const agent = nameOf(e.agent);
    const target = nameOf(e.target);
    out.push({
      type: e.type, label: e.label, sentence: e.sentence, sentences: [...e.sentences], cue: e.cue, actors, diplomatic: e.diplomatic, documentIds: [documentId],
      ...(e.place ? { place: e.place } : {}), ...(agent ? { agent } : {}), ...(target ? { target } : {}),
      ...(e.date ? { date: e.date } : {}), ...(e.dateSource ? { dateSource: e.dateSource } : {}),
    });
  }
  return out;
}

function mergeState(state: IncidentState, x: Extraction, documentId: string, date: string | null): IncidentState {
  const span = docSpan(x, date);
  const severity = Math.max(state.severity, x.severity.score);
  return {
    places: mergePlaces(state.places, x.placeMentions),
    actors: mergeIncidentActors(state.actors, x.actors),
    events: mergeEvents(state.events, x, documentId),
    advice: {
      departCountries: [...new Set([...state.advice.departCountries, ...x.advice.departCountries])],
      ...((state.advice.avoidFacility ?? x.advice.avoidFacility) ? { avoidFacility: (state.advice.avoidFacility ?? x.advice.avoidFacility)! } : {}),
    },
    severity,
    severityReasons: [...new Set([...state.severityReasons, ...(x.severity.score === severity ? x.severity.reasons : [])])],
    first: state.first && state.first < span.first ? state.first : span.first,
    last: state.last && state.last > span.last ? state.last : span.last,
  };
}

function incidentTitle(s: IncidentState): string {
  const main = [...s.events].sort((a, b) => BASE_SEVERITY[b.type] - BASE_SEVERITY[a.type])[0];
  if (!main) {
    const where = s.places.find((p) => !p.demonym);
    return where ? `Report — ${where.name}` : 'Report with no recognised event';
  }
  const country = main.place ? getCountry(main.place.countryCode)?.name : undefined;
  const where = main.place ? (main.place.kind === 'country' ? main.place.name : `${main.place.name}${country ? `, ${country}` : ''}`) : undefined;
  return `${EVENT_LABELS[main.type]}${where ? ` — ${where}` : ''}`;
}

async function timelineOf(tx: Db, incidentId: string | null, extra: { documentId: string; date: string | null; title: string | null } | null, events: IncidentEvent[]): Promise<TimelineEntry[]> {
  const sources = incidentId
    ? (await tx.query<{ id: string; doc_date: Date | string | null; title: string | null; ingested_at: Date }>(
      `SELECT d.id, d.doc_date, d.title, d.ingested_at FROM incident_documents i JOIN intake_documents d ON d.id = i.document_id WHERE i.incident_id = $1`, [incidentId])).rows
      .map((r) => ({ documentId: r.id, date: r.doc_date ? isoDay(r.doc_date) : isoDay(r.ingested_at), title: r.title }))
    : [];
  if (extra) sources.push({ documentId: extra.documentId, date: extra.date ?? new Date().toISOString().slice(0, 10), title: extra.title });
  const entries: TimelineEntry[] = [];
  for (const e of events) {
    entries.push({ date: e.date ?? sources.find((s) => e.documentIds.includes(s.documentId))?.date ?? '', kind: 'event', type: e.type, label: e.label, ...(e.place ? { place: e.place.name } : {}), documentId: e.documentIds[0]! });
  }
  for (const s of sources) entries.push({ date: s.date, kind: 'source', label: s.title ? `Reported: ${s.title}` : 'Reported', documentId: s.documentId });
  return entries.sort((a, b) => a.date.localeCompare(b.date) || (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1));
}

function stateColumns(s: IncidentState): readonly unknown[] {
  const countries = new Set<string>();
  const eventCountries = new Set<string>();
  for (const e of s.events) if (e.place?.countryCode) { eventCountries.add(e.place.countryCode); countries.add(e.place.countryCode); }
  for (const p of s.places) if (!p.demonym && p.countryCode) countries.add(p.countryCode);
  return [
    incidentTitle(s), s.first, s.last, [...new Set(s.events.map((e) => e.type))], s.severity, s.severityReasons, [...countries].sort(), [...eventCountries].sort(),
    JSON.stringify(s.places), JSON.stringify(s.actors), JSON.stringify(s.events),
  ];
}

async function createIncident(tx: Db, documentId: string, x: Extraction, date: string | null, title: string | null): Promise<string> {
  const empty: IncidentState = { places: [], actors: [], events: [], advice: { departCountries: [] }, severity: 1, severityReasons: [], first: '', last: '' };
  const state = mergeState(empty, x, documentId, date);
  const timeline = await timelineOf(tx, null, { documentId, date, title }, state.events);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO incidents (title, first_seen, last_seen, event_types, severity, severity_reasons, country_codes, event_country_codes, places, actors, events, timeline, advice)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb) RETURNING id`,
    [...stateColumns(state), JSON.stringify(timeline), JSON.stringify(state.advice)] as never);
  return rows[0]!.id;
}

async function addToIncident(tx: Db, incidentId: string, documentId: string, x: Extraction, date: string | null, title: string | null): Promise<void> {
  const row = await loadIncident(tx, incidentId, true);
  const state = mergeState({
    places: row.places, actors: row.actors, events: row.events, advice: row.advice, severity: row.severity,
    severityReasons: row.severity_reasons, first: isoDay(row.first_seen), last: isoDay(row.last_seen),
  }, x, documentId, date);
  const timeline = await timelineOf(tx, incidentId, { documentId, date, title }, state.events);
  await tx.query(
    `UPDATE incidents SET title = $2, first_seen = $3, last_seen = $4, event_types = $5, severity = $6, severity_reasons = $7, country_codes = $8,
       event_country_codes = $9, places = $10::jsonb, actors = $11::jsonb, events = $12::jsonb, timeline = $13::jsonb, advice = $14::jsonb, updated_at = now()
     WHERE id = $1`,
    [incidentId, ...stateColumns(state), JSON.stringify(timeline), JSON.stringify(state.advice)] as never);
}

async function loadIncident(db: Db, id: string, forUpdate = false): Promise<IncidentRow> {
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

// ---------------------------------------------------------------------------
// Review
// ---------------------------------------------------------------------------

export interface ReviewInput {
  status: IncidentStatus;
  alertId?: string;
  note?: string;
}

/** Operator review: reviewed, dismissed, linked to an alert (or back to new). Audited. */
export async function reviewIncident(db: Db, actor: Operator, id: string, input: ReviewInput): Promise<IncidentDetail> {
  if (input.status === 'linked' && !input.alertId) throw invalid('alertId', 'linking needs the id of the alert');
  if (input.status !== 'linked' && input.alertId) throw invalid('alertId', `only a linked incident has an alert; status is ${input.status}`);
  await db.tx(async (tx) => {
    const row = await loadIncident(tx, id, true);
    if (input.alertId) {
      const alerts = await tx.query<{ t: string | null }>(`SELECT to_regclass('alerts')::text AS t`);
      if (alerts.rows[0]?.t) {
        const found = await tx.query(`SELECT 1 FROM alerts WHERE id = $1`, [input.alertId]);
        if (found.rowCount === 0) throw invalid('alertId', `no alert ${input.alertId}`);
      }
    }
    if (row.status === input.status && (row.linked_alert_id ?? undefined) === input.alertId && (input.note === undefined || input.note === row.review_note)) {
      throw invalidState(`the incident is already ${row.status}`);
    }
    await tx.query(
      `UPDATE incidents SET status = $2, linked_alert_id = $3, review_note = coalesce($4, review_note), reviewed_by = $5, reviewed_at = now(), updated_at = now() WHERE id = $1`,
      [id, input.status, input.alertId ?? null, input.note ?? null, actor.id]);
    await recordAudit(tx, actor, {
      action: 'incident.review', entity: 'incident', entityId: id,
      before: { status: row.status, linkedAlertId: row.linked_alert_id }, after: { status: input.status, linkedAlertId: input.alertId ?? null, note: input.note ?? null },
    });
  });
  return getIncident(db, id);
}

// ---------------------------------------------------------------------------
// Suggestion (never sends)
// ---------------------------------------------------------------------------

export interface AreaCircle { name: string; lat: number; lon: number; radiusKm: number }

export interface IncidentSuggestion {
  incidentId: string;
  alert: AlertSuggestion & { area: { description: string; countryCodes: string[]; circles: AreaCircle[] } };
  advisory: { countryCode: string; currentLevel: number | null; suggestedLevel: number; change: boolean; reasons: string[] } | null;
  notice: string;
}

/** Radius of an area circle around an event place that is not a country. */
const CIRCLE_KM: Record<string, number> = { city: 25, subdivision: 150, region: 150 };

function asExtraction(row: IncidentRow): Extraction {
  const actors: Actor[] = row.actors.map((a) => ({ ...a, mentions: [] }));
  const idOf = (name: string | undefined) => (name ? actors.find((a) => a.name === name || a.surfaceForms.includes(name))?.id : undefined);
  const places: Place[] = row.places.map((p) => ({
    surface: p.surfaces[0] ?? p.name, start: 0, end: 0, kind: p.kind, name: p.name, code: p.code, countryCode: p.countryCode, lat: p.lat, lon: p.lon,
    confidence: p.confidence, ...(p.demonym ? { demonym: true } : {}), ...(p.approximate ? { approximate: true } : {}), ...(p.radiusKm !== undefined ? { radiusKm: p.radiusKm } : {}),
  }));
  return {
    ...(row.first_seen ? { date: isoDay(row.last_seen) } : {}),
    places, placeMentions: places, actors,
    events: row.events.map((e, i) => {
      const agent = idOf(e.agent);
      const target = idOf(e.target);
      return {
        type: e.type, label: e.label, sentence: e.sentence, sentences: e.sentences, cue: e.cue, cueStart: i, actors: e.actors.map(idOf).filter((x): x is string => !!x),
        diplomatic: e.diplomatic, ...(e.place ? { place: e.place } : {}), ...(agent ? { agent } : {}), ...(target ? { target } : {}),
        ...(e.date ? { date: e.date } : {}), ...(e.dateSource ? { dateSource: e.dateSource } : {}),
      };
    }),
    severity: { score: Math.min(5, Math.max(1, row.severity)) as 1 | 2 | 3 | 4 | 5, reasons: row.severity_reasons },
    advice: row.advice,
  };
}

/** A DRAFT alert and an advisory level suggestion for an incident. Nothing is written or sent. */
export async function suggestionFor(db: Db, incidentId: string): Promise<IncidentSuggestion> {
  const row = await loadIncident(db, incidentId);
  const draft = suggestAlert(asExtraction(row));
  const circles: AreaCircle[] = [];
  for (const e of row.events) {
    const p = e.place;
    if (!p || p.kind === 'country' || !draft.countryCodes.includes(p.countryCode) || circles.some((c) => c.name === p.name)) continue;
    const radiusKm = p.kind === 'site' ? (row.places.find((q) => q.kind === 'site' && q.code === p.code)?.radiusKm ?? 5) : (CIRCLE_KM[p.kind] ?? 25);
    circles.push({ name: p.name, lat: p.lat, lon: p.lon, radiusKm });
  }
  let advisory: IncidentSuggestion['advisory'] = null;
  if (draft.suggestedAdvisoryLevel) {
    const s = draft.suggestedAdvisoryLevel;
    const current = await db.query<{ level: number }>(`SELECT level FROM advisories WHERE country_code = $1 AND state = 'published'`, [s.countryCode]);
    const currentLevel = current.rows[0]?.level ?? null;
    advisory = { countryCode: s.countryCode, currentLevel, suggestedLevel: s.level, change: currentLevel === null || s.level > currentLevel, reasons: s.reasons };
  }
  return {
    incidentId,
    alert: { ...draft, area: { description: draft.areaDescription, countryCodes: draft.countryCodes, circles } },
    advisory,
    notice: 'Draft only: review and edit it, then publish through the normal approval. Nothing has been sent.',
  };
}

