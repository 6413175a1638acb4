/**
 * Recording answers. One statement per answer: find the recipient (by check-in number, or by alert and
 * traveller for replies), append to checkin_history, upsert the current answer, and queue the duty
 * officers' notices of a "need help" in the outbox (one row per officer's address: duty.ts) — so an answer
 * and its notices are either wholly stored or not at all.
 * Racing answers (the same person by SMS and by link at once) both land in the history; the one with
 * the higher history id stays current, without an error.
 */
import { alertAnswerEndSql } from '../alerts/store.js';
import type { Db } from '../db/index.js';
import type { DutyTarget } from './duty.js';
import type { Answer, AnswerChannel, CheckinInput } from './schema.js';

/** How long after its alert a link still works: the alert's answer end plus the grace period. */
export const linkExpirySql = (graceParam: string) =>
  `${alertAnswerEndSql} + ${graceParam}::float8 * interval '1 hour'`;

export interface Recorded {
  historyId: number; alertId: string; travellerId: string; answer: Answer; answeredAt: Date;
}

export type TokenLookup =
  | { state: 'valid'; alertId: string; travellerId: string; language: string; headline: string; current: { answer: Answer; answeredAt: Date } | null }
  | { state: 'expired' }
  | { state: 'unknown' };

interface AnswerFields { answer: Answer; message?: string | null; place?: string | null; lat?: number | null; lon?: number | null }

/**
 * The write, for a set of answers at once (jsonb rows with an ordinal n): `target` yields
 * (n, alert_id, traveller_id, answer, message, lat, lon, place, channel) for the rows whose recipient exists.
 * A set never holds the same recipient twice (the caller splits them), since one upsert cannot touch a row twice;
 * rows are written in (alert, traveller) order so that concurrent sets lock in the same order (no deadlock).
 */
function writeSql(target: string, dutyParam: string): string {
  return `WITH i AS (
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(n int, checkin_no bigint, alert_id uuid, traveller_id uuid, answer text, message text, lat float8, lon float8, place text, channel text, answered_at timestamptz)
   ), r AS (${target}),
   h AS (
     INSERT INTO checkin_history (alert_id, traveller_id, answer, message, lat, lon, place, channel, answered_at)
     SELECT r.alert_id, r.traveller_id, r.answer, r.message, r.lat, r.lon, r.place, r.channel, r.answered_at FROM r ORDER BY r.alert_id, r.traveller_id
     RETURNING id, alert_id, traveller_id, answer, message, lat, lon, place, channel, answered_at
   ), c AS (
     INSERT INTO checkins (alert_id, traveller_id, history_id, answer, message, lat, lon, place, channel, answered_at)
     SELECT alert_id, traveller_id, id, answer, message, lat, lon, place, channel, answered_at FROM h ORDER BY alert_id, traveller_id
     ON CONFLICT (alert_id, traveller_id) DO UPDATE SET history_id = EXCLUDED.history_id, answer = EXCLUDED.answer,
        message = EXCLUDED.message, lat = EXCLUDED.lat, lon = EXCLUDED.lon, place = EXCLUDED.place,
        channel = EXCLUDED.channel, answered_at = EXCLUDED.answered_at
      WHERE checkins.history_id < EXCLUDED.history_id
   ), d AS (
     INSERT INTO deliveries (kind, channel, address, content, dedupe_key)
     SELECT 'duty', t.channel, t.address, jsonb_build_object('historyId', h.id), 'duty:' || h.id || ':' || t.channel || ':' || t.address
       FROM h CROSS JOIN jsonb_to_recordset(${dutyParam}::jsonb) AS t(channel text, address text) WHERE h.answer = 'need_help'
   )
   SELECT r.n, h.id AS history_id, h.alert_id, h.traveller_id, h.answer, h.answered_at
     FROM h JOIN r ON r.alert_id = h.alert_id AND r.traveller_id = h.traveller_id`;
}

// The numbers also come as an array ($3): the planner knows how many rows it is looking for and takes the
// checkin_no index; joining the jsonb rows alone (estimated at 100 rows) gave a scan of every recipient on PGlite.
const byToken = writeSql(`SELECT i.n, r.alert_id, r.traveller_id, i.answer, i.message, i.lat, i.lon, i.place, i.channel, now() AS answered_at
   FROM alert_recipients r JOIN i ON i.checkin_no = r.checkin_no JOIN alerts a ON a.id = r.alert_id
  WHERE r.checkin_no = ANY($3::bigint[]) AND ${linkExpirySql('$2')} > now()`, '$4');
const byPerson = writeSql(`SELECT i.n, r.alert_id, r.traveller_id, i.answer, i.message, i.lat, i.lon, i.place, i.channel, coalesce(i.answered_at, now()) AS answered_at
   FROM i JOIN alert_recipients r ON r.alert_id = i.alert_id AND r.traveller_id = i.traveller_id`, '$2');

