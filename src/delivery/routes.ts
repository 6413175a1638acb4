import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { AppContext, ZodApp } from '../http/app.js';
import { deliveryStates, listDeliveries } from './service.js';

const deliveryView = z.object({
  id: z.string(), alertId: z.string(), travellerId: z.string(), channel: z.string(), address: z.string(), state: z.string(),
  attempts: z.number(), lastError: z.string().nullable(), providerId: z.string().nullable(), nextAttemptAt: z.string(), sentAt: z.string().nullable(),
});

/** The delivery domain's HTTP routes. Every route declares config.access. */
export async function deliveryRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  // Editors and up: rows carry addresses (personal data).
  app.get('/api/alerts/:id/deliveries', {
    config: { access: 'editor' },
    schema: {
      tags: ['delivery'], summary: 'An alert’s deliveries (e.g. ?state=failed for the reasons; audited)', params: z.object({ id: z.uuid() }),
      querystring: z.object({ state: z.enum(deliveryStates).optional(), channel: z.enum(['email', 'sms', 'webhook', 'webpush']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100), after: z.uuid().optional() }),
      response: { 200: z.object({ items: z.array(deliveryView), next: z.string().nullable() }) },
    },
  }, async (request) => listDeliveries(db, actorOf(request), { alertId: request.params.id, ...request.query }));
}
