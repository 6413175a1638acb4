/**
 * The accountability board of one alert: every recipient's status — safe, departed, need help (their
 * current answer), not reachable (every delivery to them failed or bounced, or they have no channel),
 * no answer (the rest) — with counts, counts by escalation round, and (for editors) the people.
 * Filters: city (the trip's place), organisation, channel (people with a delivery on that channel).
 */
import { auditBulkRead } from '../auth/audit.js';
import { maySeePersonalData, type Actor } from '../auth/roles.js';
import { suppressCells, suppressSmall, type ShownCount } from '../auth/small-counts.js';
import type { Db, SqlParam } from '../db/index.js';
import { notFound } from '../errors.js';
import { alertExists } from '../alerts/store.js';
import { boardStatuses, type BoardStatus } from '../vocabulary.js';
import type { BoardQuery } from './schema.js';

export interface BoardPerson {
  travellerId: string; name: string; organisation: string | null; city: string | null; status: BoardStatus; round: number;
  channels: string[]; answeredAt: string | null; answeredBy: string | null; message: string | null; place: string | null; lat: number | null; lon: number | null;
}

export interface Board {
  alertId: string; total: number; counts: Record<BoardStatus, number>; byRound: Record<string, number>; filters: Partial<BoardQuery>;
  people?: BoardPerson[]; nextOffset?: number | null;
}

interface Row {
  traveller_id: string; full_name: string; organisation: string | null; city: string | null; status: BoardStatus; round: number;
  channels: string[] | null; answered_at: Date | null; answer_channel: string | null; message: string | null; place: string | null; lat: number | null; lon: number | null;
}

function peopleSql(query: Pick<BoardQuery, 'city' | 'organisation' | 'channel' | 'status'>, params: SqlParam[]): string {
  const where: string[] = [];
  const add = (value: SqlParam, clause: (p: string) => string) => { params.push(value); where.push(clause(`$${params.length}`)); };
  if (query.city) add(query.city, (p) => `lower(tr.place_name) = lower(${p})`);
  if (query.organisation) add(query.organisation, (p) => `lower(t.organisation) = lower(${p})`);
  if (query.channel) add(query.channel, (p) => `${p} = ANY(dl.channels)`);
  const inner = `SELECT r.traveller_id, t.full_name, t.organisation, tr.place_name AS city, r.round, dl.channels,
        c.answered_at, c.channel AS answer_channel, c.message, c.place, c.lat, c.lon,
        CASE WHEN c.answer IS NOT NULL THEN c.answer WHEN coalesce(dl.reachable, false) THEN 'no_answer' ELSE 'unreachable' END AS status
      FROM alert_recipients r
      JOIN travellers t ON t.id = r.traveller_id
      LEFT JOIN trips tr ON tr.id = r.trip_id
      LEFT JOIN checkins c ON c.alert_id = r.alert_id AND c.traveller_id = r.traveller_id
      -- The alert's deliveries grouped once (a hash join), not a lookup per recipient: 2.8 s → see docs/benchmarks.md at 100,000.
      LEFT JOIN (SELECT d.traveller_id, array_agg(DISTINCT d.channel) AS channels, bool_or(d.state NOT IN ('failed', 'bounced')) AS reachable
                   FROM deliveries d WHERE d.alert_id = $1 GROUP BY d.traveller_id) dl ON dl.traveller_id = r.traveller_id
     WHERE r.alert_id = $1 ${where.map((w) => `AND ${w}`).join(' ')}`;
  if (!query.status) return inner;
  params.push(query.status);
  return `SELECT * FROM (${inner}) p WHERE p.status = $${params.length}`;
}

export async function assertAlert(db: Db, alertId: string): Promise<void> {
  if (!(await alertExists(db, alertId))) throw notFound(`alert ${alertId}`);
}

