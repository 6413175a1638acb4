/**
 * The periodic job the feeds domain registers with the runtime (src/runtime.ts): every
 * WARDEN_SUBSCRIPTION_MAIL_EVERY_MS (default 30 s) queue notices of new advisory and alert changes for
 * confirmed subscribers in the outbox, which the workers send like every other message. Idempotent
 * (dedupe keys), so every runtime may run it.
 */
import type { WardenConfig } from '../config.js';
import type { Db } from '../db/index.js';
import type { PeriodicJob } from '../delivery/runtime.js';
import { capSiteOf } from './advisory-cap.js';
import { enqueueChangeNotices } from './subscriptions.js';

export function subscriptionNoticesJob(ctx: { db: Db; config: WardenConfig }): PeriodicJob {
  return {
    name: 'subscriptions',
    everyMs: ctx.config.messaging.subscriptionMailEveryMs,
    async run() {
      const { queued } = await enqueueChangeNotices(ctx.db, capSiteOf(ctx.config.publicUrl, ctx.config.cap));
      return queued ? `queued ${queued} notices` : null;
    },
  };
}
