/**
 * The crises domain's HTTP routes (every route declares config.access). Writes that change the crisis
 * accept If-Match with its version (the ETag of GET /api/crises/:id) and answer 409 when it moved on.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkinNumber } from '../alerts/checkin-token.js';
import { alertView } from '../alerts/schema.js';
import { recordAudit } from '../auth/audit.js';
import { lookupToken } from '../checkins/answers.js';
import { dutyTargets } from '../checkins/duty.js';
import { checkinPage } from '../checkins/page.js';
import { registerPageContext } from '../checkins/page-context.js';
import { sessionTraveller } from '../http/traveller-session.js';
import { invalid } from '../errors.js';
import { actorOf } from '../http/access.js';
import { declareRoutes } from '../http/declare.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { problem, problemSchema, sendProblem } from '../http/problem.js';
import * as departures from './departures.js';
import { crisisBoard, crisisClusters, crisisPeople, peopleCsv } from './people.js';
import { personDetail } from './person.js';
import {
  assignInput, closeInput, clusterView, crisisBoardView, crisisCancelInput, crisisPersonView, crisisPolicyInput, crisisStates, crisisUpdateInput, crisisView,
  departureInput, departureRequestInput, departureRequestView, departureView, helpHandledInput, helpHandledView, linkInput, myCrisisView, openCrisisInput,
  peopleQuery, personDetailView, timelineItemView,
} from './schema.js';
import * as crises from './service.js';
import { crisisTimeline } from './timeline.js';
import { checkinPageContext, myCrises } from './traveller.js';

const idParams = z.object({ id: z.uuid() });
const personParams = idParams.extend({ travellerId: z.uuid() });
const departureParams = idParams.extend({ departureId: z.uuid() });
const ifMatch = z.object({ 'if-match': z.string().max(40).optional() }).passthrough();

/** If-Match: "7" (or W/"7", or 7) → 7; absent → undefined (no check). */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined || raw === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(raw).trim());
  if (!match) throw invalid('If-Match', 'must be the crisis version, e.g. "3"');
  return Number(match[1]);
}

