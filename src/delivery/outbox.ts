/**
 * The outbox queries: the deliveries table is the work queue (no broker) for every message Warden sends.
 * A row's kind says what it carries: 'alert' rows are an alert to one of its recipients (written by the
 * publish fan-out, escalation and direct messages, rendered by the worker per language and channel);
 * every other kind (duty notices, subscribers' mail, sign-in links, enrolment confirmations, unlock codes)
 * is a message its domain composed, stored in `content` by `enqueueMessages`.
 *
 * The duplicate bound, argued once for every kind. A message can go out twice only when a worker
 * hands it to a server and stops before `record` commits: its row stays 'sending' until the lease ends,
 * then `reclaim` queues it again. A worker holds at most two unrecorded claims (the batch it is sending
 * and the one whose outcomes it is writing: src/delivery/worker.ts), each at most WARDEN_WORKER_BATCH
 * rows, and it stops starting sends once its last renewed lease is about to end, so no row is sent by two
 * live workers. Hence at most 2 × batch duplicates per worker lost, whatever the kind, and each copy carries
 * the same delivery id (Message-ID, idempotency key). test/delivery/worker-crash.test.ts checks it per kind.
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
import type { MessageKind } from '../vocabulary.js';
import type { ChannelName } from './channels/types.js';

/** A composed message as its domain stores it; kinds may add what they need at send time (a subscription id). */
export interface StoredContent {
  subject?: string; text: string; html?: string; sms?: string; headers?: Record<string, string>; payload?: unknown;
  [extra: string]: unknown;
}

export interface ClaimedRow {
  id: string; kind: MessageKind; alert_id: string | null; traveller_id: string | null; channel: ChannelName; address: string; attempts: number;
  /** Alert rows: the recipient's language and check-in number (a bigint as text), from which the worker derives the link's token. */
  language: string | null;
  checkin_no: string | null;
  /** Other kinds: the composed message (NULL once a one-time link's row has finished). */
  content: StoredContent | null;
}

/** Kinds whose content holds a one-time link: blanked when the row finishes, so the database keeps no usable link. */
export const oneTimeLinkKinds: readonly MessageKind[] = ['sign_in', 'enrolment', 'subscription_confirm', 'operator_unlock'];

export interface OutboxMessage {
  kind: Exclude<MessageKind, 'alert'>;
  channel: ChannelName;
  address: string;
  content: StoredContent;
  /** Queueing the same key again is a no-op (periodic jobs may run anywhere, any number of times). */
  dedupeKey?: string;
  /** Sign-in and enrolment rows name their traveller, so erasing the person erases the row's address (0021). */
  travellerId?: string;
}

/**
 * Queues composed messages in one statement (inside the caller's transaction when given one) and wakes
 * idle workers at commit. Returns how many rows were new.
 */
export async function enqueueMessages(db: Db, messages: OutboxMessage[]): Promise<number> {
  if (!messages.length) return 0;
  const rows = messages.map((m) => ({ kind: m.kind, channel: m.channel, address: m.address, content: m.content, dedupe_key: m.dedupeKey ?? null, traveller_id: m.travellerId ?? null }));
  const result = await db.query(
    `INSERT INTO deliveries (kind, channel, address, content, dedupe_key, traveller_id)
     SELECT m.kind, m.channel, m.address, m.content, m.dedupe_key, m.traveller_id
       FROM jsonb_to_recordset($1::jsonb) AS m(kind text, channel text, address text, content jsonb, dedupe_key text, traveller_id uuid)
     ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`, [JSON.stringify(rows)]);
  if (result.rowCount) await db.query(`SELECT pg_notify('warden_outbox', $1)`, [messages[0]!.kind]);
  return result.rowCount;
}

/**
 * Queued messages of one kind that are not to be sent any more (their `content` names the `field` with this
 * `value`, e.g. a subscription someone left): they become 'failed' with the reason, the rows kept as a record.
 */
export async function cancelQueuedMessages(db: Db, kind: MessageKind, match: { field: string; value: string }, reason: string): Promise<number> {
  const result = await db.query(
    `UPDATE deliveries SET state = 'failed', last_error = $4, finished_at = now()
      WHERE kind = $1 AND state = 'queued' AND content->>$2 = $3`, [kind, match.field, match.value, reason]);
  return result.rowCount;
}

export interface ClaimOptions {
  channels: ChannelName[]; limit: number; leaseMs: number; claimId: string;
  /** Only these kinds (tests that drain one kind); absent = every kind, and the statement has no kind filter. */
  kinds?: MessageKind[];
}

export async function claimDeliveries(db: Db, opts: ClaimOptions): Promise<ClaimedRow[]> {
  const kindFilter = opts.kinds ? ' AND kind = ANY($5::text[])' : '';
  const { rows } = await db.query<ClaimedRow>(
    `WITH picked AS (
       SELECT id FROM deliveries
        WHERE state = 'queued' AND next_attempt_at <= now() AND channel = ANY($1::text[])${kindFilter}
        ORDER BY next_attempt_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE deliveries d SET state = 'sending', attempts = d.attempts + 1,
              lease_until = now() + make_interval(secs => $3::float8 / 1000), leased_by = $4::uuid
         FROM picked WHERE d.id = picked.id
       RETURNING d.id, d.kind, d.alert_id, d.traveller_id, d.channel, d.address, d.attempts, d.content
     )
     SELECT c.id, c.kind, c.alert_id, c.traveller_id, c.channel, c.address, c.attempts, c.content, tr.language, r.checkin_no::text AS checkin_no
       FROM claimed c LEFT JOIN travellers tr ON tr.id = c.traveller_id
       LEFT JOIN alert_recipients r ON r.alert_id = c.alert_id AND r.traveller_id = c.traveller_id`,
    opts.kinds ? [opts.channels, opts.limit, opts.leaseMs, opts.claimId, opts.kinds] : [opts.channels, opts.limit, opts.leaseMs, opts.claimId]);
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
            lease_until = NULL, leased_by = NULL,
            content = CASE WHEN o.state IN ('sent', 'failed') AND d.kind = ANY($3::text[]) THEN NULL ELSE d.content END
       FROM jsonb_to_recordset($1::jsonb) AS o(id uuid, state text, provider_id text, error text, delay_ms float8)
      WHERE d.id = o.id AND d.state = 'sending' AND d.leased_by = $2::uuid`,
    [JSON.stringify(rows), claimId, oneTimeLinkKinds]);
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
