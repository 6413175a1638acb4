import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The ordered migrations: files named NNNN_description.sql, applied in name order. */
export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((name) => {
      const sql = readFileSync(migrationsDir + name, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies every migration not yet applied, all of them in ONE transaction: an upgrade is all or nothing, so
 * a migration that fails leaves the database exactly at the schema the previous release runs on (never
 * half-way between two releases, with some of a release's migrations applied and the rest not). The
 * transaction-scoped advisory lock is held for the whole run, so concurrent starters (several workers
 * against one PostgreSQL) wait and then find nothing left to apply. Idempotent: running it again applies
 * nothing. A changed checksum of an applied migration is refused: migrations are append-only
 * (src/db/migrations/README.md says which numbers are missing and which files were edited early on).
 */
export async function migrate(db: Db): Promise<string[]> {
  return db.tx(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7201001)');
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Map(
      (await tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows.map((r) => [r.name, r.checksum]),
    );
    const done: string[] = [];
    for (const migration of listMigrations()) {
      const checksum = applied.get(migration.name);
      if (checksum === migration.checksum) continue;
      if (checksum) throw new Error(`migration ${migration.name} was changed after it was applied`);
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
      done.push(migration.name);
    }
    return done;
  });
}
