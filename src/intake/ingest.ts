/**
 * Ingest: parse an input into documents, then per document and in ONE transaction — exact
 * duplicate check, near-duplicate lookup, store, merge actors, group into an incident (grouping.ts)
 * and merge into it (incident-merge.ts), audit.
 *
 * Services take plain data and a database handle; they never import the web framework.
 */
import { recordAudit } from '../auth/audit.js';
import type { Actor as Operator } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { listSites } from '../geo/sites.js';
import { parseDocuments } from './text/document-parsers.js';
import { DocumentError, type DocumentFormat, type SourceDocument } from './text/documents.js';
import { extract, type Extraction } from './text/extract.js';
import { GROUPING, findIncident } from './grouping.js';
import { addToIncident, createIncident } from './incident-merge.js';
import { loadIncident, presentSummary, type IncidentSummary } from './incidents.js';
import { NEAR_DUPLICATE_THRESHOLD, nearDuplicateKey, similarity } from './text/near-duplicates.js';
import type { Site } from './text/places.js';
import { mergeStoredActors } from './stored-actors.js';

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
// Ingest
// ---------------------------------------------------------------------------

export interface IngestOptions {
  format?: DocumentFormat;
  url?: string;
  /** Request field that carried the input, for error messages (default "text"). */
  field?: string;
  maxBytes?: number;
}

/** How a stored document was given: an input format, or a CAP alert (cap-import.ts). */
export type StoredFormat = DocumentFormat | 'cap';

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
    const touched: TouchedIncidents = new Map();
    for (let i = 0; i < docs.length; i++) {
      const ingested = await storeDocument(tx, actor, docs[i]!, extractions[i]!, format ?? guessFormat(input), touched);
      result.documents.push(ingested);
    }
    result.incidents.push(...(await touchedIncidents(tx, touched)));
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

export interface StoreOptions {
  /** Join this incident (a CAP Update/Cancel of a stored alert) instead of grouping. */
  incidentHint?: string;
  /** Look for near-duplicates by wording (default true; CAP alerts are identified by sender and identifier). */
  nearDuplicates?: boolean;
}

/** Incidents created or updated while storing documents, in order. */
export type TouchedIncidents = Map<string, 'created' | 'updated'>;

/** The summaries of the incidents a run touched (read inside its transaction). */
export async function touchedIncidents(tx: Db, touched: TouchedIncidents): Promise<IngestResult['incidents']> {
  const out: IngestResult['incidents'] = [];
  for (const [id, change] of touched) out.push({ ...presentSummary(await loadIncident(tx, id)), change });
  return out;
}

/**
 * Store one parsed document with its extraction, inside the caller's transaction: exact duplicate
 * (same content hash) → nothing written; near-duplicate → joins its original's incident; else the
 * incident `incidentHint` when given (a CAP Update/Cancel of a stored alert), else grouping decides.
 */
export async function storeDocument(
  tx: Db, operator: Operator, doc: SourceDocument, x: Extraction, format: StoredFormat, touched: TouchedIncidents,
  { incidentHint, nearDuplicates = true }: StoreOptions = {},
): Promise<IngestedDocument> {
  const date = x.date ?? null;
  const exact = await tx.query<{ id: string; incident_id: string }>(
    `SELECT d.id, i.incident_id FROM intake_documents d JOIN incident_documents i ON i.document_id = d.id WHERE d.content_hash = $1`, [doc.contentHash]);
  if (exact.rows[0]) {
    return { documentId: exact.rows[0].id, incidentId: exact.rows[0].incident_id, outcome: 'duplicate', title: doc.title ?? null, date };
  }

  const bands = nearDuplicateKey(doc.text).split('-').map((b, i) => `${i}:${b}`);
  const candidates = nearDuplicates
    ? (await tx.query<{ id: string; body: string; duplicate_of: string | null; incident_id: string }>(
      `SELECT d.id, d.body, d.duplicate_of, i.incident_id FROM intake_documents d JOIN incident_documents i ON i.document_id = d.id
       WHERE d.near_bands && $1::text[] ORDER BY d.ingested_at LIMIT ${GROUPING.nearDuplicateCandidates}`, [bands])).rows
    : [];
  let original: { id: string; incidentId: string; similarity: number } | undefined;
  for (const c of candidates) {
    const s = similarity(doc.text, c.body);
    if (s >= NEAR_DUPLICATE_THRESHOLD && (!original || s > original.similarity)) original = { id: c.duplicate_of ?? c.id, incidentId: c.incident_id, similarity: s };
  }

  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO intake_documents (content_hash, near_bands, duplicate_of, similarity, format, title, url, published_at, doc_date, body, extraction, ingested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) RETURNING id`,
    [doc.contentHash, bands, original?.id ?? null, original ? Math.round(original.similarity * 1000) / 1000 : null, format, doc.title ?? null,
      doc.url ?? null, doc.publishedAt ?? null, date, doc.text, JSON.stringify(storedExtraction(x)), operator.id]);
  const documentId = rows[0]!.id;

  const actorIds = await mergeStoredActors(tx, x.actors);
  const incidentId = incidentHint ?? original?.incidentId ?? (await findIncident(tx, x, date, [...new Set(actorIds.values())]));
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
  return { date: x.date ?? null, places: x.placeMentions, actors: x.actors, events: x.events, severity: x.severity, advice: x.advice, notes: x.notes ?? [] };
}

