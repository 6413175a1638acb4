/**
 * The accountability board: counts for viewers, people (and CSV) for editors and above, a live
 * stream of counts (Server-Sent Events), and the alert's escalation policy.
 */
import { z } from 'zod';
import { maySeePersonalData } from '../auth/roles.js';
import { recordAudit } from '../auth/audit.js';
import { actorOf } from '../http/access.js';
import type { ZodApp } from '../zod-app.js';
import { problem, sendProblem } from '../http/problem.js';
import { assertAlert, boardCountsFor, boardCsvFor, boardFor } from './accountability.js';
import { escalateAlertNow, getEscalationPolicy, setEscalationPolicy } from './escalation.js';
import { boardQuery, boardView, escalationInput } from './schema.js';
import type { CheckinServices } from './services.js';
import { declareRoutes } from '../http/declare.js';

const idParams = z.object({ id: z.uuid() });
const policyView = escalationInput.extend({ alertId: z.string(), isDefault: z.boolean().optional() });

export async function boardRoutes(app: ZodApp, s: CheckinServices): Promise<void> {
  const route = declareRoutes(app, 'check-ins');
  route.get('/api/alerts/:id/accountability', 'viewer', { summary: 'Who is safe, departed, needs help, has not answered, cannot be reached (people and CSV: editor+, audited; viewers: counts under 5 shown as "<5")', params: idParams, querystring: boardQuery,
      response: { 200: { description: 'The board as JSON, or its people as CSV with format=csv', content: { 'application/json': { schema: boardView }, 'text/csv': { schema: z.string() } } } } }, async (request, reply) => {
    const actor = actorOf(request);
    const query = request.query;
    if (query.format === 'csv') {
      if (!maySeePersonalData(actor)) return sendProblem(reply, problem('forbidden', 403, 'the CSV lists people: it needs the editor role'));
      const csv = await boardCsvFor(s.db, actor, request.params.id, query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="accountability-${request.params.id}.csv"`)
        .header('cache-control', 'no-store').send(csv);
    }
    return reply.header('cache-control', 'no-store').send(await boardFor(s.db, actor, request.params.id, query));
  });

  route.get('/api/alerts/:id/accountability/stream', 'viewer', { summary: 'Live board counts as Server-Sent Events (event: board)', params: idParams, querystring: boardQuery.pick({ city: true, organisation: true, channel: true }),
      response: { 200: { description: 'Server-Sent Events: `event: board` with the board counts as JSON data, on every change', content: { 'text/event-stream': { schema: z.string() } } } } }, async (request, reply) => {
    const query = { ...boardQuery.parse({}), ...request.query };
    const actor = actorOf(request);
    const first = await boardCountsFor(s.db, actor, request.params.id, query);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let last = '';
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    const send = async () => {
      timer = null;
      if (closed) return;
      try {
        const board = await boardCountsFor(s.db, actor, request.params.id, query);
        const data = JSON.stringify(board);
        if (data !== last && !closed) { last = data; raw.write(`event: board\ndata: ${data}\n\n`); }
      } catch { /* the database blinked: the next signal or poll retries */ }
    };
    last = JSON.stringify(first);
    raw.write(`retry: 3000\nevent: board\ndata: ${last}\n\n`);
    const soon = () => { if (!timer && !closed) timer = setTimeout(() => void send(), 100); };
    const unsubscribe = s.changes.subscribe(request.params.id, soon);
    const poll = setInterval(() => { soon(); if (!closed) raw.write(': keep-alive\n\n'); }, s.settings.streamPollMs);
    request.raw.on('close', () => { closed = true; unsubscribe(); clearInterval(poll); if (timer) clearTimeout(timer); });
  });

  route.get('/api/alerts/:id/escalation', 'viewer', { summary: 'The alert’s escalation policy (the defaults when none is set)', params: idParams,
      response: { 200: policyView } },
    async (request) => getEscalationPolicy(s.db, request.params.id, s.settings.escalation));

  route.put('/api/alerts/:id/escalation', 'editor', { summary: 'Set the alert’s escalation policy: after N minutes without an answer, the next round, up to maxRounds rounds in all',
      params: idParams, body: escalationInput, response: { 200: policyView } }, async (request) => {
    const actor = actorOf(request);
    await assertAlert(s.db, request.params.id);
    return s.db.tx(async (tx) => {
      const before = await getEscalationPolicy(tx, request.params.id, s.settings.escalation);
      const after = await setEscalationPolicy(tx, request.params.id, actor.id, request.body);
      await recordAudit(tx, actor, { action: 'alert.escalation', entity: 'alert', entityId: request.params.id, before, after });
      return after;
    });
  });

  route.post('/api/alerts/:id/escalate', 'editor', { summary: 'Escalate now: the next round to everyone who has not answered, without waiting (once per person per round, within maxRounds)',
      params: idParams, response: { 200: z.object({ queued: z.number() }) } }, async (request) => escalateAlertNow(s.db, actorOf(request), request.params.id, s.settings.escalation));
}
