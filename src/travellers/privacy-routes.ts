import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { eraseTraveller, exportTraveller } from './privacy.js';

const tags = ['travellers'];
const idParams = z.object({ id: z.uuid() });

/** Export and erasure of one traveller's data. Register in src/http/routes.ts: `await travellerPrivacyRoutes(app, ctx);` */
export async function travellerPrivacyRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get('/api/travellers/:id/export', {
    config: { access: 'editor' },
    schema: { tags, summary: 'Everything Warden holds about one traveller, as JSON (audited)', params: idParams },
  }, async (request, reply) => {
    const data = await exportTraveller(db, actorOf(request), request.params.id);
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="traveller-${request.params.id}.json"`).send(data);
  });

  app.delete('/api/travellers/:id', {
    config: { access: 'approver' },
    schema: { tags, summary: 'Erase one traveller; alert delivery statistics are kept without the person', params: idParams,
      response: { 200: z.object({ id: z.string(), erased: z.literal(true), contacts: z.number(), trips: z.number(), alertsKeptAnonymously: z.number(), deliveriesKeptAnonymously: z.number(), otherRowsDeleted: z.number() }) } },
  }, async (request) => eraseTraveller(db, actorOf(request), request.params.id));
}