export async function crisisRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'crises');

  const grace = config.messaging.checkins.graceHours;
  // The check-in page shows the crisis of its alert (latest instruction, my status, emergency phone, departure form).
  registerPageContext(db, checkinPageContext);

  route.get('/api/me/crises', 'public', { summary: 'The signed-in traveller’s crises: latest instruction and my status across each (traveller session cookie)',
      security: [{ traveller: [] }], response: { 200: z.object({ items: z.array(myCrisisView) }) } }, async (request, reply) => {
    const travellerId = await sessionTraveller(db, request, reply);
    if (!travellerId) return reply;
    return reply.header('cache-control', 'no-store').send({ items: await myCrises(db, travellerId) });
  });

  route.get('/api/crises', 'viewer', { summary: 'Crises, newest first', querystring: z.object({ state: z.enum(crisisStates).optional() }),
      response: { 200: z.object({ items: z.array(crisisView) }) } },
    async (request) => ({ items: await crises.listCrises(db, request.query.state) }));

  route.post('/api/crises', 'editor', { summary: 'Open a crisis (from scratch, or from an intake incident: incidentId)', body: openCrisisInput,
      response: { 201: crisisView } },
    async (request, reply) => reply.code(201).send(await crises.openCrisis(db, actorOf(request), request.body)));

  route.get('/api/crises/:id', 'viewer', { summary: 'One crisis: its alerts (current one marked), incidents, policy; ETag = its version', params: idParams,
      response: { 200: crisisView } }, async (request, reply) => {
    const crisis = await crises.getCrisis(db, request.params.id);
    return reply.header('etag', `"${crisis.version}"`).header('cache-control', 'no-store').send(crisis);
  });

  route.post('/api/crises/:id/links', 'editor', { summary: 'Link alerts and incidents to the crisis (If-Match: version)', params: idParams, headers: ifMatch, body: linkInput,
      response: { 200: crisisView } },
    async (request) => crises.linkToCrisis(db, actorOf(request), request.params.id, request.body, expectedVersion(request)));

  const sendView = z.object({ crisis: crisisView, alert: alertView, published: z.boolean(), reason: z.string().nullable() });
  route.post('/api/crises/:id/update', 'editor', { summary: 'Send an Update of the crisis’s current alert (references it; published at once when the caller may approve it alone)', params: idParams, headers: ifMatch, body: crisisUpdateInput,
      response: { 201: sendView } },
    async (request, reply) => reply.code(201).send(await crises.sendCrisisUpdate(db, actorOf(request), request.params.id, request.body, expectedVersion(request))));

  route.post('/api/crises/:id/cancel', 'editor', { summary: 'Send the Cancel of the crisis’s current alert', params: idParams, headers: ifMatch, body: crisisCancelInput.default({}),
      response: { 201: sendView } },
    async (request, reply) => reply.code(201).send(await crises.sendCrisisCancel(db, actorOf(request), request.params.id, request.body ?? {}, expectedVersion(request))));

  route.put('/api/crises/:id/escalation', 'editor', { summary: 'The crisis’s escalation policy: chase those with no answer to any of its alerts', params: idParams, headers: ifMatch, body: crisisPolicyInput,
      response: { 200: crisisView } },
    async (request) => crises.setCrisisPolicy(db, actorOf(request), request.params.id, request.body, expectedVersion(request)));

  route.post('/api/crises/:id/escalate', 'editor', { summary: 'Escalate now: the next round to everyone with no answer to any alert of the crisis', params: idParams, headers: ifMatch,
      response: { 200: z.object({ crisis: crisisView, reminders: z.number() }) } }, async (request) => crises.escalateCrisisNow(db, actorOf(request), request.params.id, expectedVersion(request)));

  route.post('/api/crises/:id/close', 'editor', { summary: 'Close the crisis; with deliveries pending, say queuedDeliveries: finish or cancel', params: idParams, headers: ifMatch, body: closeInput.default({}),
      response: { 200: z.object({ crisis: crisisView, pending: z.number(), cancelled: z.number() }) } }, async (request) => crises.closeCrisis(db, actorOf(request), request.params.id, request.body?.queuedDeliveries, expectedVersion(request)));

  route.get('/api/crises/:id/board', 'viewer', { summary: 'Counts across the crisis: each person’s latest answer to any of its alerts; open "need help"', params: idParams,
      response: { 200: crisisBoardView } }, async (request, reply) => {
    await crises.ensureMembers(db, request.params.id);
    return reply.header('cache-control', 'no-store').send(await crisisBoard(db, request.params.id));
  });

  route.get('/api/crises/:id/map', 'viewer', { summary: 'The people on the map: one cluster per city, counts by status (no names)', params: idParams,
      response: { 200: z.object({ clusters: z.array(clusterView) }) } }, async (request, reply) => {
    await crises.ensureMembers(db, request.params.id);
    return reply.header('cache-control', 'no-store').send({ clusters: await crisisClusters(db, request.params.id) });
  });

  route.get('/api/crises/:id/timeline', 'viewer', { summary: 'Sources, incidents, advisory and post changes, alerts, answers, escalation rounds and operators’ actions', params: idParams,
      response: { 200: z.object({ items: z.array(timelineItemView) }) } },
    async (request, reply) => reply.header('cache-control', 'no-store').send({ items: await crisisTimeline(db, request.params.id) }));

  route.get('/api/crises/:id/people', 'editor', { summary: 'A list of the crisis room (need_help, no_answer, unreachable, …) with channels and last delivery state; CSV with format=csv (audited)', params: idParams, querystring: peopleQuery,
      response: { 200: { description: 'The list as JSON, or as CSV with format=csv', content: { 'application/json': { schema: z.object({ items: z.array(crisisPersonView), nextOffset: z.number().int().nullable() }) }, 'text/csv': { schema: z.string() } } } } }, async (request, reply) => {
    const alertIds = await crises.ensureMembers(db, request.params.id);
    const q = request.query;
    if (q.format === 'csv') {
      const people = await crisisPeople(db, request.params.id, alertIds, { list: q.list, offset: 0, limit: null });
      await db.tx((tx) => recordAudit(tx, actorOf(request), { action: 'crisis.export', entity: 'crisis', entityId: request.params.id, after: { list: q.list, rows: people.length } }));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="crisis-${request.params.id}-${q.list}.csv"`)
        .header('cache-control', 'no-store').send(peopleCsv(people));
    }
    const people = await crisisPeople(db, request.params.id, alertIds, { list: q.list, offset: q.offset, limit: q.limit + 1 });
    return reply.header('cache-control', 'no-store').send({ items: people.slice(0, q.limit), nextOffset: people.length > q.limit ? q.offset + q.limit : null });
  });

  route.get('/api/crises/:id/people/:travellerId', 'editor', { summary: 'One member: status across the crisis, full answer history, help handlings', params: personParams,
      response: { 200: personDetailView } },
    async (request) => personDetail(db, request.params.id, request.params.travellerId));

  route.post('/api/crises/:id/people/:travellerId/help-handled', 'editor', { summary: 'Mark this person’s "need help" handled (who, when, note); a later "need help" opens it again', params: personParams, headers: ifMatch, body: helpHandledInput,
      response: { 200: helpHandledView } },
    async (request) => crises.markHelpHandled(db, actorOf(request), request.params.id, request.params.travellerId, request.body.note, expectedVersion(request)));

  route.get('/api/crises/:id/departure-requests', 'editor', { summary: '"I need help to leave" requests with party size, phone and assignment', params: idParams,
      response: { 200: z.object({ items: z.array(departureRequestView) }) } },
    async (request) => ({ items: await departures.listRequests(db, request.params.id) }));

  route.get('/api/crises/:id/departures', 'viewer', { summary: 'Departures (flights, buses, convoys) with seats taken', params: idParams,
      response: { 200: z.object({ items: z.array(departureView) }) } },
    async (request) => ({ items: await departures.listDepartures(db, request.params.id) }));

  route.post('/api/crises/:id/departures', 'editor', { summary: 'Plan a departure: kind, label, capacity, time, assembly point', params: idParams, body: departureInput,
      response: { 201: departureView } },
    async (request, reply) => reply.code(201).send(await departures.createDeparture(db, actorOf(request), request.params.id, request.body)));

  route.post('/api/crises/:id/departures/:departureId/assign', 'editor', { summary: 'Assign requests to the departure; over capacity → 409 with the count', params: departureParams, body: assignInput,
      response: { 200: departureView } },
    async (request) => departures.assignToDeparture(db, actorOf(request), request.params.id, request.params.departureId, request.body.requestIds));

  route.post('/api/crises/:id/departures/:departureId/notify', 'editor', { summary: 'Tell the people assigned (through the outbox, on their channels)', params: departureParams,
      response: { 200: z.object({ departure: departureView, alertId: z.string().describe('The notice sent'), recipients: z.number().int(), deliveries: z.number().int() }) } },
    async (request) => departures.notifyDeparture(db, actorOf(request), request.params.id, request.params.departureId));

  route.get('/api/crises/:id/departures/:departureId/manifest', 'editor', { summary: 'The manifest as CSV (audited)', params: departureParams,
      response: { 200: { description: 'The manifest (RFC 4180 CSV)', content: { 'text/csv': { schema: z.string() } } } } }, async (request, reply) => {
    const { csv } = await departures.manifestCsv(db, request.params.id, request.params.departureId);
    await db.tx((tx) => recordAudit(tx, actorOf(request), { action: 'crisis.departure.manifest', entity: 'departure', entityId: request.params.departureId }));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="manifest-${request.params.departureId}.csv"`).header('cache-control', 'no-store').send(csv);
  });

  route.post('/c/:token/departure', { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' }, bodyLimit: 16 * 1024 }, {
    summary: '"I need help to leave": party size and phone, from the check-in link (form or JSON)',
    params: z.object({ token: z.string().max(200) }),
    response: { 201: z.object({ id: z.string(), partySize: z.number().int(), departureId: z.string().nullable() }).describe('JSON posts'), 303: z.null().describe('Form posts: back to the check-in page'),
      422: { description: 'Invalid request: the page with the errors (HTML), or problem details for JSON posts', content: { 'text/html': { schema: z.string() }, 'application/problem+json': { schema: problemSchema } } } },
  }, async (request, reply) => {
    const checkinNo = checkinNumber(config.secret, request.params.token);
    const found = checkinNo ? await lookupToken(db, checkinNo, grace) : { state: 'unknown' as const };
    if (found.state !== 'valid') return sendProblem(reply, problem(found.state === 'unknown' ? 'checkin-link-unknown' : 'checkin-link-expired', found.state === 'unknown' ? 404 : 410, `this check-in link is ${found.state === 'unknown' ? 'not valid' : 'expired'}`));
    const json = (request.headers['content-type'] ?? '').includes('json');
    const parsed = departureRequestInput.safeParse(request.body ?? {});
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
      if (json) return sendProblem(reply, problem('validation', 422, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors));
      return reply.code(422).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(checkinPage({
        token: request.params.token, language: found.language, headline: found.headline, current: found.current,
        crisis: await checkinPageContext(db, found.alertId, found.travellerId, found.language), errors: errors.map((e) => `${e.field}: ${e.message}`) }));
    }
    const { request: saved } = await departures.requestDeparture(db, { alertId: found.alertId, travellerId: found.travellerId, input: parsed.data, duty: dutyTargets(config.messaging.checkins.duty) });
    if (json) return reply.code(201).send({ id: saved.id, partySize: saved.partySize, departureId: saved.departureId });
    return reply.redirect(`/c/${request.params.token}?departure=requested`, 303);
  });
}
