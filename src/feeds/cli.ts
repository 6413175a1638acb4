import { ensureSecret } from '../config.js';
import { reasonOf, type CommandGroup } from '../cli/context.js';
import { capSiteOf } from './advisory-cap.js';
import { advisoryCapDocument } from './advisory-feed-service.js';
import { alertCapDocument } from './alert-cap.js';
import { enqueueChangeNotices } from './subscriptions.js';

/**
 * The feeds domain's `warden` commands:
 *   warden feeds cap IQ [version]        print an advisory's CAP 1.2 document
 *   warden feeds cap-alert <id>          print a published alert's CAP 1.2 document
 *   warden feeds mail [--json]           queue subscriber notices for recent changes, then send queued
 *                                        subscription mail once over SMTP (WARDEN_SMTP_*); run it from cron
 *                                        or a timer — each run is safe to repeat
 */
export const feedCommands: CommandGroup = (program, ctx) => {
  const feeds = program.command('feeds').description('CAP documents, feeds and subscriber mail');
  const fail = (error: unknown): never => {
    process.stderr.write(`error: ${reasonOf(error)}\n`);
    process.exit(1);
  };

  feeds.command('cap').argument('<country>', 'ISO 3166-1 alpha-2 code').argument('[version]', 'published version (default: current)')
    .description("print a country's advisory as CAP 1.2")
    .action(async (cc: string, version?: string) => {
      try {
        const doc = await advisoryCapDocument(await ctx.db(), capSiteOf(ctx.config.publicUrl, ctx.config.cap), cc, version === undefined ? undefined : Number(version));
        process.stdout.write(doc.xml);
      } catch (error) { fail(error); } finally { await ctx.close(); }
    });

  feeds.command('cap-alert').argument('<id>', 'alert id').description('print a published public alert as CAP 1.2')
    .action(async (id: string) => {
      try {
        process.stdout.write((await alertCapDocument(await ctx.db(), capSiteOf(ctx.config.publicUrl, ctx.config.cap), id)).xml);
      } catch (error) { fail(error); } finally { await ctx.close(); }
    });

  feeds.command('mail').option('--json', 'print the result as JSON')
    .description('queue notices of recent advisory and alert changes for subscribers, then send queued subscription mail')
    .action(async (opts: { json?: boolean }) => {
      if (!ctx.config.messaging.delivery.smtp) fail(new Error('set WARDEN_SMTP_HOST (and WARDEN_SMTP_*) to send subscription mail'));
      try {
        const config = ensureSecret(ctx.config);
        const db = await ctx.db();
        const { queued } = await enqueueChangeNotices(db, capSiteOf(config.publicUrl, config.cap));
        // The outbox's own claim path, for the subscribers' kinds only, until nothing of them is due.
        const { drainWardenOutbox } = await import('../runtime.js');
        const stats = await drainWardenOutbox({ db, config }, { kinds: ['subscription_confirm', 'subscription_notice'] });
        const result = { queued, claimed: stats.claimed, sent: stats.sent, retried: stats.retried, failed: stats.failed };
        ctx.print(result, () => `queued ${queued} notice(s); sent ${stats.sent}, retrying ${stats.retried}, failed ${stats.failed}`, opts);
      } catch (error) { fail(error); } finally { await ctx.close(); }
    });
};
