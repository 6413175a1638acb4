import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { createChangeFeed } from './changes.js';
import { sendDutyNotification } from './duty.js';
import { notifyChannelsFromEnv } from './notify-channels.js';
import type { Recorded } from './answers.js';
import { boardRoutes } from './routes-board.js';
import { inboundRoutes } from './routes-inbound.js';
import { linkRoutes } from './routes-link.js';
import type { CheckinServices } from './services.js';

/** The checkins domain's HTTP routes. Every route declares config.access. */
export async function checkinRoutes(app: ZodApp, ctx: AppContext): Promise<void> {
  const settings = ctx.config.checkins;
  const channels = notifyChannelsFromEnv(ctx.config.env, ctx.config.publicUrl);
  const changes = createChangeFeed(ctx.db);
  const pending = new Set<Promise<unknown>>();
  const duty = { db: ctx.db, settings: settings.duty, channels, publicUrl: ctx.config.publicUrl, log: (m: string) => app.log.warn(m) };
  const services: CheckinServices = {
    ...ctx, settings, channels, changes,
    /** After an answer committed: live board signal, and "need help" to the duty officers at once. */
    afterAnswer(recorded: Recorded) {
      changes.publish(recorded.alertId);
      if (recorded.dutyId === null) return;
      const sending = sendDutyNotification(duty, recorded.dutyId).catch((e: Error) => app.log.error(`duty notification ${recorded.dutyId}: ${e.message}`));
      pending.add(sending);
      void sending.finally(() => pending.delete(sending));
    },
  };
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
    await changes.close();
    await channels.close();
  });
  await linkRoutes(app, services);
  await inboundRoutes(app, services);
  await boardRoutes(app, services);
}
