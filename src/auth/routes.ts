import { z } from 'zod';
import { actorOf, csrfCookie, sessionCookie } from '../http/access.js';
import type { AppContext, ZodApp } from '../http/app.js';
import { listAudit, verifyAuditLog } from './audit.js';
import * as operators from './operators.js';
import { roles } from './roles.js';
import { newSecretToken } from './tokens.js';

const tags = ['auth'];
const operatorView = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(roles) });

export async function authRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.post('/api/auth/login', {
    config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Sign in; sets an http-only session cookie and returns the token for API use',
      body: z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }),
      response: { 200: z.object({ operator: operatorView, token: z.string(), csrfToken: z.string(), expiresAt: z.string() }) } },
  }, async (request, reply) => {
    const session = await operators.login(db, request.body.email, request.body.password);
    const csrfToken = newSecretToken();
    const cookie = { path: '/', sameSite: 'strict' as const, secure: request.protocol === 'https', expires: session.expiresAt };
    reply.setCookie(sessionCookie, session.token, { ...cookie, httpOnly: true });
    reply.setCookie(csrfCookie, csrfToken, cookie);
    return { operator: session.operator, token: session.token, csrfToken, expiresAt: session.expiresAt.toISOString() };
  });

  app.post('/api/auth/logout', { config: { access: 'viewer' }, schema: { tags, response: { 204: z.null() } } }, async (request, reply) => {
    const token = request.headers.authorization?.slice(7) ?? request.cookies[sessionCookie];
    if (token) await operators.logout(db, token);
    reply.clearCookie(sessionCookie, { path: '/' }).clearCookie(csrfCookie, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/api/auth/me', { config: { access: 'viewer' }, schema: { tags, response: { 200: z.object({ id: z.string().nullable(), label: z.string(), role: z.enum(roles) }) } } },
    async (request) => actorOf(request));

  app.get('/api/operators', { config: { access: 'admin' }, schema: { tags, response: { 200: z.object({ items: z.array(operatorView) }) } } },
    async () => ({ items: await operators.listOperators(db) }));

  app.post('/api/operators', {
    config: { access: 'admin' },
    schema: { tags, body: z.object({ email: z.string(), name: z.string().min(1).max(200), role: z.enum(roles), password: z.string().min(12).max(1000) }), response: { 201: operatorView } },
  }, async (request, reply) => reply.code(201).send(await operators.createOperator(db, actorOf(request), request.body)));

  app.post('/api/auth/tokens', {
    config: { access: 'viewer' },
    schema: { tags, summary: 'Create an API token (shown once)', body: z.object({ name: z.string().min(1).max(200) }), response: { 201: z.object({ id: z.string(), token: z.string() }) } },
  }, async (request, reply) => reply.code(201).send(await operators.createApiToken(db, actorOf(request), request.body.name)));

  app.delete('/api/auth/tokens/:id', { config: { access: 'viewer' }, schema: { tags, params: z.object({ id: z.uuid() }), response: { 204: z.null() } } },
    async (request, reply) => { await operators.revokeApiToken(db, actorOf(request), request.params.id); return reply.code(204).send(null); });

  app.get('/api/audit', {
    config: { access: 'admin' },
    schema: { tags, querystring: z.object({ entity: z.string().optional(), entityId: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().optional() }) },
  }, async (request) => ({ items: await listAudit(db, { ...request.query, beforeSeq: request.query.before }) }));

  app.get('/api/audit/verify', { config: { access: 'admin' }, schema: { tags } }, async () => verifyAuditLog(db));
}
