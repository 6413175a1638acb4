import { createHash } from 'node:crypto';
import type { Db } from '../db/index.js';
import { conflict, isUniqueViolation } from '../errors.js';
import type { Actor } from './roles.js';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

interface AuditRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function rowHash(prevHash: string, row: Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>): string {
  const content = canonicalJson({
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before ?? null,
    after: row.after ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Creates one row in a transaction with its audit entry (`<entity>.create`, the new row as `after`); a unique
 * violation becomes a 409 naming the field that must be unique (a slug, a name, an e-mail address).
 */
export async function createAudited<T extends { id: string }>(
  db: Db, actor: Actor, entity: string, unique: { field: string; message: string }, insert: (tx: Db) => Promise<T>,
): Promise<T> {
  return db.tx(async (tx) => {
    try {
      const created = await insert(tx);
      await recordAudit(tx, actor, { action: `${entity}.create`, entity, entityId: created.id, after: created });
      return created;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(unique.field, unique.message);
      throw error;
    }
  });
}

/**
 * Appends one row to the hash-chained audit log. Must run inside the
 * transaction of the write it records, so the write and its audit row commit together.
 * The advisory lock serialises appenders so every row chains to its true predecessor.
 */
export async function recordAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7201002)');
  const last = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const prevHash = last.rows[0]?.hash ?? genesisHash;
  // Millisecond precision so the stored timestamp round-trips exactly into the hash.
  const at = new Date();
  const row = {
    at,
    actor_id: actor.id,
    actor_label: actor.label,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId ?? null,
    before: jsonOrNull(entry.before),
    after: jsonOrNull(entry.after),
  };
  await tx.query(
    `INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)`,
    [at, row.actor_id, row.actor_label, row.action, row.entity, row.entity_id,
      row.before === null ? null : JSON.stringify(row.before), row.after === null ? null : JSON.stringify(row.after),
      prevHash, rowHash(prevHash, row)],
  );
}

/**
 * One audit row for a read that returned personal data of many people (a presence list, a traveller search,
 * the accountability board's people or CSV, an alert's deliveries): who read, with which filter, how many rows.
 * Written before the answer leaves, so no such read goes unrecorded.
 */
export async function auditBulkRead(db: Db, actor: Actor, read: { action: string; entity: string; entityId?: string | null; filter: Record<string, unknown>; rows: number }): Promise<void> {
  await db.tx((tx) => recordAudit(tx, actor, { action: read.action, entity: read.entity, entityId: read.entityId ?? null, after: { filter: read.filter, rows: read.rows } }));
}

/** Normalise through JSON so what we hash is exactly what jsonb gives back (Dates become strings). */
function jsonOrNull(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

export type AuditVerdict = { ok: true; rows: number } | { ok: false; rows: number; firstBadSeq: number; reason: string };

/** Re-computes the chain; names the first row whose hash or link does not match. */
export async function verifyAuditLog(db: Db): Promise<AuditVerdict> {
  const { rows } = await db.query<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
  let prevHash = genesisHash;
  for (const row of rows) {
    if (row.prev_hash !== prevHash) return { ok: false, rows: rows.length, firstBadSeq: Number(row.seq), reason: 'link to the previous row is broken (row deleted or reordered)' };
    if (rowHash(prevHash, row) !== row.hash) return { ok: false, rows: rows.length, firstBadSeq: Number(row.seq), reason: 'content does not match its hash (row edited)' };
    prevHash = row.hash;
  }
  return { ok: true, rows: rows.length };
}

export async function listAudit(db: Db, opts: { entity?: string; entityId?: string; limit: number; beforeSeq?: number }) {
  const { rows } = await db.query<AuditRow>(
    `SELECT seq, at, actor_id, actor_label, action, entity, entity_id, before, after FROM audit_log
     WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2) AND ($3::bigint IS NULL OR seq < $3)
     ORDER BY seq DESC LIMIT $4`,
    [opts.entity ?? null, opts.entityId ?? null, opts.beforeSeq ?? null, opts.limit],
  );
  return rows;
}

/** What was done to one entity, oldest first: when and which action, without the before/after data (a person's data export). */
export async function auditTrailOf(db: Db, entity: string, entityId: string): Promise<{ at: Date; action: string }[]> {
  const { rows } = await db.query<{ at: Date; action: string }>(
    'SELECT at, action FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq', [entity, entityId]);
  return rows;
}
