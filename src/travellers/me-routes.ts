/**
 * The traveller's side. POST /api/me/login {email} e-mails a one-time sign-in link (always 202, so
 * the answer does not tell who is enrolled); GET /api/me/session?token= uses it and sets the
 * warden_traveller cookie (http-only, SameSite=Strict); GET /api/me; PUT /api/me/contacts (JSON only,
 * which with the Strict cookie keeps cross-site forms out); POST /api/me/logout.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodApp } from '../zod-app.js';
import { problem, sendProblem } from '../http/problem.js';
import { sessionTraveller, travellerCookie } from '../http/traveller-session.js';
import { consumeLoginToken, emailSignInLink, endSession, myOverview, replaceMyContacts, signInMailer, type SelfServiceParts } from './me.js';
import { contactInput, myContactView, myOverviewView } from './schema.js';

const tags = ['me'];
/** The traveller's own routes need the session cookie a sign-in link sets (OpenAPI security scheme `traveller`). */
const travellerSecurity = [{ traveller: [] }];

export async function meRoutes(app: ZodApp, s: SelfServiceParts): Promise<void> {
  const secure = s.config.publicUrl.startsWith('https:');

  const traveller = (request: FastifyRequest, reply: FastifyReply) => sessionTraveller(s.db, request, reply);

  app.post('/api/me/login', {
    config: { access: 'public', rateLimit: { max: 5, timeWindow: '15 minutes' } },
    schema: { tags, summary: 'E-mail me a sign-in link', body: z.object({ email: z.string().min(3).max(320) }), response: { 202: z.object({ status: z.string() }) } },
  }, async (request, reply) => {
    await emailSignInLink(signInMailer(s), request.body.email);
    return reply.code(202).send({ status: 'if this address is enrolled, a sign-in link is on its way' });
  });

  app.get('/api/me/session', {
    config: { access: 'public', rateLimit: { max: 20, timeWindow: '15 minutes' } },
    schema: { tags, summary: 'Use a sign-in link: sets the traveller session cookie', querystring: z.object({ token: z.string().min(1).max(200) }),
      response: { 200: z.object({ signedIn: z.literal(true), expiresAt: z.string(), next: z.string() }) } },
  }, async (request, reply) => {
    const session = await consumeLoginToken(s.db, request.query.token, s.settings.traveller.sessionHours);
    if (!session) return sendProblem(reply, problem('unauthorized', 401, 'this sign-in link is unknown, used or expired; ask for a new one'));
    reply.setCookie(travellerCookie, session.session, { httpOnly: true, sameSite: 'strict', secure, path: '/api/me', expires: session.expiresAt });
    return reply.header('cache-control', 'no-store').send({ signedIn: true, expiresAt: session.expiresAt.toISOString(), next: '/api/me' });
  });

  app.get('/api/me', {
    config: { access: 'public' },
    schema: { tags, summary: 'My trips, my alerts, my answers', security: travellerSecurity, response: { 200: myOverviewView } },
  }, async (request, reply) => {
    const id = await traveller(request, reply);
    if (!id) return reply;
    return reply.header('cache-control', 'no-store').send(await myOverview(s.db, id));
  });

  app.put('/api/me/contacts', {
    config: { access: 'public' },
    schema: { tags, summary: 'Replace my contact points (validated like enrolment; at least one e-mail)',
      body: z.object({ contacts: z.array(contactInput).min(1, 'at least one way to reach you').max(20) }),
      security: travellerSecurity, response: { 200: z.object({ contacts: z.array(myContactView) }) } },
  }, async (request, reply) => {
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return sendProblem(reply, problem('bad-request', 415, 'send JSON'));
    const id = await traveller(request, reply);
    if (!id) return reply;
    return { contacts: await replaceMyContacts(s.db, id, request.body.contacts) };
  });

  app.post('/api/me/logout', {
    config: { access: 'public' },
    schema: { tags, summary: 'Sign out', security: travellerSecurity, response: { 204: z.null() } },
  }, async (request, reply) => {
    const session = request.cookies?.[travellerCookie];
    if (session) await endSession(s.db, session);
    reply.clearCookie(travellerCookie, { path: '/api/me' });
    return reply.code(204).send(null);
  });
}
