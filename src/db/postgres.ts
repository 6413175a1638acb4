import pg from 'pg';
import { transactionDb, type Db, type QueryResult, type SqlParam } from './types.js';

// int8 (counts, sums) as JS numbers on both drivers; our int8 values stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export function openPostgres(connection: string | pg.PoolConfig, max = 10): Db & { pool: pg.Pool } {
  const pool = new pg.Pool({ ...(typeof connection === 'string' ? { connectionString: connection } : connection), max });
  // A server restart kills idle clients; without a listener the pool's error would crash the process.
  pool.on('error', () => undefined);
  // A connection that drops while a request holds it emits 'error' on that client: the query in flight
  // rejects (the request fails with 503, see isConnectionLost) and the process goes on.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    kind: 'pg',
    pool,
    query: (sql, params) => runQuery(pool, sql, params),
    exec: async (sql) => { await pool.query(sql); },
    tx: (fn) => transaction(pool, fn),
    close: () => pool.end(),
  };
}

async function runQuery<T>(target: pg.Pool | pg.PoolClient, sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>> {
  const result = await target.query(sql, params as unknown[] | undefined);
  return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
}

async function transaction<T>(pool: pg.Pool, fn: (tx: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const tx = transactionDb('pg', { query: (sql, params) => runQuery(client, sql, params), exec: async (sql) => { await client.query(sql); } });
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(tx);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A failed ROLLBACK means the connection itself is gone: drop it instead of returning it to the pool.
    broken = isConnectionLost(error);
    if (!broken) await client.query('ROLLBACK').catch(() => { broken = true; });
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * The error means the connection or the server went away (dropped socket, terminated backend, server
 * shutting down or starting), not that the statement was wrong: retrying later can succeed.
 */
export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && /^(57P0[1-3]|08\d{3}|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)$/.test(e.code)) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|not queryable/i.test(e.message ?? '');
}
