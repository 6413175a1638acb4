/**
 * The alerts table group's SQL (alerts): the row type, its column list and the reads other domains need.
 * Other folders (check-ins, delivery, feeds) call these functions instead of querying the table; the alert
 * services (service.ts, publish.ts, review.ts) write it.
 */
import { operatorNameSql } from '../auth/operator-names.js';
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import type { AlertInput, AlertState, AlertView, CapInfo, InfoInput, MsgType } from './schema.js';

export interface AlertRow {
  id: string; kind: AlertView['kind']; msg_type: MsgType; status: AlertView['status']; scope: AlertView['scope'];
  categories: string[]; urgency: string; severity: string; certainty: string; sender: string;
  effective: Date; expires: Date | null; area: AlertInput['area']; area_description: string; infos: InfoInput[];
  assistance: AlertInput['assistance']; asks_checkin: boolean; references_id: string | null; state: AlertState;
  recipient_count: number | null; created_by: string | null; created_at: Date; submitted_at: Date | null;
  published_at: Date | null; published_by: string | null; cap_info: CapInfo;
  rejected_reason: string | null; rejected_by_name: string | null; rejected_at: Date | null; withdrawn_at: Date | null;
}

/**
 * The columns of an AlertRow, checked against it by the compiler: a column added to the row type and not
 * here (or the reverse) fails to build, instead of coming back undefined at run time.
 */
const alertColumnNames = [
  'id', 'kind', 'msg_type', 'status', 'scope', 'categories', 'urgency', 'severity', 'certainty', 'sender', 'effective', 'expires',
  'area', 'area_description', 'infos', 'assistance', 'asks_checkin', 'references_id', 'state', 'recipient_count', 'created_by', 'created_at',
  'submitted_at', 'published_at', 'published_by', 'cap_info', 'rejected_reason', 'rejected_at', 'withdrawn_at',
] as const satisfies readonly Exclude<keyof AlertRow, 'rejected_by_name'>[];
type MissingColumn = Exclude<keyof AlertRow, (typeof alertColumnNames)[number] | 'rejected_by_name'>;
const everyColumnListed: [MissingColumn] extends [never] ? true : MissingColumn = true;
void everyColumnListed;

/** SELECT / RETURNING list of an AlertRow (the rejecting operator's name joined in). */
export const alertColumns = `${alertColumnNames.join(', ')},
  ${operatorNameSql('rejected_by')} AS rejected_by_name`;

/**
 * When an alert (`a`) stops asking for answers: its expiry, or without one 7 days from the later of effective
 * and published (an alert sent today about a day already begun — the demo's scenario day — must not send
 * links that are dead on arrival, nor stop being chased at once). Escalation chases until then.
 */
export const alertAnswerEndSql = `coalesce(a.expires, greatest(a.effective, a.published_at) + interval '7 days')`;

/**
 * The published alerts that ask for check-ins and still take answers at `at` (a timestamptz parameter), only
 * `alertId` when that uuid parameter is not NULL: the alerts escalation may chase (src/checkins/escalation.ts).
 */
export const alertsTakingAnswersSql = (at: string, alertId: string) => `
  SELECT a.id FROM alerts a
   WHERE a.state = 'published' AND a.asks_checkin AND ${alertAnswerEndSql} > ${at}::timestamptz
     AND (${alertId}::uuid IS NULL OR a.id = ${alertId}::uuid)`;

