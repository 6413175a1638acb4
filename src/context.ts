import type { WardenConfig } from './config.js';
import type { Db } from './db/index.js';

/**
 * What every part of a running Warden shares: the database and the parsed configuration. It lives outside
 * src/http so that services, workers and the CLI can take it without importing the HTTP layer.
 */
export interface AppContext {
  db: Db;
  config: WardenConfig;
}
