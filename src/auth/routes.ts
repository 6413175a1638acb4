import { z } from 'zod';
import { enqueueMessages } from '../delivery/outbox.js';
import { actorOf, csrfCookie, sessionCookie } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { listAudit, verifyAuditLog } from './audit.js';
import { throttle } from './lockout.js';
import * as operators from './operators.js';
import { overrideRoutes } from './override-routes.js';
import { roles, tokenScopes } from './roles.js';
import { newSecretToken } from './tokens.js';
import { declareRoutes } from '../http/declare.js';

const operatorView = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(roles) });
const operatorListing = operatorView.extend({ disabled: z.boolean() });

const tokenView = z.object({ id: z.string(), name: z.string(), scopes: z.array(z.enum(tokenScopes)), createdAt: z.string(), revokedAt: z.string().nullable() });

const auditView = z.object({
  seq: z.number().int(), at: z.string(), actor_id: z.string().nullable(), actor_label: z.string(), action: z.string(), entity: z.string(), entity_id: z.string().nullable(),
  before: z.unknown(), after: z.unknown(),
});

export async function authRoutes(app: ZodApp, ctx: AppContext): Promise<void> {
  const route = declareRoutes(app, 'auth');
  const { db, config } = ctx;
  /** The unlock e-mail after repeated failed sign-ins, through the outbox; its link opens the console sign-in with the code filled in. */
  const unlockMailer = async (to: string, unlock: string) => {
    await enqueueMessages(db, [{ kind: 'operator_unlock', channel: 'email', address: to, content: { subject: 'Warden: unlock your sign-in',
      text: `There were repeated failed attempts to sign in to Warden as ${to}. To sign in, open this link (valid ${throttle.unlockMinutes} minutes) and enter your password:\n\n`
        + `${config.publicUrl}/console?unlock=${unlock}\n\nIf these attempts were not yours, tell your administrator; your password was not accepted.` } }]);
  };
  route.post('/api/auth/login', { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } }, {
    summary: 'Sign in; sets an http-only session cookie and returns the token for API use',
    body: z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000), code: z.string().regex(/^\d{6}$/, 'must be 6 digits').optional(),
      unlock: z.string().min(1).max(200).optional() }),
    response: { 200: z.object({ operator: operatorView, token: z.string(), csrfToken: z.string(), expiresAt: z.string() }) },
  }, async (request, reply) => {
    const session = await operators.login(db, request.body.email, request.body.password,
      { code: request.body.code, unlock: request.body.unlock, serverSecret: config.secret, address: request.ip, sendUnlock: unlockMailer });
    const csrfToken = newSecretToken();
    const cookie = { path: '/', sameSite: 'strict' as const, secure: request.protocol === 'https', expires: session.expiresAt };
    reply.setCookie(sessionCookie, session.token, { ...cookie, httpOnly: true });
    reply.setCookie(csrfCookie, csrfToken, cookie);
    return { operator: session.operator, token: session.token, csrfToken, expiresAt: session.expiresAt.toISOString() };
  });

  route.post('/api/auth/logout', 'viewer', { summary: 'Sign out: ends this session', response: { 204: z.null() } }, async (request, reply) => {
    const token = request.headers.authorization?.slice(7) ?? request.cookies[sessionCookie];
    if (token) await operators.logout(db, token);
    reply.clearCookie(sessionCookie, { path: '/' }).clearCookie(csrfCookie, { path: '/' });
    return reply.code(204).send(null);
  });

  route.get('/api/auth/me', 'viewer', { summary: 'Who is signed in, with which role', response: { 200: z.object({ id: z.string().nullable(), label: z.string(), role: z.enum(roles) }) } },
    async (request) => actorOf(request));

  route.get('/api/operators', 'admin', { summary: 'Every operator, disabled ones included', response: { 200: z.object({ items: z.array(operatorListing) }) } },
    async () => ({ items: await operators.listOperators(db) }));

  route.patch('/api/operators/:id', 'admin', {
    summary: 'Change an operator\'s role or disable/re-enable them; disabling ends their sessions and revokes their tokens at once (audited)',
    params: z.object({ id: z.uuid() }),
    body: z.object({ role: z.enum(roles).optional(), disabled: z.boolean().optional() }).refine((b) => b.role !== undefined || b.disabled !== undefined, { message: 'give role or disabled' }),
    response: { 200: operatorListing },
  }, async (request) => operators.updateOperator(db, actorOf(request), request.params.id, request.body));

  route.delete('/api/operators/:id', 'admin', {
    summary: 'Disable an operator (the account and its audit history stay): sessions ended, tokens revoked',
    params: z.object({ id: z.uuid() }),
    response: { 204: z.null() },
  }, async (request, reply) => { await operators.updateOperator(db, actorOf(request), request.params.id, { disabled: true }); return reply.code(204).send(null); });

  route.delete('/api/operators/:id/sessions', 'admin', {
    summary: 'End every session of an operator (audited)',
    params: z.object({ id: z.uuid() }),
    response: { 200: z.object({ sessionsEnded: z.number().int() }) },
  }, async (request) => operators.endOperatorSessions(db, actorOf(request), request.params.id));

  route.post('/api/operators', 'admin', {
    summary: 'Create an operator (audited)',
    body: z.object({ email: z.string(), name: z.string().min(1).max(200), role: z.enum(roles), password: z.string().min(12).max(1000) }),
    response: { 201: operatorView },
  }, async (request, reply) => reply.code(201).send(await operators.createOperator(db, actorOf(request), request.body)));

  route.post('/api/auth/tokens', 'viewer', {
    summary: 'Create an API token (shown once); scopes ["read"] (default) or ["read", "write"]',
    body: z.object({ name: z.string().min(1).max(200), scopes: z.array(z.enum(tokenScopes)).min(1).max(2).default(['read']) }),
    response: { 201: z.object({ id: z.string(), token: z.string(), scopes: z.array(z.enum(tokenScopes)) }) },
  }, async (request, reply) => reply.code(201).send(await operators.createApiToken(db, actorOf(request), request.body.name, request.body.scopes)));

  route.get('/api/auth/tokens', 'viewer', { summary: 'Your API tokens (never their secrets)', response: { 200: z.object({ items: z.array(tokenView) }) } },
    async (request) => ({ items: await operators.listApiTokens(db, actorOf(request)) }));

  route.post('/api/auth/totp', { access: 'viewer', rateLimit: { max: 10, timeWindow: '1 minute' } }, {
    summary: 'Start enrolling a TOTP second factor: the secret and otpauth URI are shown once; confirm with a code',
    response: { 201: z.object({ secret: z.string(), otpauthUri: z.string() }) },
  }, async (request, reply) => reply.code(201).send(await operators.startTotpEnrolment(db, actorOf(request), config.secret)));

  route.post('/api/auth/totp/confirm', { access: 'viewer', rateLimit: { max: 10, timeWindow: '1 minute' } }, {
    summary: 'Activate TOTP with a current code; sign-in then needs a code',
    body: z.object({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') }),
    response: { 204: z.null() },
  }, async (request, reply) => { await operators.confirmTotpEnrolment(db, actorOf(request), config.secret, request.body.code); return reply.code(204).send(null); });

  route.delete('/api/operators/:id/totp', 'admin', { summary: 'Reset an operator\'s second factor (lost device)', params: z.object({ id: z.uuid() }), response: { 204: z.null() } },
    async (request, reply) => { await operators.resetTotp(db, actorOf(request), request.params.id); return reply.code(204).send(null); });

  route.delete('/api/auth/tokens/:id', 'viewer', { summary: 'Revoke one of your API tokens', params: z.object({ id: z.uuid() }), response: { 204: z.null() } },
    async (request, reply) => { await operators.revokeApiToken(db, actorOf(request), request.params.id); return reply.code(204).send(null); });

  route.get('/api/audit', 'admin', {
    summary: 'The audit log, newest first (page with `before`)',
    querystring: z.object({ entity: z.string().optional(), entityId: z.string().optional(), limit: z.coerce.number().int().min(1).max(500).default(100), before: z.coerce.number().int().optional() }),
    response: { 200: z.object({ items: z.array(auditView) }) },
  }, async (request) => ({
    items: (await listAudit(db, { ...request.query, beforeSeq: request.query.before })).map((row) => ({ ...row, seq: Number(row.seq), at: row.at.toISOString() })),
  }));

  route.get('/api/audit/verify', 'admin', {
    summary: 'Re-compute the hash chain; names the first row that does not match',
    response: { 200: z.object({ ok: z.boolean(), rows: z.number().int(), firstBadSeq: z.number().int().optional(), reason: z.string().optional() }) },
  }, async () => verifyAuditLog(db));

  await overrideRoutes(app, ctx);
}
