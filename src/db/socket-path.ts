import { join } from 'node:path';

/** Where a server shares its embedded database: PostgreSQL's own socket name, so `pg` finds it with host = dataDir. */
export const socketPort = 5432;
export const socketPath = (dataDir: string) => join(dataDir, `.s.PGSQL.${socketPort}`);
