import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { advisoryInput, advisoryView, countryCode } from './schema.js';
import * as advisories from './service.js';

const ccParams = z.object({ cc: countryCode });
const idParams = z.object({ id: z.uuid() });
const tags = ['advisories'];

export async function advisoryRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get('/api/advisories', {
    config: { access: 'public', etag: true },
    schema: { tags, summary: 'Current advisory of every country', response: { 200: z.object({ items: z.array(advisoryView) }) } },
  }, async () => ({ items: await advisories.listCurrentAdvisories(db) }));

  app.get('/api/advisories/:cc', {
    config: { access: 'public', etag: true },
    schema: { tags, summary: 'Current advisory of a country, with its published history', params: ccParams,
      response: { 200: advisoryView.extend({ history: z.array(advisoryView) }) } },
  }, async (request) => {
    const current = await advisories.getCurrentAdvisory(db, request.params.cc);
    return { ...current, history: await advisories.getAdvisoryHistory(db, request.params.cc) };
  });

  app.get('/api/advisories/:cc/versions', {
    config: { access: 'viewer' },
    schema: { tags, summary: 'Every version of a country advisory, drafts included', params: ccParams, response: { 200: z.object({ items: z.array(advisoryView) }) } },
  }, async (request) => ({ items: await advisories.listAdvisoryVersions(db, request.params.cc) }));

  app.post('/api/advisories/:cc/drafts', {
    config: { access: 'editor' },
    schema: { tags, summary: 'Draft a new version', params: ccParams, body: advisoryInput, response: { 201: advisoryView } },
  }, async (request, reply) => reply.code(201).send(await advisories.draftAdvisory(db, actorOf(request), request.params.cc, request.body)));

  app.post('/api/advisories/versions/:id/submit', {
    config: { access: 'editor' },
    schema: { tags, summary: 'Submit a draft for approval', params: idParams, response: { 200: advisoryView } },
  }, async (request) => advisories.submitAdvisory(db, actorOf(request), request.params.id));

  app.post('/api/advisories/versions/:id/publish', {
    config: { access: 'approver' },
    schema: { tags, summary: 'Approve and publish a pending version (supersedes the current one)', params: idParams, response: { 200: advisoryView } },
  }, async (request) => advisories.publishAdvisory(db, actorOf(request), request.params.id));
}