export async function accountability(db: Db, alertId: string, query: BoardQuery, withPeople: boolean): Promise<Board> {
  await assertAlert(db, alertId);
  const filters = { city: query.city, organisation: query.organisation, channel: query.channel, status: query.status };
  const params: SqlParam[] = [alertId];
  const base = peopleSql(filters, params);
  const { rows } = await db.query<{ status: BoardStatus; round: number; n: number }>(
    `SELECT status, round, count(*)::int AS n FROM (${base}) p GROUP BY status, round`, params);
  const counts = Object.fromEntries(boardStatuses.map((s) => [s, 0])) as Record<BoardStatus, number>;
  const byRound: Record<string, number> = {};
  for (const r of rows) {
    counts[r.status] += r.n;
    byRound[r.round] = (byRound[r.round] ?? 0) + r.n;
  }
  const board: Board = { alertId, total: Object.values(counts).reduce((a, b) => a + b, 0), counts, byRound,
    filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) };
  if (!withPeople) return board;
  const people = await listPeople(db, alertId, query, query.limit + 1, query.offset);
  board.nextOffset = people.length > query.limit ? query.offset + query.limit : null;
  board.people = people.slice(0, query.limit);
  return board;
}

export async function listPeople(db: Db, alertId: string, query: BoardQuery, limit: number | null, offset = 0): Promise<BoardPerson[]> {
  const params: SqlParam[] = [alertId];
  const base = peopleSql(query, params);
  const order = `ORDER BY array_position(ARRAY['need_help', 'unreachable', 'no_answer', 'departed', 'safe'], status), full_name, traveller_id`;
  const page = limit === null ? '' : `LIMIT ${Number(limit)} OFFSET ${Number(offset)}`;
  const { rows } = await db.query<Row>(`SELECT * FROM (${base}) p ${order} ${page}`, params);
  return rows.map((r) => ({
    travellerId: r.traveller_id, name: r.full_name, organisation: r.organisation, city: r.city, status: r.status, round: r.round,
    channels: r.channels ?? [], answeredAt: r.answered_at?.toISOString() ?? null, answeredBy: r.answer_channel, message: r.message,
    place: r.place, lat: r.lat, lon: r.lon,
  }));
}

/** The board's counts as a viewer sees them: small cells suppressed (src/auth/small-counts.ts), no people. */
export interface CountsOnlyBoard {
  alertId: string; total: ShownCount; counts: Record<BoardStatus, ShownCount>; byRound: Record<string, ShownCount>; filters: Partial<BoardQuery>;
}

function suppressBoard(board: Board): CountsOnlyBoard {
  return { alertId: board.alertId, total: suppressSmall(board.total), counts: suppressCells(board.counts, board.total), byRound: suppressCells(board.byRound, board.total), filters: board.filters };
}

const readFilter = (query: BoardQuery) => ({ city: query.city, organisation: query.organisation, channel: query.channel, status: query.status });

/**
 * The board as this actor may see it: with the people (the read audited with its filter and row count) for
 * roles that may see personal data, else counts with small cells suppressed.
 */
export async function boardFor(db: Db, actor: Actor, alertId: string, query: BoardQuery): Promise<Board | CountsOnlyBoard> {
  if (!maySeePersonalData(actor)) return boardCountsFor(db, actor, alertId, query);
  const board = await accountability(db, alertId, query, true);
  await auditBulkRead(db, actor, { action: 'accountability.list', entity: 'alert', entityId: alertId,
    filter: { ...readFilter(query), limit: query.limit, offset: query.offset }, rows: board.people?.length ?? 0 });
  return board;
}

/** Counts only (the live stream): exact for roles that may see the people, small cells suppressed for the others. */
export async function boardCountsFor(db: Db, actor: Actor, alertId: string, query: BoardQuery): Promise<Board | CountsOnlyBoard> {
  const board = await accountability(db, alertId, query, false);
  return maySeePersonalData(actor) ? board : suppressBoard(board);
}

/** The board's people as CSV, every row for the filter; audited with the filter and the row count. */
export async function boardCsvFor(db: Db, actor: Actor, alertId: string, query: BoardQuery): Promise<string> {
  await assertAlert(db, alertId);
  const people = await listPeople(db, alertId, query, null);
  await auditBulkRead(db, actor, { action: 'accountability.csv', entity: 'alert', entityId: alertId, filter: readFilter(query), rows: people.length });
  return boardCsv(people);
}

const csvColumns: (keyof BoardPerson)[] = ['travellerId', 'name', 'organisation', 'city', 'status', 'round', 'channels', 'answeredAt', 'answeredBy', 'message', 'place', 'lat', 'lon'];

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function boardCsv(people: BoardPerson[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [csvColumns.join(','), ...people.map((p) => csvColumns.map((c) => cell(p[c])).join(','))].join('\r\n') + '\r\n';
}
