import { z } from 'zod';
import { actorOf } from '../http/access.js';
import { declareRoutes } from '../http/declare.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { advisoryInput, advisoryView, countryCode } from './schema.js';
import * as advisories from './service.js';

const ccParams = z.object({ cc: countryCode });
const idParams = z.object({ id: z.uuid() });

export async function advisoryRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'advisories');
  const items = z.object({ items: z.array(advisoryView) });

  route.get('/api/advisories', { access: 'public', etag: true }, { summary: 'Current advisory of every country', response: { 200: items } },
    async () => ({ items: await advisories.listCurrentAdvisories(db) }));

  route.get('/api/advisories/:cc', { access: 'public', etag: true }, { summary: 'Current advisory of a country, with its published history', params: ccParams,
    response: { 200: advisoryView.extend({ history: z.array(advisoryView) }) } }, async (request) => {
    const current = await advisories.getCurrentAdvisory(db, request.params.cc);
    return { ...current, history: await advisories.getAdvisoryHistory(db, request.params.cc) };
  });

  route.get('/api/advisories/:cc/versions', 'viewer', { summary: 'Every version of a country advisory, drafts included', params: ccParams, response: { 200: items } },
    async (request) => ({ items: await advisories.listAdvisoryVersions(db, request.params.cc) }));

  route.post('/api/advisories/:cc/drafts', 'editor', { summary: 'Draft a new version', params: ccParams, body: advisoryInput, response: { 201: advisoryView } },
    async (request, reply) => reply.code(201).send(await advisories.draftAdvisory(db, actorOf(request), request.params.cc, request.body)));

  route.post('/api/advisories/versions/:id/submit', 'editor', { summary: 'Submit a draft for approval', params: idParams, response: { 200: advisoryView } },
    async (request) => advisories.submitAdvisory(db, actorOf(request), request.params.id));

  route.post('/api/advisories/versions/:id/publish', 'approver', { summary: 'Approve and publish a pending version (supersedes the current one)', params: idParams,
    response: { 200: advisoryView } }, async (request) => advisories.publishAdvisory(db, actorOf(request), request.params.id));
}
