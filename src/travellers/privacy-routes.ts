import { z } from 'zod';
import { channels, deliveryStates } from '../vocabulary.js';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { eraseTraveller, exportTraveller } from './privacy.js';
import { travellerView } from './schema.js';
import { declareRoutes } from '../http/declare.js';

const idParams = z.object({ id: z.uuid() });

/** Export and erasure of one traveller's data. Register in src/http/routes.ts: `await travellerPrivacyRoutes(app, ctx);` */
export async function travellerPrivacyRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'travellers');
  route.get('/api/travellers/:id/export', 'editor', { summary: 'Everything Warden holds about one traveller, as JSON (audited)', params: idParams,
      response: { 200: z.object({
        exportedAt: z.string(),
        traveller: travellerView.extend({ consentAt: z.string().nullable(), optedOutAt: z.string().nullable(), updatedAt: z.string().nullable() }),
        alerts: z.array(z.object({ alertId: z.string(), headline: z.string().nullable(), publishedAt: z.string().nullable(), tripId: z.string().nullable() })),
        deliveries: z.array(z.object({
          id: z.string(), alert_id: z.string().nullable(), channel: z.enum(channels), address: z.string(), state: z.enum(deliveryStates), attempts: z.number().int(),
          last_error: z.string().nullable(), created_at: z.string(), sent_at: z.string().nullable(), finished_at: z.string().nullable(),
        })).describe('Every delivery row to this person, as stored'),
        // Open by design: the tables are found in the catalogue at run time (any later table with a traveller_id),
        // so that a new table cannot keep a person out of their export; each row is that table's own columns.
        other: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).describe('Rows of other tables that name this person, by table'),
        history: z.array(z.object({ at: z.string(), action: z.string() })),
      }) } }, async (request, reply) => {
    const data = await exportTraveller(db, actorOf(request), request.params.id);
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="traveller-${request.params.id}.json"`).send(data);
  });

  route.delete('/api/travellers/:id', 'approver', { summary: 'Erase one traveller; alert delivery statistics are kept without the person', params: idParams,
      response: { 200: z.object({ id: z.string(), erased: z.literal(true), contacts: z.number(), trips: z.number(), alertsKeptAnonymously: z.number(), deliveriesKeptAnonymously: z.number(), otherRowsDeleted: z.number() }) } }, async (request) => eraseTraveller(db, actorOf(request), request.params.id));
}
