import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createOperator } from '../../src/auth/operators.js';
import { systemActor, type Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config.js';
import { testEnvironment } from './env.js';
import type { Db } from '../../src/db/index.js';
import { loadDemo } from '../../src/demo/load.js';
import { buildApp, type App } from '../../src/http/app.js';
import { defaultWebDist, webRoutes } from '../../src/http/web.js';
import { freshDatabase } from './db.js';

export const operatorPassword = 'correct horse battery staple';
/** Operators of the browser tests: two approvers, so one can approve what the other wrote. */
export const webOperators: { email: string; name: string; role: Role }[] = [
  { email: 'viewer@ops.test', name: 'Vera Viewer', role: 'viewer' },
  { email: 'duty@ops.test', name: 'Duty Officer', role: 'editor' },
  { email: 'chief@ops.test', name: 'Consular Chief', role: 'approver' },
  { email: 'deputy@ops.test', name: 'Deputy Chief', role: 'approver' },
  { email: 'admin@ops.test', name: 'Administrator', role: 'admin' },
];

export interface WebServer { app: App; db: Db; url: string; close(): Promise<void> }

/** Builds web/dist when it is missing (CI runs `npm run build:web` first, so this is for local runs). */
export function ensureWebBuild(): void {
  if (existsSync(join(defaultWebDist, 'index.html'))) return;
  execFileSync(process.execPath, [join(process.cwd(), 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}

/** The real app (API + web) on a fresh database with the Baghdad demo data, listening on loopback. */
export async function startWebServer(opts: { travellers?: number; port?: number } = {}): Promise<WebServer> {
  const { db, drop } = await freshDatabase();
  await loadDemo(db, { travellers: opts.travellers ?? 150, operators: false });
  for (const op of webOperators) await createOperator(db, systemActor('test'), { ...op, password: operatorPassword });
  const config = { ...loadConfig(testEnvironment()), demo: false, secret: 'e2e-secret-e2e-secret-e2e-secret-0123456' };
  const app = await buildApp({ db, config });
  // Until src/http/routes.ts registers the web routes itself.
  if (!app.hasRoute({ method: 'GET', url: '/console' })) await webRoutes(app.withTypeProvider(), { db, config });
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const publicUrl = `http://127.0.0.1:${port}`;
  config.publicUrl = publicUrl;
  return { app, db, url: publicUrl, close: async () => { await app.close(); await drop(); } };
}
