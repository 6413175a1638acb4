import { z } from 'zod';
import { advisoryView } from '../advisories/schema.js';
import { alertView } from '../alerts/schema.js';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { postStatusInput, postView } from '../posts/schema.js';
import { overridePostStatus } from '../posts/service.js';
import { listOverrides, overridePublishAdvisory, overridePublishAlert } from './override.js';
import { declareRoutes } from '../http/declare.js';

const reason = z.string().min(10).max(2000);
const flagged = { override: z.literal(true) };

/** Admin emergency overrides of the two-person rule (alerts, Level 4 advisories, post status) and their list. */
export async function overrideRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'overrides');
  route.post('/api/overrides/alerts/:id/publish', 'admin', { summary: 'Emergency: publish a pending alert without a second approver (audited, flagged)',
      params: z.object({ id: z.uuid() }), body: z.object({ reason }), response: { 200: alertView.extend({ deliveries: z.number(), ...flagged }) } }, async (request) => {
    const result = await overridePublishAlert(db, actorOf(request), request.params.id, request.body.reason);
    return { ...result.alert, deliveries: result.deliveries, override: true as const };
  });

  route.post('/api/overrides/advisories/:id/publish', 'admin', { summary: 'Emergency: publish a pending advisory version without a second approver (audited, flagged)',
      params: z.object({ id: z.uuid() }), body: z.object({ reason }), response: { 200: advisoryView.extend(flagged) } }, async (request) => ({ ...(await overridePublishAdvisory(db, actorOf(request), request.params.id, request.body.reason)), override: true as const }));

  route.post('/api/overrides/posts/:slug/status', 'admin', { summary: 'Emergency: set a post status (suspended, closed) without a second approver (audited, flagged)',
      params: z.object({ slug: z.string().min(1).max(80) }), body: postStatusInput.extend({ reason }), response: { 200: postView.extend(flagged) } }, async (request) => {
    const { reason: why, ...input } = request.body;
    return { ...(await overridePostStatus(db, actorOf(request), request.params.slug, input, why)), override: true as const };
  });

  route.get('/api/overrides', 'approver', { summary: 'Every emergency override, newest first (from the audit log)',
      response: { 200: z.object({ items: z.array(z.object({ seq: z.number(), at: z.string(), actorId: z.string().nullable(), actorLabel: z.string(), action: z.string(), entity: z.string(), entityId: z.string().nullable(), reason: z.string(), override: z.literal(true) })) }) } }, async () => ({ items: await listOverrides(db) }));
}
