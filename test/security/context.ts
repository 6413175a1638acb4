import type { LightMyRequestResponse } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createOperator, login } from '../../src/auth/operators.js';
import { systemActor, type Role } from '../../src/auth/roles.js';
import { loadConfig, type WardenConfig } from '../../src/config.js';
import { testEnvironment } from '../support/env.js';
import type { Db } from '../../src/db/index.js';
import { buildApp, type App } from '../../src/http/app.js';
import { travellerPrivacyRoutes } from '../../src/travellers/privacy-routes.js';
import { freshDatabase } from '../support/db.js';
import { testPassword } from '../support/app.js';

export type Who = Role | 'approver2' | 'anonymous';

export interface SecurityContext {
  db: Db;
  app: App;
  config: WardenConfig;
  tokens: Record<Role | 'approver2', string>;
  operatorIds: Record<Role | 'approver2', string>;
  request(method: string, url: string, opts?: { as?: Who; body?: unknown; headers?: Record<string, string>; payload?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * Like test/support/app.ts, plus what the security tests need: a captured log stream, and the
 * privacy routes registered when src/http/routes.ts does not (yet) register them.
 */
export async function createSecurityContext(opts: { logStream?: NodeJS.WritableStream; config?: Partial<WardenConfig> } = {}): Promise<SecurityContext> {
  const { db, drop } = await freshDatabase();
  const config = { ...loadConfig({ ...testEnvironment(), WARDEN_PUBLIC_URL: 'http://warden.test' }), demo: false, secret: 'test-secret-test-secret-test-secret-0123', logLevel: 'info', trustProxy: 1, ...opts.config };
  const app = await buildApp({ db, config }, { logStream: opts.logStream });
  if (!app.hasRoute({ method: 'DELETE', url: '/api/travellers/:id' })) {
    await travellerPrivacyRoutes(app.withTypeProvider<ZodTypeProvider>(), { db, config });
  }
  await app.ready();
  const tokens = {} as SecurityContext['tokens'];
  const operatorIds = {} as SecurityContext['operatorIds'];
  for (const role of ['viewer', 'editor', 'approver', 'admin', 'approver2'] as const) {
    const email = `${role}@ops.test`;
    const op = await createOperator(db, systemActor('test'), { email, name: role, role: role === 'approver2' ? 'approver' : role, password: testPassword });
    operatorIds[role] = op.id;
    tokens[role] = (await login(db, email, testPassword)).token;
  }
  return {
    db, app, config, tokens, operatorIds,
    request: (method, url, o = {}) => app.inject({
      method: method as 'GET',
      url,
      payload: o.payload ?? (o.body as string | object | undefined),
      headers: { ...(o.as && o.as !== 'anonymous' ? { authorization: `Bearer ${tokens[o.as]}` } : {}), ...o.headers },
    }),
    close: async () => { await app.close(); await drop(); },
  };
}
