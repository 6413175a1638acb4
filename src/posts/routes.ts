import { z } from 'zod';
import { actorOf } from '../http/access.js';
import { declareRoutes } from '../http/declare.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { assistanceInput } from '../alerts/schema.js';
import { assistanceFor } from './assistance.js';
import { postInput, postStatusChange, postStatusInput, postStatusRequestView, postView } from './schema.js';
import * as posts from './service.js';
import { statusRequestStates } from '../vocabulary.js';

const slugParams = z.object({ slug: z.string().min(1).max(80) });
const idParams = z.object({ id: z.uuid() });

export async function postRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'posts');

  route.get('/api/posts', { access: 'public', etag: true }, { summary: 'Embassies and consulates with their service status', querystring: z.object({ country: z.string().length(2).optional() }),
      response: { 200: z.object({ items: z.array(postView) }) } },
    async (request) => ({ items: await posts.listPosts(db, request.query.country) }));

  route.get('/api/posts/assistance', 'public', { summary: 'The "Assistance" section for an alert to these countries and subdivisions: the posts as contact cards, and their "do not approach" notes',
      querystring: z.object({ countries: z.string().max(2000).default(''), subdivisions: z.string().max(5000).default('') }), response: { 200: assistanceInput } }, async (request) => {
    const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean).slice(0, 500);
    return assistanceFor(db, { countries: list(request.query.countries).filter((c) => c.length === 2), subdivisions: list(request.query.subdivisions) });
  });

  route.get('/api/posts/:slug', { access: 'public', etag: true }, { summary: 'One post with its status history', params: slugParams,
      response: { 200: postView.extend({ history: z.array(postStatusChange) }) } },
    async (request) => ({ ...(await posts.getPost(db, request.params.slug)), history: await posts.getPostHistory(db, request.params.slug) }));

  route.post('/api/posts', 'admin', { summary: 'Add a post', body: postInput, response: { 201: postView } },
    async (request, reply) => reply.code(201).send(await posts.createPost(db, actorOf(request), request.body)));

  route.put('/api/posts/:slug/status', 'editor', { summary: 'Set the service status: normal and limited apply at once (200); suspended and closed become a request a second operator approves (202)',
      params: slugParams, body: postStatusInput, response: { 200: postView, 202: z.object({ request: postStatusRequestView }) } }, async (request, reply) => {
    const result = await posts.changePostStatus(db, actorOf(request), request.params.slug, request.body);
    return 'post' in result ? reply.code(200).send(result.post) : reply.code(202).send({ request: result.request });
  });

  route.get('/api/posts/status-requests', 'editor', { summary: 'Status changes awaiting (or past) a second operator\'s decision',
      querystring: z.object({ state: z.enum(statusRequestStates).optional(), slug: z.string().max(80).optional() }),
      response: { 200: z.object({ items: z.array(postStatusRequestView) }) } }, async (request) => ({ items: await posts.listStatusRequests(db, request.query) }));

  route.post('/api/posts/status-requests/:id/approve', 'approver', { summary: 'Approve a pending status change (not your own) and apply it', params: idParams,
      response: { 200: postView } },
    async (request) => posts.approveStatusRequest(db, actorOf(request), request.params.id));

  route.post('/api/posts/status-requests/:id/reject', 'approver', { summary: 'Reject a pending status change', params: idParams,
      response: { 200: postStatusRequestView } },
    async (request) => posts.rejectStatusRequest(db, actorOf(request), request.params.id));
}
