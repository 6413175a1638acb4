import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { authenticate } from '../auth/operators.js';
import { hasRole, type Actor, type Role } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { problem, sendProblem } from './problem.js';

/** Who may call a route: anyone, or an operator with at least this role. Every route must say. */
export type Access = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Answer with a weak ETag and 304 on If-None-Match (public, cacheable GETs). */
    etag?: boolean;
  }
  interface FastifyInstance {
    /** Every route with its access rule and schema, as registered (the role matrix and fuzz tests read it). */
    routeTable: RouteRecord[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'cookie' | 'bearer' | null;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  access: Access;
  schema?: FastifySchema;
}

export const sessionCookie = 'warden_session';
export const csrfCookie = 'warden_csrf';
/** A traveller's own session (src/checkins/routes-me.ts), apart from operators'. */
export const travellerSessionCookie = 'warden_traveller';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Installs authentication and authorisation for every route:
 * - a route without `config.access` fails at start-up, so no route is accidentally open;
 * - the actor comes from `Authorization: Bearer <token>` (API tokens, sessions) or the session cookie;
 * - cookie-authenticated writes must echo the CSRF cookie in `x-csrf-token` (double submit).
 */
export function installAccessControl(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  const routeTable: RouteRecord[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (url.startsWith('/openapi') || url === '*') return;
    if (!route.config?.access) throw new Error(`route ${route.method} ${url} declares no access rule`);
    for (const method of [route.method].flat()) routeTable.push({ method, url, access: route.config.access, schema: route.schema });
  });
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access) return;
    await resolveActor(request, db);
    if (access === 'public') return;
    return authorize(request, reply, access);
  });
}

async function resolveActor(request: FastifyRequest, db: Db): Promise<void> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    request.actor = await authenticate(db, header.slice(7).trim());
    request.authVia = request.actor ? 'bearer' : null;
    return;
  }
  const cookie = request.cookies?.[sessionCookie];
  if (cookie) {
    request.actor = await authenticate(db, cookie);
    request.authVia = request.actor ? 'cookie' : null;
  }
}

function authorize(request: FastifyRequest, reply: FastifyReply, needed: Role): FastifyReply | undefined {
  if (!request.actor) return sendProblem(reply, problem('unauthorized', 401, 'sign in or send an API token'));
  if (request.authVia === 'cookie' && !safeMethods.has(request.method)) {
    const expected = request.cookies?.[csrfCookie];
    if (!expected || request.headers['x-csrf-token'] !== expected) {
      return sendProblem(reply, problem('forbidden', 403, 'missing or wrong x-csrf-token header'));
    }
  }
  if (!hasRole(request.actor, needed)) return sendProblem(reply, problem('forbidden', 403, `needs the ${needed} role`));
  if (request.actor.scopes && !request.actor.scopes.includes('write') && !safeMethods.has(request.method)) {
    return sendProblem(reply, problem('forbidden', 403, 'this API token is read-only (scope read)'));
  }
  return undefined;
}

/** The acting operator of an authenticated route (access ≠ public guarantees it). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('actorOf called on a route without authentication');
  return request.actor;
}
