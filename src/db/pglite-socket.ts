/**
 * Shares the server's PGlite with CLI commands: a PostgreSQL-protocol Unix socket inside the data
 * folder (`<dataDir>/.s.PGSQL.5432`, so `pg` connects with host = dataDir, port = 5432). The framing
 * is @electric-sql/pglite-socket's; the queue is ours, so that a client holds the session lock
 * (see session-lock.ts) from the first message of an exchange until PGlite is idle again
 * (after a Sync or a simple Query, outside a transaction). The server's own queries take the same lock.
 */
import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import type { SessionLock } from './session-lock.js';
import { socketPath } from './socket-path.js';

/** Frontend message types after which PGlite answers ReadyForQuery: an exchange may end there. */
const exchangeEnds = new Set([0x51 /* Query */, 0x53 /* Sync */, 0x58 /* Terminate */, 0x00 /* startup */]);

/** The queue interface PGLiteSocketHandler calls (its own QueryQueueManager, minus the interleaving). */
function sessionQueue(db: PGlite, lock: SessionLock) {
  return {
    async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
      await lock.acquire(handlerId);
      let bytes = 0;
      try {
        await db.execProtocolRawStream(message, { onRawData: (data) => { bytes += data.length; onData(data); } });
      } catch (error) {
        if (!db.isInTransaction()) lock.release(handlerId);
        throw error;
      }
      if (exchangeEnds.has(message[0]!) && !db.isInTransaction()) lock.release(handlerId);
      return bytes;
    },
    clearQueueForHandler(handlerId: number): void {
      lock.forget(handlerId, new Error('client disconnected'));
    },
    /** A client that went away mid-transaction: roll it back before anyone else runs. */
    async clearTransactionIfNeeded(handlerId: number): Promise<void> {
      if (!lock.holds(handlerId)) return;
      try {
        if (db.isInTransaction()) await db.exec('ROLLBACK');
      } finally {
        lock.release(handlerId);
      }
    },
  };
}

export interface SharedSocket { path: string; close(): Promise<void> }

export async function serveOnSocket(db: PGlite, lock: SessionLock, dataDir: string, maxConnections = 10): Promise<SharedSocket> {
  const path = socketPath(dataDir);
  rmSync(path, { force: true }); // left by a server that was killed; the folder lock says it is dead
  const queryQueue = sessionQueue(db, lock) as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket: Socket) => {
    if (handlers.size >= maxConnections) { socket.end(); return; }
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    void handler.attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => { server.off('error', reject); resolve(); });
  });
  return {
    path,
    close: async () => {
      await Promise.all([...handlers].map((h) => h.detach(true)));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(path, { force: true });
    },
  };
}
