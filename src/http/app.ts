import { createHash } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault, type RawReplyDefaultExpression, type RawRequestDefaultExpression } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WardenConfig } from '../config.js';
import type { Db } from '../db/index.js';
import { installAccessControl } from './access.js';
import { registerPublicCors } from './cors.js';
import { createMetrics } from './metrics.js';
import { errorToProblem, problem, sendProblem } from './problem.js';
import { registerRoutes } from './routes.js';

export interface AppContext {
  db: Db;
  config: WardenConfig;
}

export type App = FastifyInstance;
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Log redaction: credentials and personal data never reach the logs. */
export const redactPaths = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  '*.email', '*.phone', '*.address', '*.password', '*.token', '*.fullName', '*.lat', '*.lon',
  'req.headers["x-csrf-token"]', '*.secret', '*.otpauthUri', '*.code',
];

/**
 * Rate limits per minute, per key: an operator's token or session when signed in, else the client IP.
 * Reads and writes count separately; public writes (sign-in, subscriptions, check-ins) are stricter and
 * routes may set their own. Only /api is limited here. Settings: WARDEN_RATE_LIMIT_{READS,WRITES,PUBLIC_WRITES}.
 */
function rateLimits(env: NodeJS.ProcessEnv = process.env) {
  const n = (value: string | undefined, fallback: number) => (value && Number.isInteger(Number(value)) && Number(value) > 0 ? Number(value) : fallback);
  return { reads: n(env.WARDEN_RATE_LIMIT_READS, 1200), writes: n(env.WARDEN_RATE_LIMIT_WRITES, 300), publicWrites: n(env.WARDEN_RATE_LIMIT_PUBLIC_WRITES, 30) };
}
const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The one app factory: `start`, the CLI, the workers and the tests all build the server here. */
export async function buildApp(ctx: AppContext, opts: { logger?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger || opts.logStream
      ? { level: ctx.config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' }, ...(opts.logStream ? { stream: opts.logStream } : {}) }
      : false,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(helmet, { contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } } });
  await app.register(cookie);
  await app.register(formbody);
  await registerPublicCors(app);
  const limits = rateLimits();
  await app.register(rateLimit, {
    global: true,
    timeWindow: '1 minute',
    allowList: (request) => !request.url.startsWith('/api/'),
    // Runs after authentication, so a signed-in caller is limited per credential (hashed), anyone else per IP.
    keyGenerator: (request) => {
      const kind = readMethods.has(request.method) ? 'r' : 'w';
      const credential = request.actor ? (request.headers.authorization ?? request.cookies?.warden_session ?? '') : '';
      return credential ? `${kind}:t:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}` : `${kind}:ip:${request.ip}`;
    },
    max: (request) => readMethods.has(request.method) ? limits.reads
      : request.routeOptions.config.access === 'public' ? limits.publicWrites : limits.writes,
  });
  await app.register(swagger, {
    openapi: { info: { title: 'Warden API', version: '0.1.0', description: 'Advisories, posts, travellers, alerts and check-ins.' } },
    transform: jsonSchemaTransform,
  });
  installAccessControl(app, ctx.db);
  refuseNulCharacters(app);
  app.setErrorHandler((error, request, reply) => sendProblem(reply, errorToProblem(error as Error, request)));
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problem('not-found', 404, `no route ${request.method} ${request.url.split('?')[0]}`)));
  installEtags(app);
  const metrics = createMetrics(app);

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => {
    await ctx.db.query('SELECT 1');
    return { status: 'ok', database: ctx.db.kind };
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.render()));

  await registerRoutes(app.withTypeProvider<ZodTypeProvider>(), ctx);
  return app;
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in the input would fail deep in a service with a 500.
 * Refuse it up front, naming the field, for every route (found by the fuzz tests).
 */
function refuseNulCharacters(app: FastifyInstance): void {
  const find = (value: unknown, path: string, depth = 0): string | null => {
    if (typeof value === 'string') return value.includes('\u0000') ? path : null;
    if (depth > 64 || value === null || typeof value !== 'object') return null;
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
      const hit = find(v, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
      if (hit !== null) return hit;
    }
    return null;
  };
  app.addHook('preValidation', async (request, reply) => {
    for (const [where, value] of [['', request.body], ['query', request.query], ['params', request.params]] as const) {
      const field = find(value, where);
      if (field !== null) {
        const name = field || 'body';
        return sendProblem(reply, problem('validation', 400, `${name}: must not contain the NUL character`, [{ field: name, message: 'must not contain the NUL character' }]));
      }
    }
    return undefined;
  });
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
