import { createHash } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { z } from 'zod';
import type { WardenConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { applyProcessSettings } from '../process-settings.js';
import { redactingStream, serializeErrorForLog } from '../log-redaction.js';
import { installAccessControl } from './access.js';
import { registerPublicCors } from './cors.js';
import { createMetrics } from './metrics.js';
import { rateLimitOptions } from './rate-limit-key.js';
import { errorToProblem, problem, sendProblem } from './problem.js';
import { swaggerOptions } from './openapi.js';
import { registerRoutes } from './routes.js';
import { neutraliseBidiInResponses, refuseUnstorableText } from './text-guard.js';

export type App = FastifyInstance;

/** Log redaction: credentials and personal data never reach the logs (URL secrets and database error details: src/log-redaction.ts). */
export const redactPaths = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  '*.email', '*.phone', '*.address', '*.password', '*.token', '*.fullName', '*.lat', '*.lon',
  'req.headers["x-csrf-token"]', '*.secret', '*.otpauthUri', '*.code',
];


/** The one app factory: `start`, the CLI, the workers and the tests all build the server here. */
export async function buildApp(ctx: AppContext, opts: { logger?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<App> {
  applyProcessSettings(ctx.config);
  const app = Fastify({
    logger: opts.logger || opts.logStream
      ? { level: ctx.config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' }, serializers: { err: serializeErrorForLog },
        stream: redactingStream(opts.logStream ?? process.stdout) }
      : false,
    bodyLimit: 1024 * 1024,
    trustProxy: trustedProxies(ctx.config.trustProxy),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installSecurityHeaders(app);
  await app.register(cookie);
  await app.register(formbody);
  await registerPublicCors(app);
  await app.register(rateLimit, rateLimitOptions(ctx.config.rateLimits));
  await app.register(swagger, swaggerOptions(() => app.routeTable, ctx.config.publicUrl));
  installAccessControl(app, ctx.db);
  refuseUnstorableText(app);
  neutraliseBidiInResponses(app);
  app.setErrorHandler((error, request, reply) => sendProblem(reply, errorToProblem(error as Error, request)));
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problem('not-found', 404, `no route ${request.method} ${request.url.split('?')[0]}`)));
  installEtags(app);
  const metrics = createMetrics(app);

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['meta'], summary: 'Liveness: the database answers', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'pg']) }) } } }, async () => {
    await ctx.db.query('SELECT 1');
    return { status: 'ok', database: ctx.db.kind };
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { tags: ['meta'], summary: 'Prometheus metrics (text exposition format)',
    response: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } } } } }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.render()));

  await registerRoutes(app.withTypeProvider<ZodTypeProvider>(), ctx);
  return app;
}

/**
 * Fastify's own hop count fails closed (it trusts no hop), so a count becomes "the first n addresses
 * from the socket's side": with 1, the client is the entry the one proxy appended, never the left-most.
 */
function trustedProxies(setting: WardenConfig['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/**
 * Helmet's security headers (CSP and the rest) on every response. The middleware is built once: @fastify/helmet
 * built it again for every request, parsing the CSP directives each time (~10 µs of the check-in route's CPU).
 */
function installSecurityHeaders(app: FastifyInstance): void {
  const headers = helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } } });
  app.addHook('onRequest', (request, reply, done) => headers(request.raw, reply.raw, (error) => done(error as Error | undefined)));
}

/** Weak ETags for routes that ask for them; If-None-Match → 304 with no body. */
function installEtags(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config.etag || request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = `W/"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    reply.header('cache-control', reply.getHeader('cache-control') ?? 'public, max-age=60');
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').map((s) => s.trim()).includes(etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
