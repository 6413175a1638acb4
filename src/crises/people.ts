/**
 * Accountability across a crisis: every member's status is their latest answer to any of its alerts
 * (safe, departed, need help), else "not reachable" when no delivery of any of its alerts got through or
 * could still, else "no answer". "Need help" stays open (help_open) until an operator handles it; a later
 * "need help" opens it again. All set-based: one statement per view over crisis_members.
 * Parameters: $1 crisis id, $2 the crisis's alert ids (uuid[]).
 */
import { lastDeliveriesSql, reachableSql } from '../alerts/recipients.js';
import { lastNeedHelpSql, latestAnswerSql } from '../checkins/across-alerts.js';
import { boardStatuses, type BoardStatus } from '../checkins/schema.js';
import type { Db, SqlParam } from '../db/index.js';
import type { PeopleQuery } from './schema.js';

const peopleSql = `
WITH m AS (SELECT traveller_id, trip_id, joined_at, first_alert_id FROM crisis_members WHERE crisis_id = $1),
la AS (${latestAnswerSql('$2')}),
nh AS (${lastNeedHelpSql('$2')}),
hh AS (SELECT traveller_id, max(up_to_history_id) AS up_to FROM crisis_help_handled WHERE crisis_id = $1 GROUP BY traveller_id)
SELECT m.traveller_id, m.trip_id, m.joined_at, m.first_alert_id, la.alert_id AS answered_alert_id, la.answer, la.answered_at, la.message, la.place,
       la.channel AS answer_channel, la.lat, la.lon,
       (nh.last_help_id IS NOT NULL AND nh.last_help_id > coalesce(hh.up_to, 0)) AS help_open,
       CASE WHEN la.answer IS NOT NULL THEN la.answer WHEN ${reachableSql('$2', 'm.traveller_id')} THEN 'no_answer' ELSE 'unreachable' END AS status
  FROM m
  LEFT JOIN la ON la.traveller_id = m.traveller_id
  LEFT JOIN nh ON nh.traveller_id = m.traveller_id
  LEFT JOIN hh ON hh.traveller_id = m.traveller_id`;

export interface CrisisBoard { total: number; counts: Record<BoardStatus, number>; helpOpen: number }

export async function crisisBoard(db: Db, crisisId: string, alertIds: string[]): Promise<CrisisBoard> {
  const { rows } = await db.query<{ status: BoardStatus; n: number; help: number }>(
    `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE help_open)::int AS help FROM (${peopleSql}) p GROUP BY status`, [crisisId, alertIds]);
  const counts = Object.fromEntries(boardStatuses.map((s) => [s, 0])) as Record<BoardStatus, number>;
  let helpOpen = 0;
  for (const r of rows) { counts[r.status] = r.n; helpOpen += r.help; }
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), counts, helpOpen };
}

export interface Cluster { city: string; lat: number | null; lon: number | null; total: number; counts: Record<BoardStatus, number> }

/** The map: members grouped by their trip's place (one cluster per city, at the mean of its trips' points). */
export async function crisisClusters(db: Db, crisisId: string, alertIds: string[]): Promise<Cluster[]> {
  const { rows } = await db.query<{ city: string; lat: number | null; lon: number | null; total: number } & Record<BoardStatus, number>>(
    `SELECT coalesce(tr.place_name, 'Unknown') AS city, avg(tr.lat) AS lat, avg(tr.lon) AS lon, count(*)::int AS total,
            ${boardStatuses.map((s) => `count(*) FILTER (WHERE p.status = '${s}')::int AS ${s}`).join(', ')}
       FROM (${peopleSql}) p LEFT JOIN trips tr ON tr.id = p.trip_id
      GROUP BY 1 ORDER BY total DESC, city`, [crisisId, alertIds]);
  return rows.map((r) => ({ city: r.city, lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon), total: r.total,
    counts: Object.fromEntries(boardStatuses.map((s) => [s, r[s]])) as Record<BoardStatus, number> }));
}

