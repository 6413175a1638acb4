import { z } from 'zod';
import { actorOf } from '../http/access.js';
import { declareRoutes } from '../http/declare.js';
import type { ZodApp } from '../zod-app.js';
import type { Db } from '../db/index.js';
import { alertKinds } from '../vocabulary.js';
import { templateInput, templateView } from './schema.js';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from './templates.js';

const idParams = z.object({ id: z.uuid() });

/** Alert templates (saved per kind). Registered by alertRoutes. */
export async function templateRoutes(app: ZodApp, db: Db): Promise<void> {
  const route = declareRoutes(app, 'alerts');

  route.get('/api/alert-templates', 'viewer', { summary: 'Alert templates, by kind and name', querystring: z.object({ kind: z.enum(alertKinds).optional() }),
      response: { 200: z.object({ items: z.array(templateView) }) } },
    async (request) => ({ items: await listTemplates(db, request.query.kind) }));

  route.post('/api/alert-templates', 'editor', { summary: 'Save a template', body: templateInput, response: { 201: templateView } },
    async (request, reply) => reply.code(201).send(await createTemplate(db, actorOf(request), request.body)));

  route.put('/api/alert-templates/:id', 'editor', { summary: 'Replace a template', params: idParams, body: templateInput, response: { 200: templateView } },
    async (request) => updateTemplate(db, actorOf(request), request.params.id, request.body));

  route.delete('/api/alert-templates/:id', 'editor', { summary: 'Delete a template', params: idParams, response: { 204: z.null() } },
    async (request, reply) => { await deleteTemplate(db, actorOf(request), request.params.id); return reply.code(204).send(null); });
}
