/**
 * "Something changed on alert X's board": the signal behind the live board (Server-Sent Events).
 *
 * Answers recorded in this process reach local subscribers at once. On PostgreSQL the signal also
 * crosses processes: publish() sends NOTIFY warden_checkins (at most every 250 ms per alert, so a
 * burst of answers costs a handful of notifications, not one per answer) and one dedicated connection
 * LISTENs while anyone is subscribed. PGlite is one process by design, so local signals suffice there.
 * Delivery outcomes (which decide "not reachable") send no signal; the stream also re-reads the board
 * on a timer (pollMs) and sends it only when it changed.
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { Db } from '../db/index.js';

export const changeChannel = 'warden_checkins';

export interface ChangeFeed {
  publish(alertId: string): void;
  subscribe(alertId: string, onChange: () => void): () => void;
  close(): Promise<void>;
}

export function createChangeFeed(db: Db): ChangeFeed {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const pool = (db as Db & { pool?: pg.Pool }).pool;
  const lastNotify = new Map<string, number>();
  let listener: Promise<pg.PoolClient | null> | null = null;
  let subscribers = 0;

  function listen(): void {
    if (!pool || listener) return;
    listener = pool.connect().then(async (client) => {
      client.on('notification', (n) => { if (n.payload) local.emit(n.payload); });
      client.on('error', () => { listener = null; });
      await client.query(`LISTEN ${changeChannel}`);
      return client;
    }).catch(() => { listener = null; return null; });
  }

  async function unlisten(): Promise<void> {
    const pending = listener;
    listener = null;
    const client = await pending;
    if (!client) return;
    await client.query(`UNLISTEN ${changeChannel}`).catch(() => undefined);
    client.release();
  }

  return {
    publish(alertId) {
      local.emit(alertId);
      if (!pool) return;
      const now = Date.now();
      if (now - (lastNotify.get(alertId) ?? 0) < 250) return;
      lastNotify.set(alertId, now);
      if (lastNotify.size > 1000) lastNotify.clear();
      pool.query('SELECT pg_notify($1, $2)', [changeChannel, alertId]).catch(() => undefined);
    },
    subscribe(alertId, onChange) {
      local.on(alertId, onChange);
      subscribers += 1;
      listen();
      return () => {
        local.off(alertId, onChange);
        subscribers -= 1;
        if (subscribers === 0) void unlisten();
      };
    },
    close: () => unlisten(),
  };
}