export interface CrisisPerson {
  travellerId: string; name: string; organisation: string | null; city: string | null; status: BoardStatus; helpOpen: boolean;
  joinedAt: string; answeredAt: string | null; answeredBy: string | null; message: string | null; place: string | null;
  deliveries: { channel: string; state: string; error: string | null; at: string }[];
}

interface PersonRow {
  traveller_id: string; full_name: string; organisation: string | null; city: string | null; status: BoardStatus; help_open: boolean;
  joined_at: Date; answered_at: Date | null; answer_channel: string | null; message: string | null; place: string | null;
  deliveries: { channel: string; state: string; error: string | null; at: string }[];
}

function listFilter(list: PeopleQuery['list'], params: SqlParam[]): string {
  if (list === 'all') return '';
  if (list === 'need_help') return 'WHERE p.help_open';
  params.push(list);
  return `WHERE p.status = $${params.length}`;
}

/** One list of the crisis room, a page at a time (limit null: all, for the CSV), with channels and last delivery state per channel. */
export async function crisisPeople(db: Db, crisisId: string, alertIds: string[], query: Pick<PeopleQuery, 'list' | 'offset'> & { limit: number | null }): Promise<CrisisPerson[]> {
  const params: SqlParam[] = [crisisId, alertIds];
  const where = listFilter(query.list, params);
  const page = query.limit === null ? '' : `LIMIT ${Number(query.limit)} OFFSET ${Number(query.offset)}`;
  const { rows } = await db.query<PersonRow>(
    `SELECT q.*, (${lastDeliveriesSql('$2', 'q.traveller_id')}) AS deliveries FROM (
       SELECT p.traveller_id, t.full_name, t.organisation, tr.place_name AS city, p.status, p.help_open, p.joined_at,
              p.answered_at, p.answer_channel, p.message, p.place
         FROM (${peopleSql}) p JOIN travellers t ON t.id = p.traveller_id LEFT JOIN trips tr ON tr.id = p.trip_id
        ${where}
        ORDER BY array_position(ARRAY['need_help', 'unreachable', 'no_answer', 'departed', 'safe'], p.status), t.full_name, p.traveller_id ${page}) q
      ORDER BY array_position(ARRAY['need_help', 'unreachable', 'no_answer', 'departed', 'safe'], q.status), q.full_name, q.traveller_id`, params);
  return rows.map((r) => ({
    travellerId: r.traveller_id, name: r.full_name, organisation: r.organisation, city: r.city, status: r.status, helpOpen: r.help_open,
    joinedAt: r.joined_at.toISOString(), answeredAt: r.answered_at?.toISOString() ?? null, answeredBy: r.answer_channel, message: r.message, place: r.place,
    deliveries: r.deliveries,
  }));
}

/** A traveller's crisis status (the check-in page and /me): null when they are not a member. */
export async function personStatus(db: Db, crisisId: string, alertIds: string[], travellerId: string): Promise<{ status: BoardStatus; helpOpen: boolean } | null> {
  const { rows } = await db.query<{ status: BoardStatus; help_open: boolean }>(`SELECT status, help_open FROM (${peopleSql}) p WHERE p.traveller_id = $3`, [crisisId, alertIds, travellerId]);
  return rows[0] ? { status: rows[0].status, helpOpen: rows[0].help_open } : null;
}

const csvColumns = ['travellerId', 'name', 'organisation', 'city', 'status', 'helpOpen', 'joinedAt', 'answeredAt', 'answeredBy', 'message', 'place', 'deliveries'] as const;

/** RFC 4180 CSV; cells a spreadsheet would run as a formula get a leading quote. */
export function toCsv<T extends Record<string, unknown>>(columns: readonly (keyof T & string)[], rows: T[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function peopleCsv(people: CrisisPerson[]): string {
  const flat = people.map((p) => ({ ...p, deliveries: p.deliveries.map((d) => `${d.channel}:${d.state}${d.error ? ` (${d.error})` : ''}`).join('; ') }));
  return toCsv(csvColumns, flat);
}