interface Row { n: number; history_id: number | string; alert_id: string; traveller_id: string; answer: Answer; answered_at: Date }

function present(row: Row): Recorded {
  return { historyId: Number(row.history_id), alertId: row.alert_id, travellerId: row.traveller_id, answer: row.answer, answeredAt: row.answered_at };
}

const fieldsOf = (f: AnswerFields) => ({ answer: f.answer, message: f.message ?? null, lat: f.lat ?? null, lon: f.lon ?? null, place: f.place ?? null });

/**
 * Records answers given through personal links, many in one statement (one commit); each result is
 * null when its token is unknown or expired (nothing written for it). Tokens must be distinct.
 */
export async function answerManyByToken(db: Db, items: { checkinNo: string; input: CheckinInput }[], graceHours: number, duty: DutyTarget[]): Promise<(Recorded | null)[]> {
  const rows = items.map((item, n) => ({ n, checkin_no: item.checkinNo, channel: 'link', ...fieldsOf(item.input) }));
  const result = await db.query<Row>(byToken, [JSON.stringify(rows), graceHours, items.map((item) => item.checkinNo), JSON.stringify(duty)]);
  const out: (Recorded | null)[] = items.map(() => null);
  for (const row of result.rows) out[row.n] = present(row);
  return out;
}

/** Records an answer for a known recipient (replies matched by sender). */
export async function answerAsRecipient(db: Db, alertId: string, travellerId: string, fields: AnswerFields, channel: AnswerChannel, duty: DutyTarget[]): Promise<Recorded | null> {
  return (await answerManyAsRecipients(db, [{ alertId, travellerId, fields, channel }], duty))[0] ?? null;
}

/**
 * Many answers of known recipients in one statement. The demo replays the model case's answers this way,
 * each at its time that morning (answeredAt); without it an answer is recorded now.
 */
export async function answerManyAsRecipients(db: Db, items: { alertId: string; travellerId: string; fields: AnswerFields; channel: AnswerChannel; answeredAt?: string }[], duty: DutyTarget[]): Promise<Recorded[]> {
  if (!items.length) return [];
  const rows = items.map((item, n) => ({ n, alert_id: item.alertId, traveller_id: item.travellerId, channel: item.channel, answered_at: item.answeredAt ?? null, ...fieldsOf(item.fields) }));
  const result = await db.query<Row>(byPerson, [JSON.stringify(rows), JSON.stringify(duty)]);
  return result.rows.map(present);
}

/** What a token opens: the recipient and their current answer, or why not. */
export async function lookupToken(db: Db, checkinNo: string, graceHours: number): Promise<TokenLookup> {
  const { rows } = await db.query<{ alert_id: string; traveller_id: string; language: string; infos: { language: string; headline: string }[]; valid: boolean; answer: Answer | null; answered_at: Date | null }>(
    `SELECT r.alert_id, r.traveller_id, t.language, a.infos, ${linkExpirySql('$2')} > now() AS valid, c.answer, c.answered_at
       FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id JOIN travellers t ON t.id = r.traveller_id
       LEFT JOIN checkins c ON c.alert_id = r.alert_id AND c.traveller_id = r.traveller_id
      WHERE r.checkin_no = $1`, [checkinNo, graceHours]);
  const row = rows[0];
  if (!row) return { state: 'unknown' };
  if (!row.valid) return { state: 'expired' };
  const info = row.infos.find((i) => i.language === row.language) ?? row.infos[0]!;
  return { state: 'valid', alertId: row.alert_id, travellerId: row.traveller_id, language: row.language, headline: info.headline,
    current: row.answer && row.answered_at ? { answer: row.answer, answeredAt: row.answered_at } : null };
}

export interface ReplyTarget { alertId: string; travellerId: string; language: string }

/**
 * The person a reply comes from and their latest published alert still open for answers.
 * Several people sharing the sender's phone → 'ambiguous' (we do not answer for a whole family).
 */
export async function findReplyTarget(db: Db, channel: 'sms' | 'email', address: string, graceHours: number): Promise<ReplyTarget | 'none' | 'ambiguous'> {
  const { rows } = await db.query<{ alert_id: string; traveller_id: string; language: string }>(
    `SELECT DISTINCT ON (c.traveller_id) r.alert_id, r.traveller_id, t.language
       FROM contact_points c
       JOIN travellers t ON t.id = c.traveller_id
       JOIN alert_recipients r ON r.traveller_id = c.traveller_id
       JOIN alerts a ON a.id = r.alert_id
      WHERE c.channel = $1 AND c.address = $2 AND a.asks_checkin AND a.state IN ('published', 'updated')
        AND ${linkExpirySql('$3')} > now()
      ORDER BY c.traveller_id, a.published_at DESC
      LIMIT 2`, [channel, address, graceHours]);
  if (!rows.length) return 'none';
  if (rows.length > 1) return 'ambiguous';
  return { alertId: rows[0]!.alert_id, travellerId: rows[0]!.traveller_id, language: rows[0]!.language };
}
