/**
 * The audit log's anchor: its newest row (seq and hash), signed with an HMAC keyed from WARDEN_SECRET, written
 * to a file outside the database. The hash chain alone shows an edited or removed row in the middle, but not the
 * newest rows deleted (with triggers off, by someone who can write the database): the chain that is left is still
 * a valid chain. `warden audit verify` compares the chain with the anchor, so such a deletion is detected for
 * every row anchored — the server rewrites the anchor every few seconds and at shutdown; what was written after
 * the last anchor is the window it cannot vouch for.
 * Invariant: the anchor only moves forward; a database whose head is behind the anchor is never re-anchored.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../db/index.js';

export interface AuditAnchor { seq: number; hash: string; at: string; mac: string }
export type AnchorVerdict =
  | { anchored: false; reason: string }
  | { anchored: true; ok: true; seq: number; at: string }
  | { anchored: true; ok: false; seq: number; at: string; reason: string };

function mac(secret: string, seq: number, hash: string): string {
  return createHmac('sha256', secret).update(`warden-audit-anchor\0${seq}\0${hash}`).digest('hex');
}

function readAnchor(path: string): AuditAnchor | null {
  if (!existsSync(path)) return null;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<AuditAnchor>;
  if (!Number.isInteger(parsed.seq) || typeof parsed.hash !== 'string' || typeof parsed.mac !== 'string' || typeof parsed.at !== 'string') {
    throw new Error(`${path}: not an audit anchor`);
  }
  return parsed as AuditAnchor;
}

async function head(db: Db): Promise<{ seq: number; hash: string } | null> {
  const { rows } = await db.query<{ seq_text: string; hash: string }>('SELECT seq::text AS seq_text, hash FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1');
  return rows[0] ? { seq: Number(rows[0].seq_text), hash: rows[0].hash } : null;
}

/** Writes the anchor for the current head (atomically) when the head moved forward; returns the anchored seq. */
export async function anchorAuditHead(db: Db, secret: string, path: string, now = new Date()): Promise<number | null> {
  const current = await head(db);
  if (!current) return null;
  const previous = readAnchor(path);
  if (previous && previous.seq >= current.seq) return previous.seq; // never backwards: a shorter chain is evidence
  const anchor: AuditAnchor = { seq: current.seq, hash: current.hash, at: now.toISOString(), mac: mac(secret, current.seq, current.hash) };
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  renameSync(partial, path);
  return current.seq;
}

/** Checks the anchor's signature and that the row it names is still in the chain with the same hash. */
export async function verifyAuditAnchor(db: Db, secret: string, path: string): Promise<AnchorVerdict> {
  const anchor = readAnchor(path);
  if (!anchor) return { anchored: false, reason: `no anchor at ${path}: only the chain itself was checked` };
  const expected = Buffer.from(mac(secret, anchor.seq, anchor.hash), 'hex');
  const given = Buffer.from(anchor.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { anchored: true, ok: false, seq: anchor.seq, at: anchor.at, reason: 'the anchor file is not signed with this server\'s secret (forged or from another server)' };
  }
  const { rows } = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [anchor.seq]);
  if (!rows[0]) return { anchored: true, ok: false, seq: anchor.seq, at: anchor.at, reason: `row ${anchor.seq}, anchored at ${anchor.at}, is gone: the newest audit rows were removed` };
  if (rows[0].hash !== anchor.hash) return { anchored: true, ok: false, seq: anchor.seq, at: anchor.at, reason: `row ${anchor.seq} no longer has the hash anchored at ${anchor.at}: the chain was rewritten` };
  return { anchored: true, ok: true, seq: anchor.seq, at: anchor.at };
}
