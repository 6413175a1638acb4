/**
 * Subscription mail from the worker loop: at most every WARDEN_SUBSCRIPTION_MAIL_EVERY_MS (default 30 s)
 * queue notices of new advisory and alert changes for confirmed subscribers, then send what is due,
 * with the worker's e-mail channel. Both steps are idempotent, so several workers may run them.
 */
import type { Channel } from '../delivery/channels/index.js';
import type { AppContext } from '../context.js';
import { capSiteOf } from './advisory-cap.js';
import { enqueueChangeNotices, processSubscriptionMail } from './subscriptions.js';

export function createSubscriptionMailTicker(ctx: AppContext, email: Channel, opts: { everyMs?: number; log?: (m: string) => void } = {}) {
  const everyMs = opts.everyMs ?? Number(process.env.WARDEN_SUBSCRIPTION_MAIL_EVERY_MS ?? 30_000);
  let last = 0;
  return {
    async maybeRun(): Promise<void> {
      if (Date.now() - last < everyMs) return;
      last = Date.now();
      try {
        const { queued } = await enqueueChangeNotices(ctx.db, capSiteOf(ctx.config.publicUrl, ctx.config.cap));
        const sent = await processSubscriptionMail(ctx.db, email, { publicUrl: ctx.config.publicUrl, secret: ctx.config.secret });
        if (queued || sent.claimed) opts.log?.(`subscriptions: queued ${queued}, sent ${sent.sent}, retrying ${sent.retried}, failed ${sent.failed}`);
      } catch (error) {
        opts.log?.(`subscription mail error (retrying): ${(error as Error).message}`);
      }
    },
  };
}
