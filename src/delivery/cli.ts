import type { Command } from 'commander';
import { ensureSecret } from '../config.js';
import { reasonOf, type CliContext, type CommandGroup } from '../cli/context.js';
import { redactingLog } from '../log-redaction.js';
import { startWorker } from './worker.js';

/** The delivery domain's `warden` commands. */
export const deliveryCommands: CommandGroup = (program: Command, ctx: CliContext) => {
  program.command('worker').description('run an outbox worker until SIGTERM/SIGINT (settings: WARDEN_SMTP_*, WARDEN_SMS_*, WARDEN_WEBHOOK_*, WARDEN_VAPID_*, WARDEN_RATE_*, WARDEN_RETRY_*, WARDEN_WORKER_*)')
    .action(async () => {
      try {
        const config = ensureSecret(ctx.config);
        const delivery = config.delivery;
        const channels = ['smtp', 'sms', 'webhook', 'webpush'].filter((c) => delivery[c as 'smtp']);
        if (!channels.length) throw new Error('no channel configured: set WARDEN_SMTP_HOST, WARDEN_SMS_ACCOUNT_SID, WARDEN_WEBHOOK_SECRET or WARDEN_VAPID_* keys');
        const db = await ctx.db();
        const worker = await startWorker({ db, config }, { delivery, log: redactingLog((m) => process.stderr.write(`${new Date().toISOString()} ${m}\n`)) });
        process.stderr.write(`worker started: ${channels.join(', ')}; batch ${delivery.worker.batchSize}, concurrency ${delivery.worker.concurrency}\n`);
        const shutdown = async () => {
          await worker.stop();
          await ctx.close();
          process.stderr.write(`worker stopped: ${JSON.stringify(worker.stats)}\n`);
          process.exit(0);
        };
        process.once('SIGTERM', () => void shutdown());
        process.once('SIGINT', () => void shutdown());
      } catch (error) {
        process.stderr.write(`error: ${reasonOf(error)}\n`);
        await ctx.close();
        process.exit(1);
      }
    });
};
