/**
 * Configuration comes only from the environment (never from files in the repo),
 * so secrets stay out of version control. Every knob has a documented default.
 */
export interface WardenConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent Warden runs on embedded PGlite. */
  databaseUrl?: string;
  /** Folder for the embedded database. */
  dataDir: string;
  /** Base URL used in links sent to travellers (check-in links, unsubscribe). */
  publicUrl: string;
  logLevel: string;
  /** Load the Baghdad model case into an empty database at start. */
  demo: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): WardenConfig {
  const port = Number(env.PORT ?? 8080);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.WARDEN_DATA_DIR ?? './data',
    publicUrl: (env.WARDEN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    demo: env.WARDEN_DEMO !== '0',
  };
}
