import { mkdirSync } from 'node:fs';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export type { Db, QueryResult, SqlParam } from './types.js';
export { migrate } from './migrate.js';

/** Opens PostgreSQL when a connection string is given, else the embedded database in dataDir, and migrates it. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string; migrate?: boolean }): Promise<Db> {
  let db: Db;
  if (opts.databaseUrl) {
    db = openPostgres(opts.databaseUrl);
  } else {
    if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
    db = await openPglite(opts.dataDir);
  }
  if (opts.migrate !== false) await migrate(db);
  return db;
}
