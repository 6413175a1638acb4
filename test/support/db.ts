import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, type Db } from '../../src/db/index.js';
import { listMigrations } from '../../src/db/migrate.js';
import { openPglite, wrapPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

/** Which backend the suite runs on: PostgreSQL when DATABASE_URL is set (CI runs both). */
export const backend: 'pg' | 'pglite' = process.env.DATABASE_URL ? 'pg' : 'pglite';

const schemaKey = createHash('sha256').update(listMigrations().map((m) => m.checksum).join()).digest('hex').slice(0, 12);

/**
 * A fresh, migrated, empty database for one test file. On PostgreSQL each file gets
 * its own database cloned from a migrated template; on PGlite each file loads a
 * cached dump of a migrated database (cold start + migrations once per schema version).
 */
export async function freshDatabase(): Promise<{ db: Db; drop: () => Promise<void>; url?: string }> {
  return backend === 'pg' ? freshPostgres(process.env.DATABASE_URL!) : freshPglite();
}

async function freshPglite() {
  const dumpPath = join(tmpdir(), `warden-pglite-${schemaKey}.tgz`);
  if (!existsSync(dumpPath)) {
    const db = (await openPglite()) as ReturnType<typeof wrapPglite>;
    await migrate(db);
    const dump = await db.raw.dumpDataDir('gzip');
    const partial = `${dumpPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, dumpPath); // atomic: concurrent test files never read half a dump
    await db.close();
  }
  const db = await openPglite(undefined, new Blob([readFileSync(dumpPath)]));
  await migrate(db);
  return { db, drop: () => db.close() };
}

async function freshPostgres(adminUrl: string) {
  const template = `warden_tpl_${schemaKey}`;
  const name = `warden_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(7201003)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!exists.rowCount) {
      await admin.query(`CREATE DATABASE ${template}`);
      const tdb = openPostgres(withDatabase(adminUrl, template), 1);
      await migrate(tdb);
      await tdb.close();
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(7201003)').catch(() => undefined);
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = openPostgres(url, 5);
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Row counts of the given tables, to assert that a refused request wrote nothing. */
export async function countRows(db: Db, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  return counts;
}
