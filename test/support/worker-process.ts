/**
 * A `warden worker`-like process for fault tests: an outbox worker against WARDEN_TEST_DB_URL
 * sending e-mail to the loopback SMTP server on WARDEN_TEST_SMTP_PORT, settings from WARDEN_* env.
 * Prints "ready" when started; on SIGTERM stops cleanly and prints its stats as one JSON line.
 */
import { loadConfig } from '../../src/config.js';
import { openPostgres } from '../../src/db/postgres.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { startWorker } from './runtime.js';

const db = openPostgres(process.env.WARDEN_TEST_DB_URL!, 4);
const config = { ...loadConfig(process.env), publicUrl: 'http://warden.test', secret: process.env.WARDEN_SECRET! };
const delivery = deliveryConfigFromEnv({ ...process.env, WARDEN_SMTP_HOST: '127.0.0.1', WARDEN_SMTP_PORT: process.env.WARDEN_TEST_SMTP_PORT }, config.publicUrl);
const worker = await startWorker({ db, config }, { delivery });
process.stdout.write('ready\n');
process.once('SIGTERM', async () => {
  await worker.stop();
  await db.close();
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ ...worker.stats, maxRssKb: process.resourceUsage().maxRSS, cpuUs: cpu.user + cpu.system })}\n`);
  process.exit(0);
});
