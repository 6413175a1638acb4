import type { WardenConfig } from './config.js';
import { openDatabase } from './db/index.js';
import { loadDemo } from './demo/load.js';
import { startWorker } from './delivery/worker.js';
import { buildApp } from './http/app.js';

/**
 * `warden start`: the API, the public site and, on the embedded database,
 * one in-process outbox worker (PGlite is single-process; on PostgreSQL run
 * `warden worker` processes as needed, though one in-process worker still runs
 * unless WARDEN_INPROCESS_WORKER=0).
 */
export async function startServer(config: WardenConfig) {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (config.demo) {
    const loaded = await loadDemo(db, { onlyIfEmpty: true });
    if (loaded) {
      console.log(`demo data loaded: ${loaded.travellers} travellers, ${loaded.trips} trips`);
      console.log(`demo operators ${loaded.operators.map((o) => `${o.email} (${o.role})`).join(', ')} — password ${loaded.password} (shown once)`);
    }
  }
  const ctx = { db, config };
  const app = await buildApp(ctx, { logger: true });
  await app.listen({ port: config.port, host: config.host });
  const worker = process.env.WARDEN_INPROCESS_WORKER === '0' ? null : await startWorker(ctx, { log: (m) => app.log.warn(m) }); // through the app's redacting logger
  const shutdown = async () => {
    await worker?.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return { app, db };
}
