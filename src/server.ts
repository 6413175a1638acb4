import { resolve } from 'node:path';
import { anchorAuditHead } from './auth/audit-anchor.js';
import type { WardenConfig } from './config.js';
import { openServerDatabase } from './db/index.js';
import { loadDemo } from './demo/load.js';
import { deliveryMode } from './delivery/mailbox.js';
import { buildApp } from './http/app.js';
import { ensureWebBuild } from './http/web-build.js';
import { startDatabaseUpkeep, startWardenRuntime } from './runtime.js';

/** How long SIGTERM waits for requests in flight (and streams) before closing anyway. */
const drainMs = 10_000;

/**
 * `warden start`: the API, the public site and the runtime in-process — the outbox worker and the periodic
 * jobs, the same as `warden worker` (src/runtime.ts); on PostgreSQL run `warden worker` processes as
 * needed, and WARDEN_INPROCESS_WORKER=0 turns the in-process one off.
 * On the embedded database this process owns the data folder: a second server is refused, and CLI
 * commands reach this PGlite through a Unix socket in the folder (src/db/pglite-socket.ts).
 */
export async function startServer(config: WardenConfig) {
  if (config.webBuild) ensureWebBuild();
  const db = await openServerDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (config.demo) {
    const loaded = await loadDemo(db, { onlyIfEmpty: true, played: true });
    if (loaded) {
      console.log(`demo data loaded: ${loaded.travellers} travellers, ${loaded.trips} trips; the security alert of 2020-01-03 published to ${loaded.played!.recipients} people, ${loaded.played!.answered} answers, ${loaded.played!.incidents} intake incident(s)`);
      console.log(`demo operators ${loaded.operators.map((o) => `${o.email} (${o.role})`).join(', ')} — password ${loaded.password} (shown once)`);
    }
  }
  await db.share();
  const ctx = { db, config };
  const app = await buildApp(ctx, { logger: true });
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`Warden is running at ${address} on ${config.databaseUrl ? 'PostgreSQL' : `the embedded database in ${resolve(config.dataDir)}`}`);
  // Through the app's redacting logger. Without the in-process worker, PGlite's upkeep still runs here (src/db/maintenance.ts).
  const worker = config.messaging.inProcessWorker ? startWardenRuntime(ctx, { log: (m) => app.log.warn(m) }) : startDatabaseUpkeep(ctx);
  const mode = deliveryMode(config.messaging, Boolean(config.databaseUrl));
  if (mode.captured.length) console.log(`Messages on ${mode.captured.join(', ')} are captured, not sent: read them in the console's Mailbox (${address}/console/mailbox). Configure a channel (src/delivery/config.ts) to send.`);
  if (mode.refusal) console.log(`Publishing is refused: ${mode.refusal}`);
  const anchor = () => anchorAuditHead(db, config.secret, config.auditAnchor.path).catch((error: unknown) => app.log.warn(`audit anchor not written: ${error instanceof Error ? error.message : String(error)}`));
  await anchor();
  const anchoring = setInterval(anchor, config.auditAnchor.everyMs);
  anchoring.unref();
  let stopping: Promise<void> | null = null;
  const shutdown = () => (stopping ??= (async () => {
    // Stop taking requests and let those in flight finish (bounded: live streams never end by themselves).
    await Promise.race([app.close(), new Promise((r) => setTimeout(r, drainMs).unref())]);
    await worker?.stop();
    clearInterval(anchoring);
    await anchor();
    await db.close();
    process.exit(0);
  })());
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return { app, db };
}
