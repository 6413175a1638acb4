import { z } from 'zod';
import { actorOf } from '../http/access.js';
import { declareRoutes } from '../http/declare.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { deliveryMode } from '../delivery/mailbox.js';
import { previewAlert, previewInput } from './preview.js';
import { alertProgress } from './progress.js';
import { publishAlert } from './publish.js';
import { rejectAlert, withdrawAlert } from './review.js';
import { alertInput, alertStates, alertView, cancelInput, dryRunView, previewView, progressView, rejectInput, withdrawInput } from './schema.js';
import * as alerts from './service.js';
import { templateRoutes } from './template-routes.js';

const idParams = z.object({ id: z.uuid() });

/** The alerts domain's HTTP routes. Every route declares config.access. */
export async function alertRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'alerts');

  route.get('/api/alerts', 'viewer', { summary: 'Alerts, newest first', querystring: z.object({ state: z.enum(alertStates).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(alertView) }) } }, async (request) => ({ items: await alerts.listAlerts(db, request.query) }));

  route.post('/api/alerts', 'editor', { summary: 'Compose a draft alert', body: alertInput, response: { 201: alertView } },
    async (request, reply) => reply.code(201).send(await alerts.composeAlert(db, actorOf(request), request.body)));

  route.post('/api/alerts/dry-run', 'editor', { summary: 'How many people an alert like this would reach, on which channels', body: alertInput,
      response: { 200: dryRunView } },
    async (request) => alerts.dryRunInput(db, request.body));

  route.get('/api/alerts/:id', 'viewer', { summary: 'One alert', params: idParams, response: { 200: alertView } },
    async (request) => alerts.getAlert(db, request.params.id));

  route.post('/api/alerts/:id/dry-run', 'editor', { summary: 'How many people this alert would reach now, on which channels', params: idParams,
      response: { 200: dryRunView } },
    async (request) => alerts.dryRunAlert(db, request.params.id));

  route.put('/api/alerts/:id', 'editor', { summary: 'Edit a draft (e.g. one an approver sent back)', params: idParams, body: alertInput, response: { 200: alertView } },
    async (request) => alerts.editDraft(db, actorOf(request), request.params.id, request.body));

  route.post('/api/alerts/preview', 'editor', { summary: 'The e-mail and SMS of an alert like this, per language, as they will be sent (SMS encoding and segments)', body: alertInput,
      response: { 200: previewView } },
    async (request) => previewInput(db, request.body, config.publicUrl));

  route.get('/api/alerts/:id/preview', 'viewer', { summary: 'The e-mail and SMS of this alert, per language, as they are sent', params: idParams,
      response: { 200: previewView } },
    async (request) => previewAlert(db, request.params.id, config.publicUrl));

  route.post('/api/alerts/:id/submit', 'editor', { summary: 'Submit a draft for approval', params: idParams, response: { 200: alertView } },
    async (request) => alerts.submitAlert(db, actorOf(request), request.params.id));

  route.post('/api/alerts/:id/publish', 'approver', { summary: 'Approve and publish: freezes the recipients and queues one delivery per person and channel', params: idParams,
      response: { 200: alertView.extend({ deliveries: z.number() }) } }, async (request) => {
    const result = await publishAlert(db, actorOf(request), request.params.id, { undeliverable: deliveryMode(config.messaging, Boolean(config.databaseUrl)).refusal });
    return { ...result.alert, deliveries: result.deliveries };
  });

  await templateRoutes(app, db);

  route.post('/api/alerts/:id/reject', 'approver', { summary: 'Send an alert pending approval back to its author as a draft, with the reason', params: idParams, body: rejectInput,
      response: { 200: alertView } },
    async (request) => rejectAlert(db, actorOf(request), request.params.id, request.body.reason));

  route.post('/api/alerts/:id/withdraw', 'editor', { summary: 'The author takes back a draft or an alert pending approval (kept for the record)', params: idParams, body: withdrawInput.nullish(),
      response: { 200: alertView } },
    async (request) => withdrawAlert(db, actorOf(request), request.params.id, request.body?.reason));

  route.post('/api/alerts/:id/update', 'editor', { summary: 'Draft an Update of a published alert (reaches its recipients)', params: idParams, body: alertInput,
      response: { 201: alertView } },
    async (request, reply) => reply.code(201).send(await alerts.draftUpdate(db, actorOf(request), request.params.id, request.body)));

  route.post('/api/alerts/:id/cancel', 'editor', { summary: 'Draft a Cancel of a published alert (reaches its recipients)', params: idParams, body: cancelInput.default({}),
      response: { 201: alertView } },
    async (request, reply) => reply.code(201).send(await alerts.draftCancel(db, actorOf(request), request.params.id, request.body ?? {})));

  route.get('/api/alerts/:id/progress', 'viewer', { summary: 'Delivery progress: counts per state and channel, rate and ETA', params: idParams,
      response: { 200: progressView } },
    async (request) => alertProgress(db, request.params.id));
}
