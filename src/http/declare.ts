/**
 * A route in one call: its method and URL, who may call it (`config.access`, which every route must declare:
 * access.ts refuses one without), its summary and zod schemas, and its handler — with the OpenAPI tag of the
 * route file folded in, instead of the `config` / `schema` / `tags` block each route repeated. The handler is
 * typed from the schemas exactly as with app.get / app.post (fastify-type-provider-zod).
 */
import type {
  ContextConfigDefault, FastifyBaseLogger, FastifyContextConfig, FastifySchema, HTTPMethods, RawReplyDefaultExpression, RawRequestDefaultExpression,
  RawServerDefault, RouteGenericInterface, RouteHandlerMethod,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodApp } from '../zod-app.js';
import type { Access } from './access.js';

export type ZodHandler<S extends FastifySchema> = RouteHandlerMethod<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression,
  RouteGenericInterface, ContextConfigDefault, S, ZodTypeProvider, FastifyBaseLogger>;

/** Who may call it, and the options some routes add: a weak ETag (public GETs), a rate limit of its own, a larger body limit. */
export type RouteAccess = Access | { access: Access; etag?: boolean; rateLimit?: FastifyContextConfig['rateLimit']; bodyLimit?: number };

type Declare = <const S extends FastifySchema & { summary: string }>(url: string, access: RouteAccess, schema: S, handler: ZodHandler<S>) => void;

/** The declarers of one route file: `routes.get(url, access, { summary, params, response }, handler)`. */
export function declareRoutes(app: ZodApp, tag: string): Record<'get' | 'post' | 'put' | 'patch' | 'delete', Declare> {
  const tags = [tag];
  const declare = (method: HTTPMethods): Declare => (url, access, schema, handler) => {
    const { bodyLimit, ...config } = typeof access === 'string' ? { access } as Exclude<RouteAccess, Access> : access;
    app.route({ method, url, config, ...(bodyLimit ? { bodyLimit } : {}), schema: { tags, ...schema }, handler });
  };
  return { get: declare('GET'), post: declare('POST'), put: declare('PUT'), patch: declare('PATCH'), delete: declare('DELETE') };
}