export async function loadAlert(db: Db, id: string, lock = false): Promise<AlertRow> {
  const { rows } = await db.query<AlertRow>(`SELECT ${alertColumns} FROM alerts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('alert');
  return rows[0];
}

/** Whether an alert exists (the board and the intake review answer 404 for an unknown one). */
export async function alertExists(db: Db, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM alerts WHERE id = $1', [id]);
  return rows.length > 0;
}

/** What every message of an alert is composed from (src/delivery/compose.ts). */
export interface AlertMessageFields {
  id: string; kind: AlertView['kind']; msg_type: MsgType; sender: string; effective: Date; expires: Date | null;
  area_description: string; infos: InfoInput[]; assistance: AlertInput['assistance'];
}

export async function alertMessageFields(db: Db, id: string): Promise<AlertMessageFields | undefined> {
  const { rows } = await db.query<AlertMessageFields>(
    'SELECT id, kind, msg_type, sender, effective, expires, area_description, infos, assistance FROM alerts WHERE id = $1', [id]);
  return rows[0];
}

/** When the newest public alert was published (feeds' Last-Modified). */
export async function lastPublicAlertAt(db: Db): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(`SELECT max(published_at) AS at FROM alerts WHERE scope = 'Public'`);
  return rows[0]?.at ? new Date(rows[0].at) : null;
}

/** A published public alert as the feeds and CAP read it. */
export interface PublicAlertRow {
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
  assistance: { contacts?: { name?: string; phone?: string; email?: string; website?: string }[] } | null;
  references_id: string | null;
  state: string;
  published_at: Date;
  /** CAP <expires>, computed by the query (see PUBLIC_ALERTS). */
  cap_expires: Date;
  /** When the chain this message belongs to was cancelled, if it was. */
  cancelled_at: Date | null;
  cap_info: { onset?: string; contact?: string } | null;
}

/**
 * Named query: published public alerts (any later state), with their CAP expiry and the time
 * their chain (Alert → Updates → Cancel) was cancelled. Never touches recipients.
 * $1 = hours an open-ended alert stays in force, $2 = FEED_RETENTION_HOURS.
 * A Cancel is stored with an empty area ('{}'): it covers the area of the alert it cancels.
 */
const PUBLIC_ALERTS = `
  WITH RECURSIVE chain AS (
    SELECT id, id AS root FROM alerts WHERE references_id IS NULL
    UNION ALL
    SELECT a.id, c.root FROM alerts a JOIN chain c ON a.references_id = c.id
  ), cancels AS (
    SELECT c.root, min(x.published_at) AS cancelled_at
      FROM chain c JOIN alerts x ON x.id = c.id
     WHERE x.msg_type = 'Cancel' AND x.published_at IS NOT NULL GROUP BY c.root
  ), listed AS (
    SELECT a.id::text, a.kind, a.msg_type, a.status, a.scope, a.categories, a.urgency, a.severity, a.certainty, a.sender,
           a.effective, a.expires, CASE WHEN a.area = '{}'::jsonb THEN coalesce(r.area, a.area) ELSE a.area END AS area,
           a.area_description, a.infos, a.asks_checkin, a.assistance, a.references_id::text, a.state, a.published_at, a.cap_info,
           CASE WHEN a.msg_type = 'Cancel' THEN a.published_at + make_interval(hours => $2::int)
                WHEN a.expires IS NOT NULL THEN a.expires
                ELSE greatest(a.effective, a.published_at) + make_interval(hours => $1::int) END AS cap_expires,
           k.cancelled_at
      FROM alerts a LEFT JOIN alerts r ON r.id = a.references_id
      LEFT JOIN chain c ON c.id = a.id LEFT JOIN cancels k ON k.root = c.root
     WHERE a.published_at IS NOT NULL AND a.scope = 'Public' AND a.state IN ('published', 'updated', 'cancelled')
  )
  SELECT * FROM listed`;

/** How long feeds keep a message: `reviewHours` an open-ended alert stays in force, `retentionHours` a Cancel and an ended message stay listed. */
export interface PublicAlertWindow { reviewHours: number; retentionHours: number }

/** Published public alerts, newest first; `endedAfter`: only those whose chain was not cancelled, and which did not expire, before it. */
export async function listPublicAlertRows(db: Db, window: PublicAlertWindow, opts: { limit?: number; endedAfter?: Date } = {}): Promise<PublicAlertRow[]> {
  const { rows } = await db.query<PublicAlertRow>(
    `${PUBLIC_ALERTS} WHERE $4::timestamptz IS NULL OR least(cancelled_at, cap_expires) > $4::timestamptz
      ORDER BY published_at DESC, id LIMIT $3`,
    [window.reviewHours, window.retentionHours, opts.limit ?? 200, opts.endedAfter ?? null]);
  return rows;
}

export async function getPublicAlertRow(db: Db, window: PublicAlertWindow, id: string): Promise<PublicAlertRow | undefined> {
  const { rows } = await db.query<PublicAlertRow>(`${PUBLIC_ALERTS} WHERE id = $3`, [window.reviewHours, window.retentionHours, id]);
  return rows[0];
}

/** An earlier message of an alert's chain (CAP <references>). */
export interface PublishedAncestor { id: string; publishedAt: Date; urgency: string; severity: string; certainty: string }

/**
 * The earlier published messages of the chain `referencesId` starts, oldest first: one recursive statement
 * (at most 100 links deep, and a cycle stops it) instead of one query per link.
 */
export async function publishedAncestors(db: Db, referencesId: string | null, selfId: string): Promise<PublishedAncestor[]> {
  if (!referencesId) return [];
  const { rows } = await db.query<{ id: string; published_at: Date | null; urgency: string; severity: string; certainty: string }>(
    `WITH RECURSIVE up AS (
       SELECT id, references_id, published_at, urgency, severity, certainty, 1 AS depth, ARRAY[$2::uuid, id] AS seen
         FROM alerts WHERE id = $1
       UNION ALL
       SELECT a.id, a.references_id, a.published_at, a.urgency, a.severity, a.certainty, up.depth + 1, up.seen || a.id
         FROM up JOIN alerts a ON a.id = up.references_id
        WHERE up.depth < 100 AND NOT a.id = ANY(up.seen))
     SELECT id::text, published_at, urgency, severity, certainty FROM up ORDER BY depth DESC`, [referencesId, selfId]);
  return rows.filter((r) => r.published_at)
    .map((r) => ({ id: r.id, publishedAt: new Date(r.published_at!), urgency: r.urgency, severity: r.severity, certainty: r.certainty }));
}
