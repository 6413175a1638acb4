import type { Command } from 'commander';
import { ensureSecret } from '../config.js';
import { configuredChannels } from '../delivery/mailbox.js';
import { redactingLog } from '../log-redaction.js';
import { startWardenRuntime } from '../runtime.js';
import { reasonOf, type CliContext, type CommandGroup } from './context.js';

/** `warden worker`: the same runtime as the one `warden start` runs in-process (src/runtime.ts). */
export const workerCommands: CommandGroup = (program: Command, ctx: CliContext) => {
  program.command('worker').description('run the outbox worker and the periodic jobs until SIGTERM/SIGINT (settings: src/config.ts, messaging)')
    .action(async () => {
      try {
        const config = ensureSecret(ctx.config);
        const { delivery } = config.messaging;
        const channels = configuredChannels(config.messaging);
        if (!channels.length) throw new Error('no channel configured: set WARDEN_SMTP_HOST, WARDEN_SMS_ACCOUNT_SID, WARDEN_WEBHOOK_SECRET or WARDEN_VAPID_* keys');
        const db = await ctx.db();
        const runtime = startWardenRuntime({ db, config }, { log: redactingLog((m) => process.stderr.write(`${new Date().toISOString()} ${m}\n`)) });
        process.stderr.write(`worker started: ${channels.join(', ')}; batch ${delivery.worker.batchSize}, concurrency ${delivery.worker.concurrency}\n`);
        const shutdown = async () => {
          await runtime.stop();
          await ctx.close();
          process.stderr.write(`worker stopped: ${JSON.stringify(runtime.stats)}\n`);
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
