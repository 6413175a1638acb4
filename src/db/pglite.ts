import { PGlite, type Transaction } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { Db, QueryResult, SqlParam } from './types.js';

const extensions = { cube, earthdistance, pg_trgm, unaccent };

/** Opens the embedded database in dataDir (a folder), or in memory when dataDir is undefined. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  const pg = new PGlite({ dataDir, loadDataDir, extensions });
  await pg.waitReady;
  return wrapPglite(pg);
}

export function wrapPglite(pg: PGlite): Db & { raw: PGlite } {
  return {
    kind: 'pglite',
    raw: pg,
    query: (sql, params) => runQuery(pg, sql, params),
    exec: async (sql) => { await pg.exec(sql); },
    tx: (fn) => pg.transaction((t) => fn(wrapTransaction(t))),
    close: () => pg.close(),
  };
}

function wrapTransaction(t: Transaction): Db {
  const db: Db = {
    kind: 'pglite',
    query: (sql, params) => runQuery(t, sql, params),
    exec: async (sql) => { await t.exec(sql); },
    tx: (fn) => fn(db),
    close: async () => undefined,
  };
  return db;
}

async function runQuery<T>(target: PGlite | Transaction, sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>> {
  const result = await target.query<T>(sql, params ? [...params] : undefined);
  // affectedRows is 0 for SELECT on PGlite; pg's rowCount counts selected rows too. Make both mean the same.
  return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
}
