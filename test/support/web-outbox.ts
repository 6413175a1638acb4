/**
 * The browser tests' delivery side: the same app as web-app.ts, but with its config exposed so an
 * outbox worker can run against the test server's database (same secret, so the check-in links in
 * the e-mails match the hashes frozen at publish), and a worker wired to loopback-only channels —
 * a real SMTP server, the fake SMS provider, and an in-process webhook recorder (the demo's webhook
 * URL is not on this machine, and no request may leave it).
 */
import type { AddressInfo } from 'node:net';
import { createOperator } from '../../src/auth/operators.js';
import { systemActor } from '../../src/auth/roles.js';
import { loadConfig, type WardenConfig } from '../../src/config.js';
import { testEnvironment } from './env.js';
import { loadDemo } from '../../src/demo/load.js';
import { SmsChannel, SmtpChannel } from '../../src/delivery/channels/index.js';
import { sent, type Channel, type OutgoingMessage } from '../../src/delivery/channels/types.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { startWorker, type RunningWorker } from './runtime.js';
import { buildApp } from '../../src/http/app.js';
import { webRoutes } from '../../src/http/web.js';
import { freshDatabase } from './db.js';
import { startFakeSmsProvider, type FakeSmsProvider } from './fake-sms-provider.js';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.js';
import { operatorPassword, webOperators, type WebServer } from './web-app.js';

export interface DeliveringWebServer extends WebServer { config: WardenConfig }

/** startWebServer() of web-app.ts, returning the config too. */
export async function startDeliveringWebServer(opts: { travellers?: number } = {}): Promise<DeliveringWebServer> {
  const { db, drop } = await freshDatabase();
  await loadDemo(db, { travellers: opts.travellers ?? 150, operators: false });
  for (const op of webOperators) await createOperator(db, systemActor('test'), { ...op, password: operatorPassword });
  const config: WardenConfig = { ...loadConfig(testEnvironment()), demo: false, secret: 'e2e-secret-e2e-secret-e2e-secret-0123456' };
  const app = await buildApp({ db, config });
  if (!app.hasRoute({ method: 'GET', url: '/console' })) await webRoutes(app.withTypeProvider(), { db, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  config.publicUrl = `http://127.0.0.1:${port}`;
  return { app, db, config, url: config.publicUrl, close: async () => { await app.close(); await drop(); } };
}

/** Records webhook deliveries in memory and answers "sent". */
class RecordingWebhook implements Channel {
  readonly name = 'webhook' as const;
  readonly messages: OutgoingMessage[] = [];
  async send(msg: OutgoingMessage) { this.messages.push(msg); return sent(`hook-${this.messages.length}`); }
  async close() { /* nothing held */ }
}

export interface TestOutbox { smtp: SmtpTestServer; sms: FakeSmsProvider; webhook: RecordingWebhook; stop(): Promise<void> }

/**
 * Starts loopback channels and one outbox worker (escalation off) against the server's database.
 * `sms` fixes the fake provider's credentials, e.g. to the WARDEN_SMS_* the app was built with, so
 * it can sign inbound replies the app accepts.
 */
export async function startTestOutbox(server: DeliveringWebServer, opts: { sms?: { accountSid: string; authToken: string } } = {}): Promise<TestOutbox> {
  const smtp = await startSmtpTestServer();
  const sms = await startFakeSmsProvider(opts.sms);
  const webhook = new RecordingWebhook();
  let worker: RunningWorker | null = null;
  try {
    const delivery = deliveryConfigFromEnv({
      WARDEN_WORKER_POLL_MS: '20',
      WARDEN_RATE_EMAIL_PER_SEC: '1000', WARDEN_RATE_EMAIL_BURST: '1000',
      WARDEN_RATE_SMS_PER_SEC: '1000', WARDEN_RATE_SMS_BURST: '1000',
      WARDEN_RATE_WEBHOOK_PER_SEC: '1000', WARDEN_RATE_WEBHOOK_BURST: '1000',
    }, server.config.publicUrl);
    worker = await startWorker({ db: server.db, config: server.config }, {
      delivery, escalation: false, log: () => undefined,
      channels: {
        email: new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'alerts@warden.test', messageIdDomain: 'warden.test', maxConnections: 2, maxMessages: 100 }),
        sms: new SmsChannel({ baseUrl: sms.url, accountSid: sms.accountSid, authToken: sms.authToken, from: '+15005550006', timeoutMs: 5000 }),
        webhook,
      },
    });
  } catch (error) {
    await smtp.close();
    await sms.close();
    throw error;
  }
  const running = worker!;
  return { smtp, sms, webhook, stop: async () => { await running.stop(); await smtp.close(); await sms.close(); } };
}
