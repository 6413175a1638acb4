/**
 * Check-in by link: GET /c/:token (the page), POST /c/:token (the form, or JSON with
 * Content-Type application/json → JSON answers). Unknown token → 404, expired → 410; an address that
 * tried WARDEN_CHECKIN_INVALID_MAX unknown tokens gets 429 + Retry-After for further unknown tokens
 * (valid links keep working from that address).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkinNumber } from '../alerts/checkin-token.js';
import type { ZodApp } from '../zod-app.js';
import { problem, problemSchema, sendProblem } from '../http/problem.js';
import { lookupToken } from './answers.js';
import { AnswerBatcher } from './batcher.js';
import { InvalidTries } from './invalid-tries.js';
import { pageContext } from './page-context.js';
import { checkinCss, checkinPage, problemPage } from './page.js';
import { addPushContact } from '../travellers/me.js';
import { answers, checkinInput } from './schema.js';
import type { CheckinServices } from './services.js';

const tokenParams = z.object({ token: z.string() });
const tags = ['check-ins'];

export async function linkRoutes(app: ZodApp, s: CheckinServices): Promise<void> {
  const invalid = new InvalidTries(s.settings.invalidMax, s.settings.invalidWindowSec * 1000);
  const grace = s.settings.graceHours;
  const batcher = new AnswerBatcher(s.db, grace, s.duty);
  const wantsJson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').includes('json') || (request.headers.accept ?? '').startsWith('application/json');

  /** Guards every check-in request; returns a sent reply when the request must stop here. */
  function refuse(request: FastifyRequest, reply: FastifyReply, state: 'blocked' | 'unknown' | 'expired', retryAfter = 0): FastifyReply {
    if (state === 'unknown') invalid.record(request.ip);
    const json = wantsJson(request);
    if (state === 'blocked') {
      reply.header('retry-after', String(retryAfter));
      if (json) return sendProblem(reply, problem('rate-limited', 429, `too many invalid check-in links from this address; retry in ${retryAfter} s`));
      return reply.code(429).type('text/html; charset=utf-8').send(problemPage('unknown'));
    }
    const status = state === 'unknown' ? 404 : 410;
    if (json) return sendProblem(reply, problem(state === 'unknown' ? 'checkin-link-unknown' : 'checkin-link-expired', status,
      state === 'unknown' ? 'this check-in link is not valid' : 'this check-in link has expired with its alert'));
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(problemPage(state));
  }

  /**
   * The check-in number of the request's link, or null once a refusal has been sent: the link is not one
   * of ours (checked by its MAC, without a query), and the address is blocked after too many bad links.
   * A link that carries our MAC always passes, blocked address or not: the block only slows scanners, and
   * everyone behind one carrier NAT must still be able to answer (a MAC cannot be guessed).
   */
  function admit(request: FastifyRequest, reply: FastifyReply, token: string): string | null {
    const checkinNo = checkinNumber(s.config.secret, token);
    if (checkinNo) return checkinNo;
    const blocked = invalid.blockedFor(request.ip);
    if (blocked) refuse(request, reply, 'blocked', blocked);
    else refuse(request, reply, 'unknown');
    return null;
  }

  app.get('/c/style.css', { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(checkinCss));

  app.get('/c/:token', {
    config: { access: 'public' },
    schema: { tags, summary: 'The check-in page of one recipient (HTML, works without JavaScript)', params: tokenParams,
      response: { 200: { description: 'The check-in page (HTML)', content: { 'text/html': { schema: z.string() } } }, 410: { description: 'The link expired or was voided (HTML)', content: { 'text/html': { schema: z.string() } } } } },
  }, async (request, reply) => {
    const { token } = request.params;
    const checkinNo = admit(request, reply, token);
    if (!checkinNo) return reply;
    const found = await lookupToken(s.db, checkinNo, grace);
    if (found.state !== 'valid') return refuse(request, reply, found.state);
    const crisis = await pageContext(s.db, found.alertId, found.travellerId, found.language);
    const departureSaved = (request.query as { departure?: string } | undefined)?.departure === 'requested';
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer')
      .send(checkinPage({ token, language: found.language, headline: found.headline, current: found.current, crisis, departureSaved }));
  });

  app.post('/c/:token', {
    config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (r: FastifyRequest) => `checkin:${(r.params as { token?: string }).token ?? ''}` } },
    bodyLimit: 16 * 1024,
    schema: { tags, summary: 'Answer a check-in (form fields or JSON: answer, message, place, lat, lon)', params: tokenParams,
      response: {
        200: { description: 'Form posts: the page again, showing the answer saved (HTML)', content: { 'text/html': { schema: z.string() } } },
        201: z.object({ alertId: z.string(), answer: z.enum(answers), answeredAt: z.string(), channel: z.literal('link') }).describe('JSON posts (Accept: application/json)'),
        422: { description: 'Invalid answer: the page with the errors (HTML), or problem details for JSON posts', content: { 'text/html': { schema: z.string() }, 'application/problem+json': { schema: problemSchema } } },
      } },
  }, async (request, reply) => {
    const { token } = request.params;
    const checkinNo = admit(request, reply, token);
    if (!checkinNo) return reply;
    const parsed = checkinInput.safeParse(request.body ?? {});
    if (!parsed.success) {
      const found = await lookupToken(s.db, checkinNo, grace);
      if (found.state !== 'valid') return refuse(request, reply, found.state);
      const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
      if (wantsJson(request)) return sendProblem(reply, problem('validation', 422, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors));
      return reply.code(422).type('text/html; charset=utf-8').send(checkinPage({ token, language: found.language, headline: found.headline, current: found.current,
        errors: errors.map((e) => `${e.field}: ${e.message}`) }));
    }
    const recorded = await batcher.submit(checkinNo, parsed.data);
    if (!recorded) {
      const found = await lookupToken(s.db, checkinNo, grace);
      return refuse(request, reply, found.state === 'valid' ? 'unknown' : found.state);
    }
    s.afterAnswer(recorded);
    if (wantsJson(request)) {
      return reply.code(201).send({ alertId: recorded.alertId, answer: recorded.answer, answeredAt: recorded.answeredAt.toISOString(), channel: 'link' });
    }
    const found = await lookupToken(s.db, checkinNo, grace);
    if (found.state !== 'valid') return refuse(request, reply, found.state);
    const crisis = await pageContext(s.db, found.alertId, found.travellerId, found.language);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store')
      .send(checkinPage({ token, language: found.language, headline: found.headline, current: found.current, saved: true, crisis }));
  });

  app.post('/c/:token/push', {
    config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    bodyLimit: 8 * 1024,
    schema: { tags, summary: "Add this browser's push subscription to the recipient's contact points (from the check-in page)", params: tokenParams,
      body: z.object({ subscription: z.string().min(10).max(4096).describe('PushSubscription.toJSON(), as JSON text') }),
      response: { 201: z.object({ channel: z.literal('webpush'), added: z.boolean() }) } },
  }, async (request, reply) => {
    const checkinNo = admit(request, reply, request.params.token);
    if (!checkinNo) return reply;
    const found = await lookupToken(s.db, checkinNo, grace);
    if (found.state !== 'valid') return refuse(request, reply, found.state);
    const { added } = await addPushContact(s.db, found.travellerId, request.body.subscription);
    return reply.code(201).send({ channel: 'webpush', added });
  });
}
