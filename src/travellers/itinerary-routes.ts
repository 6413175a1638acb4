import { createHash } from 'node:crypto';
import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { tripsFromIcs } from './ics.js';
import { deleteItinerary, getItinerary, itineraryInput, itineraryRef, itineraryView, putItinerary, travellerRef } from './itineraries.js';
import { declareRoutes } from '../http/declare.js';

const refParams = z.object({ ref: itineraryRef });
const icsBody = z.object({
  traveller: travellerRef,
  /** The booking confirmation's calendar (text/calendar), as a string. */
  calendar: z.string().min(1).max(512 * 1024),
  externalRef: itineraryRef.optional(),
});

/** A booking reference from an event UID: kept when it fits the reference syntax, else its hash. */
function refFromUid(uid: string): string {
  const ref = `ics:${uid}`;
  return itineraryRef.safeParse(ref).success ? ref : `ics:${createHash('sha256').update(uid).digest('hex').slice(0, 32)}`;
}

/** The JSON API for travel agencies and HR systems (API tokens, editor role): docs/itineraries.md. */
export async function itineraryRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'itineraries');
  route.put('/api/itineraries/:ref', 'editor', { summary: 'Create or replace the trips of one booking (idempotent by external reference)', params: refParams, body: itineraryInput,
      response: { 200: itineraryView, 201: itineraryView } }, async (request, reply) => {
    const view = await putItinerary(db, actorOf(request), request.params.ref, request.body);
    return reply.code(view.created ? 201 : 200).send(view);
  });

  route.get('/api/itineraries/:ref', 'editor', { summary: "One booking's trips", params: refParams, response: { 200: itineraryView.omit({ created: true }) } },
    async (request) => getItinerary(db, request.params.ref));

  route.delete('/api/itineraries/:ref', 'editor', { summary: "Remove a cancelled booking's trips (idempotent)", params: refParams,
      response: { 200: z.object({ removed: z.number().int() }) } },
    async (request) => deleteItinerary(db, actorOf(request), request.params.ref));

  route.post('/api/itineraries/ics', 'editor', { summary: "Import a booking confirmation's calendar (ICS): its flights and hotels become trips", body: icsBody,
      response: { 200: itineraryView, 201: itineraryView } }, async (request, reply) => {
    const { trips, firstUid } = tripsFromIcs(request.body.calendar);
    const ref = request.body.externalRef ?? refFromUid(firstUid);
    const view = await putItinerary(db, actorOf(request), ref, { traveller: request.body.traveller, trips });
    return reply.code(view.created ? 201 : 200).send(view);
  });
}
