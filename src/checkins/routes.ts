import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { createChangeFeed } from './changes.js';
import { dutyTargets } from './duty.js';
import type { Recorded } from './answers.js';
import { boardRoutes } from './routes-board.js';
import { inboundRoutes } from './routes-inbound.js';
import { linkRoutes } from './routes-link.js';
import type { CheckinServices } from './services.js';

/** The checkins domain's HTTP routes. Every route declares config.access. */
export async function checkinRoutes(app: ZodApp, ctx: AppContext): Promise<void> {
  const settings = ctx.config.messaging.checkins;
  const changes = createChangeFeed(ctx.db);
  const services: CheckinServices = {
    ...ctx, settings, duty: dutyTargets(settings.duty), changes,
    /** After an answer committed: the live board's signal (a "need help" is already in the outbox for the duty officers). */
    afterAnswer(recorded: Recorded) {
      changes.publish(recorded.alertId);
    },
  };
  app.addHook('onClose', async () => { await changes.close(); });
  await linkRoutes(app, services);
  await inboundRoutes(app, services);
  await boardRoutes(app, services);
}
