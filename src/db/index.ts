import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { FolderInUse, lockDataFolder, type FolderRole } from './folder-lock.js';
import { migrate } from './migrate.js';
import { socketPath, socketPort } from './socket-path.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export type { Db, QueryResult, SqlParam } from './types.js';
export { migrate } from './migrate.js';
export { FolderInUse } from './folder-lock.js';
export { isConnectionLost } from './postgres.js';

export interface DatabaseOptions { databaseUrl?: string; dataDir?: string; migrate?: boolean }

/** A server's database: on PGlite it owns the folder and can share it with CLI commands over a socket. */
export type ServerDb = Db & { share(): Promise<void> };

/**
 * Opens PostgreSQL when a connection string is given, else the embedded database in dataDir, and migrates it.
 * An embedded folder is locked for this process (see folder-lock.ts) until close().
 */
export async function openDatabase(opts: DatabaseOptions, role: FolderRole = 'command'): Promise<ServerDb> {
  if (opts.databaseUrl) return withMigrations(Object.assign(openPostgres(opts.databaseUrl), { share: async () => undefined }), opts);
  // Loaded only when needed: a CLI command that talks to a running server never pays for PGlite.
  const { openPglite } = await import('./pglite.js');
  if (!opts.dataDir) return withMigrations(Object.assign(await openPglite(), { share: async () => undefined }), opts);
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataFolder(dataDir, role);
  try {
    const db = await openPglite(dataDir);
    let shared: { close(): Promise<void> } | null = null;
    return withMigrations({
      ...db,
      share: async () => { shared ??= await (await import('./pglite-socket.js')).serveOnSocket(db.raw, db.lock, dataDir); },
      close: async () => {
        try {
          await shared?.close();
          await db.close();
        } finally {
          lock.release();
        }
      },
    }, opts);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function withMigrations<T extends Db>(db: T, opts: DatabaseOptions): Promise<T> {
  if (opts.migrate !== false) {
    try { await migrate(db); } catch (error) { await db.close().catch(() => undefined); throw error; }
  }
  return db;
}

/** The server's own database: a second server on the same folder is refused at once (FolderInUse). */
export function openServerDatabase(opts: DatabaseOptions): Promise<ServerDb> {
  return openDatabase(opts, 'server');
}

/**
 * What a CLI command uses. On the embedded database: through the running server's socket when there is one
 * (no second PGlite on the folder), else the folder itself, locked. While another process holds the folder
 * without a socket yet (a server starting, another command), it waits up to `waitMs`, then says who holds it.
 */
export async function openCommandDatabase(opts: DatabaseOptions, waitMs = 60_000): Promise<Db> {
  if (opts.databaseUrl || !opts.dataDir) return openDatabase(opts);
  const dataDir = resolve(opts.dataDir);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const viaServer = existsSync(socketPath(dataDir)) ? await connectToServer(dataDir) : null;
    if (viaServer) return viaServer;
    try {
      return await openDatabase(opts);
    } catch (error) {
      if (!(error instanceof FolderInUse) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The running server's PGlite over its Unix socket (already migrated by the server), or null if none answers. */
async function connectToServer(dataDir: string): Promise<Db | null> {
  const db = openPostgres({ host: dataDir, port: socketPort, user: 'postgres', database: 'postgres' }, 1);
  try {
    await db.query('SELECT 1');
    return db;
  } catch {
    await db.close().catch(() => undefined);
    return null; // a socket file left by a killed server: nobody listens
  }
}
