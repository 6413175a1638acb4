import { PGlite, type Transaction } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { SessionLock } from './session-lock.js';
import { transactionDb, type Db, type QueryResult, type SqlParam } from './types.js';

const extensions = { cube, earthdistance, pg_trgm, unaccent };

/** Opens the embedded database in dataDir (a folder), or in memory when dataDir is undefined. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db & { raw: PGlite; lock: SessionLock }> {
  const pg = new PGlite({ dataDir, loadDataDir, extensions });
  await pg.waitReady;
  return wrapPglite(pg);
}

/**
 * The handle over one PGlite. Every statement and transaction holds `lock`, which the shared
 * socket's clients (src/db/pglite-socket.ts) hold too, so in-process work and CLI commands never interleave.
 */
export function wrapPglite(pg: PGlite, lock = new SessionLock()): Db & { raw: PGlite; lock: SessionLock } {
  return {
    kind: 'pglite',
    raw: pg,
    lock,
    query: (sql, params) => lock.run(() => runQuery(pg, sql, params)),
    exec: (sql) => lock.run(async () => { await pg.exec(sql); }),
    tx: (fn) => lock.run(() => pg.transaction((t) => fn(wrapTransaction(t)))),
    close: () => pg.close(),
  };
}

function wrapTransaction(t: Transaction): Db {
  return transactionDb('pglite', { query: (sql, params) => runQuery(t, sql, params), exec: async (sql) => { await t.exec(sql); } });
}

async function runQuery<T>(target: PGlite | Transaction, sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>> {
  const result = await target.query<T>(sql, params ? [...params] : undefined);
  // affectedRows is 0 for SELECT on PGlite; pg's rowCount counts selected rows too. Make both mean the same.
  return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
}
