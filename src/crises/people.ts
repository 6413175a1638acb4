/**
 * Accountability across a crisis: every member's status is their latest answer to any of its alerts
 * (safe, departed, need help), else "not reachable" when no delivery of any of its alerts got through or
 * could still, else "no answer". "Need help" stays open (help_open) until an operator handles it; a later
 * "need help" opens it again. crisis_members holds each member's latest answer and reachability (kept by
 * triggers, see migration 0018), so every view is one scan of the crisis's members.
 * Parameters: $1 crisis id, $2 the crisis's alert ids (uuid[]; the delivery states of the lists).
 */
import { lastDeliveriesSql } from '../delivery/by-alert.js';
import { boardStatuses, type BoardStatus } from '../vocabulary.js';
import type { Db, SqlParam } from '../db/index.js';
import type { PeopleQuery } from './schema.js';

const statusSql = `CASE WHEN m.answer IS NOT NULL THEN m.answer WHEN m.reachable THEN 'no_answer' ELSE 'unreachable' END`;
const helpOpenSql = `(m.last_help_id IS NOT NULL AND m.last_help_id > coalesce((SELECT max(h.up_to_history_id) FROM crisis_help_handled h
  WHERE h.crisis_id = m.crisis_id AND h.traveller_id = m.traveller_id), 0))`;

const peopleSql = (where = '') => `
SELECT m.crisis_id, m.traveller_id, m.city, m.joined_at, m.answered_at, m.answer_history_id, m.last_help_id, ${statusSql} AS status
  FROM crisis_members m WHERE m.crisis_id = $1 ${where}`;

export interface CrisisBoard { total: number; counts: Record<BoardStatus, number>; helpOpen: number }

export async function crisisBoard(db: Db, crisisId: string): Promise<CrisisBoard> {
  const { rows } = await db.query<{ status: BoardStatus; n: number; help: number }>(
    `SELECT ${statusSql} AS status, count(*)::int AS n, count(*) FILTER (WHERE m.last_help_id IS NOT NULL AND ${helpOpenSql})::int AS help
       FROM crisis_members m WHERE m.crisis_id = $1 GROUP BY 1`, [crisisId]);
  const counts = Object.fromEntries(boardStatuses.map((s) => [s, 0])) as Record<BoardStatus, number>;
  let helpOpen = 0;
  for (const r of rows) { counts[r.status] = r.n; helpOpen += r.help; }
  return { total: Object.values(counts).reduce((a, b) => a + b, 0), counts, helpOpen };
}

export interface Cluster { city: string; lat: number | null; lon: number | null; total: number; counts: Record<BoardStatus, number> }

/** The map: members grouped by their trip's place (one cluster per city, at the mean of its trips' points). */
export async function crisisClusters(db: Db, crisisId: string): Promise<Cluster[]> {
  const { rows } = await db.query<{ city: string; lat: number | null; lon: number | null; total: number } & Record<BoardStatus, number>>(
    `SELECT coalesce(p.city, 'Unknown') AS city, avg(p.lat) AS lat, avg(p.lon) AS lon, count(*)::int AS total,
            ${boardStatuses.map((s) => `count(*) FILTER (WHERE p.status = '${s}')::int AS ${s}`).join(', ')}
       FROM (SELECT m.city, m.lat, m.lon, ${statusSql} AS status FROM crisis_members m WHERE m.crisis_id = $1) p
      GROUP BY 1 ORDER BY total DESC, city`, [crisisId]);
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
  // The list's own conditions on the members table, so an index scan of the crisis's members serves it.
  if (list === 'need_help') return 'AND m.last_help_id IS NOT NULL AND ' + helpOpenSql;
  const column = { no_answer: 'm.answer IS NULL AND m.reachable', unreachable: 'm.answer IS NULL AND NOT m.reachable' } as Record<string, string>;
  if (column[list]) return `AND ${column[list]}`;
  params.push(list);
  return `AND m.answer = $${params.length}`;
}

/** One list of the crisis room, a page at a time (limit null: all, for the CSV), with channels and last delivery state per channel. */
export async function crisisPeople(db: Db, crisisId: string, alertIds: string[], query: Pick<PeopleQuery, 'list' | 'offset'> & { limit: number | null }): Promise<CrisisPerson[]> {
  const params: SqlParam[] = [crisisId, alertIds];
  const where = listFilter(query.list, params);
  const page = query.limit === null ? '' : `LIMIT ${Number(query.limit)} OFFSET ${Number(query.offset)}`;
  const { rows } = await db.query<PersonRow>(
    `SELECT q.traveller_id, q.full_name, q.organisation, q.city, q.status, q.joined_at, q.answered_at,
            c.channel AS answer_channel, c.message, c.place, ${helpOpenSql.replaceAll('m.', 'q.')} AS help_open,
            (${lastDeliveriesSql('$2', 'q.traveller_id')}) AS deliveries FROM (
       SELECT p.*, t.full_name, t.organisation
         FROM (${peopleSql(where)}) p JOIN travellers t ON t.id = p.traveller_id
        ORDER BY array_position(ARRAY['need_help', 'unreachable', 'no_answer', 'departed', 'safe'], p.status), t.full_name, p.traveller_id ${page}) q
      LEFT JOIN checkin_history c ON c.id = q.answer_history_id
      ORDER BY array_position(ARRAY['need_help', 'unreachable', 'no_answer', 'departed', 'safe'], q.status), q.full_name, q.traveller_id`, params);
  return rows.map((r) => ({
    travellerId: r.traveller_id, name: r.full_name, organisation: r.organisation, city: r.city, status: r.status, helpOpen: r.help_open,
    joinedAt: r.joined_at.toISOString(), answeredAt: r.answered_at?.toISOString() ?? null, answeredBy: r.answer_channel, message: r.message, place: r.place,
    deliveries: r.deliveries,
  }));
}

/** A traveller's crisis status (the check-in page and /me): null when they are not a member. */
export async function personStatus(db: Db, crisisId: string, travellerId: string): Promise<{ status: BoardStatus; helpOpen: boolean } | null> {
  const { rows } = await db.query<{ status: BoardStatus; help_open: boolean }>(`SELECT p.status, ${helpOpenSql.replaceAll('m.', 'p.')} AS help_open FROM (${peopleSql('AND m.traveller_id = $2')}) p`, [crisisId, travellerId]);
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
