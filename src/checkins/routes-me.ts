/**
 * The traveller's side. POST /api/me/login {email} e-mails a one-time sign-in link (always 202, so
 * the answer does not tell who is enrolled); GET /api/me/session?token= uses it and sets the
 * warden_traveller cookie (http-only, SameSite=Strict); GET /api/me; PUT /api/me/contacts (JSON only,
 * which with the Strict cookie keeps cross-site forms out); POST /api/me/logout.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodApp } from '../http/app.js';
import { problem, sendProblem } from '../http/problem.js';
import { contactInput } from '../travellers/schema.js';
import { consumeLoginToken, createLoginToken, endSession, myOverview, replaceMyContacts, travellerOfSession } from './me.js';
import type { CheckinServices } from './services.js';

export const travellerCookie = 'warden_traveller';
const tags = ['me'];

export async function meRoutes(app: ZodApp, s: CheckinServices): Promise<void> {
  const secure = s.config.publicUrl.startsWith('https:');

  async function traveller(request: FastifyRequest, reply: FastifyReply): Promise<string | null> {
    const id = await travellerOfSession(s.db, request.cookies?.[travellerCookie]);
    if (!id) sendProblem(reply, problem('unauthorized', 401, 'sign in with the link e-mailed by POST /api/me/login'));
    return id;
  }

  app.post('/api/me/login', {
    config: { access: 'public', rateLimit: { max: 5, timeWindow: '15 minutes' } },
    schema: { tags, summary: 'E-mail me a sign-in link', body: z.object({ email: z.string().min(3).max(320) }), response: { 202: z.object({ status: z.string() }) } },
  }, async (request, reply) => {
    const login = await createLoginToken(s.db, request.body.email, s.settings.traveller.linkMinutes);
    if (login && s.channels.email) {
      // The page at /me exchanges the token for a session (GET /api/me/session) and drops it from the address bar.
      const link = `${s.config.publicUrl}/me?token=${login.token}`;
      const result = await s.channels.email.send({ deliveryId: `login-${login.token.slice(0, 16)}`, channel: 'email', to: request.body.email.trim().toLowerCase(),
        subject: 'Your Warden sign-in link',
        text: `Open this link to see your trips, alerts and answers (valid ${s.settings.traveller.linkMinutes} minutes, once):\n\n${link}\n\nIf you did not ask for it, ignore this message.` });
      if (result.outcome !== 'sent') request.log.warn(`sign-in link not sent: ${result.reason}`);
    } else if (login) {
      request.log.warn('sign-in link not sent: no SMTP relay configured (WARDEN_SMTP_HOST)');
    }
    return reply.code(202).send({ status: 'if this address is enrolled, a sign-in link is on its way' });
  });

  app.get('/api/me/session', {
    config: { access: 'public', rateLimit: { max: 20, timeWindow: '15 minutes' } },
    schema: { tags, summary: 'Use a sign-in link: sets the traveller session cookie', querystring: z.object({ token: z.string().min(1).max(200) }) },
  }, async (request, reply) => {
    const session = await consumeLoginToken(s.db, request.query.token, s.settings.traveller.sessionHours);
    if (!session) return sendProblem(reply, problem('unauthorized', 401, 'this sign-in link is unknown, used or expired; ask for a new one'));
    reply.setCookie(travellerCookie, session.session, { httpOnly: true, sameSite: 'strict', secure, path: '/api/me', expires: session.expiresAt });
    return reply.header('cache-control', 'no-store').send({ signedIn: true, expiresAt: session.expiresAt.toISOString(), next: '/api/me' });
  });

  app.get('/api/me', {
    config: { access: 'public' },
    schema: { tags, summary: 'My trips, my alerts, my answers' },
  }, async (request, reply) => {
    const id = await traveller(request, reply);
    if (!id) return reply;
    return reply.header('cache-control', 'no-store').send(await myOverview(s.db, id));
  });

  app.put('/api/me/contacts', {
    config: { access: 'public' },
    schema: { tags, summary: 'Replace my contact points (validated like enrolment; at least one e-mail)',
      body: z.object({ contacts: z.array(contactInput).min(1, 'at least one way to reach you').max(20) }) },
  }, async (request, reply) => {
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return sendProblem(reply, problem('bad-request', 415, 'send JSON'));
    const id = await traveller(request, reply);
    if (!id) return reply;
    return { contacts: await replaceMyContacts(s.db, id, request.body.contacts) };
  });

  app.post('/api/me/logout', {
    config: { access: 'public' },
    schema: { tags, summary: 'Sign out' },
  }, async (request, reply) => {
    const session = request.cookies?.[travellerCookie];
    if (session) await endSession(s.db, session);
    reply.clearCookie(travellerCookie, { path: '/api/me' });
    return reply.code(204).send();
  });
}
