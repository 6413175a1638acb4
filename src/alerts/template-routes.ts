import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { ZodApp } from '../zod-app.js';
import type { Db } from '../db/index.js';
import { alertKinds } from '../vocabulary.js';
import { templateInput, templateView } from './schema.js';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from './templates.js';

const idParams = z.object({ id: z.uuid() });
const tags = ['alerts'];

/** Alert templates (saved per kind). Registered by alertRoutes. */
export async function templateRoutes(app: ZodApp, db: Db): Promise<void> {
  app.get('/api/alert-templates', {
    config: { access: 'viewer' },
    schema: { tags, summary: 'Alert templates, by kind and name', querystring: z.object({ kind: z.enum(alertKinds).optional() }), response: { 200: z.object({ items: z.array(templateView) }) } },
  }, async (request) => ({ items: await listTemplates(db, request.query.kind) }));

  app.post('/api/alert-templates', {
    config: { access: 'editor' },
    schema: { tags, summary: 'Save a template', body: templateInput, response: { 201: templateView } },
  }, async (request, reply) => reply.code(201).send(await createTemplate(db, actorOf(request), request.body)));

  app.put('/api/alert-templates/:id', {
    config: { access: 'editor' },
    schema: { tags, summary: 'Replace a template', params: idParams, body: templateInput, response: { 200: templateView } },
  }, async (request) => updateTemplate(db, actorOf(request), request.params.id, request.body));

  app.delete('/api/alert-templates/:id', {
    config: { access: 'editor' },
    schema: { tags, summary: 'Delete a template', params: idParams, response: { 204: z.null() } },
  }, async (request, reply) => { await deleteTemplate(db, actorOf(request), request.params.id); return reply.code(204).send(null); });
}
