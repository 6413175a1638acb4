import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { AppContext, ZodApp } from '../http/app.js';
import { postInput, postStatusChange, postStatusInput, postView } from './schema.js';
import * as posts from './service.js';

const tags = ['posts'];
const slugParams = z.object({ slug: z.string().min(1).max(80) });

export async function postRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get('/api/posts', {
    config: { access: 'public', etag: true },
    schema: { tags, querystring: z.object({ country: z.string().length(2).optional() }), response: { 200: z.object({ items: z.array(postView) }) } },
  }, async (request) => ({ items: await posts.listPosts(db, request.query.country) }));

  app.get('/api/posts/:slug', {
    config: { access: 'public', etag: true },
    schema: { tags, params: slugParams, response: { 200: postView.extend({ history: z.array(postStatusChange) }) } },
  }, async (request) => ({ ...(await posts.getPost(db, request.params.slug)), history: await posts.getPostHistory(db, request.params.slug) }));

  app.post('/api/posts', { config: { access: 'admin' }, schema: { tags, body: postInput, response: { 201: postView } } },
    async (request, reply) => reply.code(201).send(await posts.createPost(db, actorOf(request), request.body)));

  app.put('/api/posts/:slug/status', {
    config: { access: 'editor' },
    schema: { tags, summary: 'Set the service status (normal, limited, suspended, closed), message, do-not-approach flag and departure posture',
      params: slugParams, body: postStatusInput, response: { 200: postView } },
  }, async (request) => posts.setPostStatus(db, actorOf(request), request.params.slug, request.body));
}
