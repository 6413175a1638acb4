/**
 * The outbox queries: the deliveries table is the work queue (no broker).
 *
 * claim    — picks due queued rows with FOR UPDATE SKIP LOCKED (workers never wait for each
 *            other nor take the same row), marks them 'sending' with a lease (lease_until) and
 *            a claim id (leased_by), and counts the attempt.
 * renew    — extends the lease of rows a live worker is still sending, so a send slower than the lease
 *            (a webhook that takes its full timeout) does not hand the row to a second worker.
 * record   — writes the outcomes of one claim in one statement; only rows still leased by that
 *            claim are touched, so a worker whose lease expired cannot overwrite a newer attempt.
 * reclaim  — puts rows whose lease expired (their worker died or lost the database) back to
 *            'queued'; rows that have been lost too often fail instead, so a message that kills
 *            every worker cannot loop forever.
 */
import type { Db } from '../db/index.js';
import type { ChannelName } from './channels/types.js';

export interface ClaimedRow {
  id: string; alert_id: string; traveller_id: string; channel: ChannelName; address: string; attempts: number; language: string;
  /** The recipient's check-in number (a bigint as text): the worker derives the link's token from it. */
  checkin_no: string;
}

export async function claimDeliveries(db: Db, opts: { channels: ChannelName[]; limit: number; leaseMs: number; claimId: string }): Promise<ClaimedRow[]> {
  const { rows } = await db.query<ClaimedRow>(
    `WITH picked AS (
       SELECT id FROM deliveries
        WHERE state = 'queued' AND next_attempt_at <= now() AND channel = ANY($1::text[])
        ORDER BY next_attempt_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE deliveries d SET state = 'sending', attempts = d.attempts + 1,
              lease_until = now() + make_interval(secs => $3::float8 / 1000), leased_by = $4::uuid
         FROM picked WHERE d.id = picked.id
       RETURNING d.id, d.alert_id, d.traveller_id, d.channel, d.address, d.attempts
     )
     SELECT c.id, c.alert_id, c.traveller_id, c.channel, c.address, c.attempts, tr.language, r.checkin_no::text AS checkin_no
       FROM claimed c JOIN travellers tr ON tr.id = c.traveller_id
       JOIN alert_recipients r ON r.alert_id = c.alert_id AND r.traveller_id = c.traveller_id`,
    [opts.channels, opts.limit, opts.leaseMs, opts.claimId]);
  return rows;
}

export type Outcome =
  | { id: string; state: 'sent'; providerId: string }
  | { id: string; state: 'queued'; error: string; delayMs: number }
  | { id: string; state: 'failed'; error: string };

export async function recordOutcomes(db: Db, claimId: string, outcomes: Outcome[]): Promise<number> {
  if (!outcomes.length) return 0;
  const rows = outcomes.map((o) => ({
    id: o.id, state: o.state, provider_id: o.state === 'sent' ? o.providerId : null,
    error: o.state === 'sent' ? null : o.error.slice(0, 2000), delay_ms: o.state === 'queued' ? o.delayMs : null,
  }));
  const result = await db.query(
    `UPDATE deliveries d SET state = o.state,
            provider_id = coalesce(o.provider_id, d.provider_id),
            last_error = o.error,
            next_attempt_at = CASE WHEN o.state = 'queued' THEN now() + make_interval(secs => o.delay_ms / 1000) ELSE d.next_attempt_at END,
            sent_at = CASE WHEN o.state = 'sent' THEN now() ELSE d.sent_at END,
            finished_at = CASE WHEN o.state IN ('sent', 'failed') THEN now() ELSE NULL END,
            lease_until = NULL, leased_by = NULL
       FROM jsonb_to_recordset($1::jsonb) AS o(id uuid, state text, provider_id text, error text, delay_ms float8)
      WHERE d.id = o.id AND d.state = 'sending' AND d.leased_by = $2::uuid`,
    [JSON.stringify(rows), claimId]);
  return result.rowCount;
}

/** Extends the lease of every row still being sent under these claims, in one statement. */
export async function renewLeases(db: Db, claimIds: string[], leaseMs: number): Promise<number> {
  if (!claimIds.length) return 0;
  const result = await db.query(
    `UPDATE deliveries SET lease_until = now() + make_interval(secs => $2::float8 / 1000)
      WHERE state = 'sending' AND leased_by = ANY($1::uuid[])`, [claimIds, leaseMs]);
  return result.rowCount;
}

export async function reclaimExpired(db: Db, maxAttempts: number): Promise<number> {
  const result = await db.query(
    `UPDATE deliveries SET
            state = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'queued' END,
            last_error = CASE WHEN attempts >= $1 THEN 'worker lost this delivery ' || attempts || ' times' ELSE coalesce(last_error, 'lease expired') END,
            finished_at = CASE WHEN attempts >= $1 THEN now() ELSE NULL END,
            next_attempt_at = now(), lease_until = NULL, leased_by = NULL
      WHERE state = 'sending' AND lease_until < now()`, [maxAttempts]);
  return result.rowCount;
}
