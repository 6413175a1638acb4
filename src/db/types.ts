/**
 * The one database handle every service takes. Two drivers implement it
 * (embedded PGlite and a PostgreSQL pool) over the same SQL dialect, so
 * services never know which one they run on.
 */
export type SqlParam = string | number | boolean | null | Date | string[] | number[] | Buffer | object;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Db {
  readonly kind: 'pglite' | 'pg';
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction; commits if it resolves, rolls back if it throws. Nested calls reuse the outer transaction. */
  tx<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The handle of an open transaction, for either driver: its statements run on the transaction's connection,
 * a nested tx() joins it (no savepoint), and close() is left to whoever opened it.
 */
export function transactionDb(kind: Db['kind'], connection: Pick<Db, 'query' | 'exec'>): Db {
  const db: Db = { kind, query: connection.query, exec: connection.exec, tx: (fn) => fn(db), close: async () => undefined };
  return db;
}
