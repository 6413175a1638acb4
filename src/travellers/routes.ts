import { z } from 'zod';
import { instant } from '../time.js';
import { areaSchema } from '../geo/area.js';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { pageQuery } from '../pagination.js';
import { shownCount } from '../auth/small-counts.js';
import { travellerInput, travellerView, tripInput, tripView } from './schema.js';
import * as travellers from './service.js';
import { declareRoutes } from '../http/declare.js';

const idParams = z.object({ id: z.uuid() });
const travellerListing = z.object({ id: z.string(), fullName: z.string(), organisation: z.string().nullable(), language: z.string() });
const presentTraveller = travellerListing.omit({ id: true }).extend({
  travellerId: z.string(),
  trip: z.object({ id: z.string(), countryCode: z.string(), placeName: z.string(), lat: z.number().nullable(), lon: z.number().nullable(), startsAt: z.string(), endsAt: z.string().nullable(), resident: z.boolean() }),
  channels: z.array(z.string()),
});
const presenceCount = z.object({ area: z.string(), people: shownCount, unreachable: shownCount, byChannel: z.record(z.string(), shownCount) });
const windowSchema = z.object({
  area: areaSchema,
  from: instant(),
  to: instant().nullable().optional(),
});

function parseWindow(body: z.infer<typeof windowSchema>) {
  const from = new Date(body.from);
  const to = body.to ? new Date(body.to) : null;
  return { from, to };
}

export async function travellerRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'travellers');
  // Personal data: editor and above. Viewers get counts only (POST /api/presence/count).
  route.post('/api/travellers', 'editor', { summary: 'Enrol a traveller with contact points and trips', body: travellerInput, response: { 201: travellerView } },
    async (request, reply) => reply.code(201).send(await travellers.createTraveller(db, actorOf(request), request.body)));

  route.get('/api/travellers', 'editor', {
    summary: 'Search travellers by name or organisation (audited)',
    querystring: pageQuery.extend({ q: z.string().min(1).max(200).optional(), organisation: z.string().max(200).optional() }),
    response: { 200: z.object({ items: z.array(travellerListing), nextCursor: z.string().nullable() }) },
  }, async (request) => travellers.searchTravellers(db, actorOf(request), request.query));

  route.get('/api/travellers/:id', 'editor', { summary: 'One traveller with contact points and trips', params: idParams, response: { 200: travellerView } },
    async (request) => travellers.getTraveller(db, request.params.id));

  route.post('/api/travellers/:id/trips', 'editor', { summary: 'Add a trip', params: idParams, body: tripInput, response: { 201: tripView } },
    async (request, reply) => reply.code(201).send(await travellers.addTrip(db, actorOf(request), request.params.id, request.body)));

  route.put('/api/travellers/:id/opt-out', 'editor', {
    summary: 'Opt a traveller out of (or back into) alerts',
    params: idParams,
    body: z.object({ optedOut: z.boolean() }),
    response: { 204: z.null() },
  }, async (request, reply) => { await travellers.setOptOut(db, actorOf(request), request.params.id, request.body.optedOut); return reply.code(204).send(null); });

  route.post('/api/presence/count', 'viewer', {
    summary: 'How many people are (or will be) in an area during a window, per channel — no personal data (viewers: counts under 5 shown as "<5")',
    body: windowSchema,
    response: { 200: presenceCount },
  }, async (request) => travellers.countPresentFor(db, actorOf(request), request.body.area, parseWindow(request.body)));

  route.post('/api/presence', 'editor', {
    summary: 'Who is (or will be) in an area during a window (audited)',
    body: windowSchema.extend({ limit: z.number().int().min(1).max(1000).default(100), after: z.uuid().optional() }),
    response: { 200: z.object({ area: z.string(), items: z.array(presentTraveller), next: z.string().nullable() }) },
  }, async (request) => {
    const { area, items } = await travellers.listPresentFor(db, actorOf(request), request.body.area, parseWindow(request.body), { limit: request.body.limit, afterId: request.body.after });
    return { area, items, next: items.length === request.body.limit ? items[items.length - 1]!.travellerId : null };
  });
}
