/**
 * POST /api/public/enrol: anyone may enrol themselves (double opt-in, always 202 with the same body).
 * POST /api/me/trips, DELETE /api/me/trips/:id: the signed-in traveller adds and removes their own trips
 * (session cookie warden_traveller, checked by sessionTraveller, src/http/traveller-session.ts), and the
 * traveller's own sign-in, overview and contacts (me-routes.ts).
 */
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { problem, sendProblem } from '../http/problem.js';
import { sessionTraveller } from '../http/traveller-session.js';
import { addMyTrip, enrolAnswer, enrolInput, enrolSelf, removeMyTrip } from './enrol.js';
import { meRoutes } from './me-routes.js';
import { signInMailer } from './me.js';
import { tripInput, tripView } from './schema.js';

export async function travellerEnrolRoutes(app: ZodApp, ctx: AppContext): Promise<void> {
  const selfService = { ...ctx, settings: ctx.config.messaging.checkins };
  await meRoutes(app, selfService);

  app.post('/api/public/enrol', {
    config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: {
      tags: ['me'], summary: 'Enrol myself: stored unconfirmed, targeted only after I open the e-mailed link (always 202, same answer)',
      body: enrolInput, response: { 202: z.object({ status: z.string() }) },
    },
  }, async (request, reply) => {
    await enrolSelf(signInMailer(selfService), request.body);
    return reply.code(202).header('cache-control', 'no-store').send(enrolAnswer);
  });

  app.post('/api/me/trips', {
    config: { access: 'public' },
    schema: { tags: ['me'], summary: 'Add one of my trips', body: tripInput, response: { 201: tripView } },
  }, async (request, reply) => {
    // JSON only: with the SameSite=Strict cookie this keeps cross-site forms out (as PUT /api/me/contacts).
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return sendProblem(reply, problem('bad-request', 415, 'send JSON'));
    const id = await sessionTraveller(ctx.db, request, reply);
    if (!id) return reply;
    return reply.code(201).send(await addMyTrip(ctx.db, id, request.body));
  });

  app.delete('/api/me/trips/:id', {
    config: { access: 'public' },
    schema: { tags: ['me'], summary: 'Remove one of my trips', params: z.object({ id: z.uuid() }), response: { 204: z.null() } },
  }, async (request, reply) => {
    const id = await sessionTraveller(ctx.db, request, reply);
    if (!id) return reply;
    await removeMyTrip(ctx.db, id, request.params.id);
    return reply.code(204).send(null);
  });
}
