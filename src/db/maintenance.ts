/**
 * Autovacuum for the embedded database. PGlite runs PostgreSQL in single-user mode, where the autovacuum launcher
 * never starts (`SHOW autovacuum` says on, yet nothing runs): without this, no table is ever analyzed — every plan
 * works from default estimates (reltuples -1, "1000 rows"), which is what once made a check-in scan every recipient —
 * and the dead rows that every delivery's claim and outcome updates leave are never reclaimed, so the outbox only grows.
 *
 * The rule is autovacuum's own, with PostgreSQL 15's default thresholds, read from the same statistics
 * (pg_stat_user_tables, which PGlite keeps): a table is vacuumed when its dead rows, or its rows inserted since the last
 * vacuum, pass base + scale × its rows, and analyzed when its rows changed since the last analyze pass theirs — or when
 * it holds rows but was never analyzed: statistics counters are lost when the process is killed, autovacuum's too.
 * Each table is one statement of its own, so the one connection is released between tables and requests interleave.
 * PostgreSQL itself runs autovacuum; this is for PGlite only (src/runtime.ts registers it there).
 */
import type { Db } from './types.js';

/** PostgreSQL 15's autovacuum defaults: due when the count passes base + scale × the table's rows. */
export const autovacuumThresholds = {
  deadRows: { base: 50, scale: 0.2 }, // autovacuum_vacuum_threshold / _scale_factor
  insertedRows: { base: 1000, scale: 0.2 }, // autovacuum_vacuum_insert_threshold / _scale_factor
  changedRows: { base: 50, scale: 0.1 }, // autovacuum_analyze_threshold / _scale_factor
} as const;

export interface TableActivity {
  /** Schema-qualified and quoted, ready for a statement. */
  table: string;
  rows: number;
  deadRows: number;
  insertedSinceVacuum: number;
  changedSinceAnalyze: number;
  /** Never analyzed (reltuples -1) yet holding pages: after a crash the counters restart at zero, so only this shows it. */
  neverAnalyzed: boolean;
}

export type Upkeep = 'vacuum' | 'analyze';

const past = (count: number, rows: number, t: { base: number; scale: number }) => count > t.base + t.scale * rows;

/** What autovacuum would do to this table now: VACUUM (ANALYZE when also due), ANALYZE, or nothing. */
export function upkeepDue(t: TableActivity): Upkeep | null {
  if (past(t.deadRows, t.rows, autovacuumThresholds.deadRows) || past(t.insertedSinceVacuum, t.rows, autovacuumThresholds.insertedRows)) return 'vacuum';
  if (t.neverAnalyzed || past(t.changedSinceAnalyze, t.rows, autovacuumThresholds.changedRows)) return 'analyze';
  return null;
}

/** One pass over every table of the database: vacuums and analyzes the ones that are due; returns what it did. */
export async function maintainTables(db: Db): Promise<{ table: string; upkeep: Upkeep }[]> {
  const { rows } = await db.query<TableActivity>(
    `SELECT format('%I.%I', s.schemaname, s.relname) AS "table", greatest(s.n_live_tup, c.reltuples)::float8 AS rows,
            n_dead_tup::float8 AS "deadRows", n_ins_since_vacuum::float8 AS "insertedSinceVacuum",
            n_mod_since_analyze::float8 AS "changedSinceAnalyze", c.reltuples < 0 AND pg_relation_size(c.oid) > 0 AS "neverAnalyzed"
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      ORDER BY n_dead_tup + n_mod_since_analyze DESC`);
  const done: { table: string; upkeep: Upkeep }[] = [];
  for (const t of rows) {
    const upkeep = upkeepDue(t);
    if (!upkeep) continue;
    // The name comes from the catalog, quoted by format('%I'); VACUUM cannot take a parameter or run in a transaction.
    await db.exec(upkeep === 'vacuum' ? `VACUUM (ANALYZE) ${t.table}` : `ANALYZE ${t.table}`);
    done.push({ table: t.table, upkeep });
  }
  return done;
}

/**
 * After one write added rows to these tables (table → rows added): ANALYZE each table where that passes autovacuum's
 * analyze threshold against the table's size at its last analyze. Autovacuum would get there in its next round (up to
 * a minute on PostgreSQL, 30 s on PGlite with the pass above) — but right after a publish is when the board is read:
 * with statistics that had not seen the new alert, the planner took its 5,000 recipients for a few rows and the board's
 * counts took 5.3 s instead of 9 ms (bench/growth.ts). Small writes into big tables cost nothing here.
 */
export async function analyzeAfterBulkWrite(db: Db, added: Record<string, number>): Promise<void> {
  const { rows } = await db.query<{ name: string; table: string; rows: number }>(
    `SELECT c.relname AS name, format('%I.%I', n.nspname, c.relname) AS "table", greatest(c.reltuples, 0)::float8 AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = ANY($1::text[]) AND n.nspname = current_schema()`, [Object.keys(added)]);
  for (const t of rows) {
    if (past(added[t.name] ?? 0, t.rows, autovacuumThresholds.changedRows)) await db.exec(`ANALYZE ${t.table}`);
  }
}
