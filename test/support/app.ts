import type { LightMyRequestResponse } from 'fastify';
import { createOperator, login } from '../../src/auth/operators.js';
import { systemActor, type Role } from '../../src/auth/roles.js';
import { loadConfig, loadMessagingSettings, type WardenConfig } from '../../src/config.js';
import { testEnvironment } from './env.js';
import type { Db } from '../../src/db/index.js';
import { buildApp, type App } from '../../src/http/app.js';
import { freshDatabase } from './db.js';

export interface TestContext {
  db: Db;
  app: App;
  config: WardenConfig;
  /** Bearer tokens of one operator per role (viewer, editor, approver, admin) plus a second approver. */
  tokens: Record<Role | 'approver2', string>;
  request(method: string, url: string, opts?: { role?: Role | 'approver2'; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const testPassword = 'correct horse battery staple';

/** One app on a fresh database per test file, with an operator of every role. */
export async function createTestContext(overrides: Partial<WardenConfig> = {}): Promise<TestContext> {
  const { db, drop } = await freshDatabase();
  const env = { ...testEnvironment(), WARDEN_PUBLIC_URL: 'http://warden.test' };
  // Messaging settings from the environment tests set before creating the app (SMTP servers, duty addresses);
  // capture is on by default unless the test plays a PostgreSQL deployment (overrides.databaseUrl).
  const messaging = loadMessagingSettings(env, { publicUrl: 'http://warden.test', embedded: !overrides.databaseUrl });
  const config = { ...loadConfig(env), demo: false, secret: 'test-secret-test-secret-test-secret-0123', trustProxy: 1 /* tests play several clients behind one proxy */, messaging, ...overrides };
  const app = await buildApp({ db, config });
  await app.ready();
  const tokens = {} as TestContext['tokens'];
  for (const role of ['viewer', 'editor', 'approver', 'admin', 'approver2'] as const) {
    const email = `${role}@ops.test`;
    await createOperator(db, systemActor('test'), { email, name: role, role: role === 'approver2' ? 'approver' : role, password: testPassword });
    tokens[role] = (await login(db, email, testPassword)).token;
  }
  return {
    db,
    app,
    config,
    tokens,
    request: (method, url, opts = {}) =>
      app.inject({
        method: method as 'GET',
        url,
        payload: opts.body as string | object | undefined,
        headers: { ...(opts.role ? { authorization: `Bearer ${tokens[opts.role]}` } : {}), ...opts.headers },
      }),
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
