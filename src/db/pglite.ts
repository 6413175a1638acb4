import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { SessionLock } from './session-lock.js';
import { transactionDb, type Db, type QueryResult, type SqlParam } from './types.js';

const extensions = { cube, earthdistance, pg_trgm, unaccent };

/**
 * PostgreSQL's memory settings inside PGlite's WebAssembly heap, which never shrinks: whatever a buffer or a sort
 * touches once stays resident for the life of the process. Measured at 100,000 recipients (docs/benchmarks.md):
 * PGlite's default of 128MB shared buffers peaked at 510-525 MB; 64MB at 458 MB with the same CPU per message sent
 * (200 µs) and publish; 32MB and 16MB saved 55 and 65 MB more but cost 11 % and 20-40 % more CPU per message (the
 * pages they no longer cache are read back from the operating system's page cache, a system call each).
 * maintenance_work_mem bounds a migration's index builds the same way.
 */
const memorySettings = ['shared_buffers=64MB', 'maintenance_work_mem=16MB', 'temp_buffers=2MB'];
const startParams = [...PGlite.defaultStartParams, ...memorySettings.flatMap((s) => ['-c', s])];
// Written into a new folder's postgresql.conf too, so initdb's own bootstrap uses them.
const initDbStartParams = memorySettings.flatMap((s) => ['-c', s]);

/** Opens the embedded database in dataDir (a folder), or in memory when dataDir is undefined. */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db & { raw: PGlite; lock: SessionLock }> {
  if (dataDir && !loadDataDir && !existsSync(join(dataDir, 'PG_VERSION'))) await initdbInChild(dataDir);
  const pg = new PGlite({ dataDir, loadDataDir, extensions, startParams, initDbStartParams });
  await pg.waitReady;
  return wrapPglite(pg);
}

/**
 * Creates a new data folder in a short-lived child process. PGlite's initdb runs a second PostgreSQL instance and
 * initdb's own WebAssembly module beside the first, ~500 MB that would otherwise stay in this process (as garbage
 * until a full collection, and as a fragmented malloc heap after it); in a child it is returned when the child exits.
 */
async function initdbInChild(dataDir: string): Promise<void> {
  const code = `const { PGlite } = await import(process.argv[1]);
    const pg = new PGlite({ dataDir: process.argv[2], startParams: JSON.parse(process.argv[3]), initDbStartParams: JSON.parse(process.argv[4]) });
    await pg.waitReady; await pg.close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code, import.meta.resolve('@electric-sql/pglite'), dataDir,
    JSON.stringify(startParams), JSON.stringify(initDbStartParams)]);
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
