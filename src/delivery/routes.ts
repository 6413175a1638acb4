import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { deliveryMode, getCaptured, listCaptured } from './mailbox.js';
import { problem, sendProblem } from '../http/problem.js';
import { providerReceiptRoutes } from './routes-receipts.js';
import { channels, deliveryStates } from '../vocabulary.js';
import { listDeliveries } from './service.js';
import { declareRoutes } from '../http/declare.js';

const deliveryView = z.object({
  id: z.string(), alertId: z.string(), travellerId: z.string(), channel: z.string(), address: z.string(), state: z.string(),
  attempts: z.number(), lastError: z.string().nullable(), providerId: z.string().nullable(), nextAttemptAt: z.string(), sentAt: z.string().nullable(),
});

/** The delivery domain's HTTP routes. Every route declares config.access. */
export async function deliveryRoutes(app: ZodApp, ctx: AppContext): Promise<void> {
  const route = declareRoutes(app, 'delivery');
  const { db } = ctx;
  await providerReceiptRoutes(app, ctx);
  const vapid = ctx.config.messaging.delivery.webpush?.vapid;
  route.get('/api/public/webpush/key', 'public', { summary: 'The VAPID public key browsers subscribe with (web push)', response: { 200: z.object({ publicKey: z.string() }) } },
    async (_request, reply) => vapid
    ? { publicKey: vapid.publicKey }
    : sendProblem(reply, problem('not-found', 404, 'web push is not configured on this server (WARDEN_VAPID_PUBLIC_KEY, WARDEN_VAPID_PRIVATE_KEY)')));
  // Editors and up: rows carry addresses (personal data).
  route.get('/api/alerts/:id/deliveries', 'editor', {
    summary: 'An alert’s deliveries (e.g. ?state=failed for the reasons; audited)',
    params: z.object({ id: z.uuid() }),
    querystring: z.object({ state: z.enum(deliveryStates).optional(), channel: z.enum(channels).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100), after: z.uuid().optional() }),
    response: { 200: z.object({ items: z.array(deliveryView), next: z.string().nullable() }) },
  }, async (request) => listDeliveries(db, actorOf(request), { alertId: request.params.id, ...request.query }));
  await mailboxRoutes(app, ctx);
}

const capturedSummary = z.object({ id: z.number(), channel: z.string(), recipient: z.string(), subject: z.string().nullable(), preview: z.string(), capturedAt: z.string() });
const capturedMessage = capturedSummary.omit({ preview: true }).extend({
  deliveryId: z.string(), text: z.string(), html: z.string().nullable(),
  sms: z.object({ text: z.string(), segments: z.number(), encoding: z.string() }).nullable(), payload: z.unknown(), checkinUrl: z.string().nullable(),
});

/** The local mailbox (src/delivery/mailbox.ts): what was captured instead of sent. Personal data: editors and up, reads audited. */
export async function mailboxRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'delivery');
  route.get('/api/mailbox/mode', 'viewer', {
    summary: 'Which channels are captured instead of sent (the console banner)',
    response: { 200: z.object({ captured: z.array(z.string()), refusal: z.string().nullable() }) },
  }, async () => deliveryMode(config.messaging, Boolean(config.databaseUrl)));
  route.get('/api/mailbox', 'editor', {
    summary: 'Captured messages, newest first',
    querystring: z.object({ recipient: z.string().max(200).optional(), channel: z.enum(channels).optional(),
      before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: { 200: z.object({ items: z.array(capturedSummary), total: z.number() }) },
  }, async (request) => listCaptured(db, actorOf(request), request.query));
  route.get('/api/mailbox/:id', 'editor', {
    summary: 'One captured message as it would have been sent',
    params: z.object({ id: z.coerce.number().int().positive() }),
    response: { 200: capturedMessage },
  }, async (request) => getCaptured(db, actorOf(request), request.params.id));
}
