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
