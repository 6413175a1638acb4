/**
 * The OpenAPI 3.1 document, built from the routes themselves: fastify-type-provider-zod turns each
 * route's zod schemas into JSON Schema; this module then adds what every operation shares and the
 * routes need not repeat — an operationId from the method and path, the security requirement that
 * follows from the route's `access` rule (src/http/access.ts), and the RFC 9457 problem responses
 * the app really sends (validation, authentication, authorisation, unknown id, rate limit).
 * A test lints it with Redocly (0 errors) and checks real responses against it (test/foundation/openapi.test.ts).
 */
import type { SwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteRecord } from './access.js';
import { csrfCookie, sessionCookie, travellerSessionCookie } from './access.js';
import { problemSchema } from './problem.js';

type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, Json>;
  security?: Record<string, string[]>[];
}

const problemRef = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemRef } } });
const writeMethods = new Set(['post', 'put', 'patch', 'delete']);

/** "post", "/api/alerts/{id}/submit" → "postAlertsByIdSubmit": stable, unique per method and path. */
export function operationIdFor(method: string, path: string): string {
  const words = path.split('/').filter((part) => part && part !== 'api').map((part) => {
    const param = /^\{(.+)\}$/.exec(part);
    return (param ? `by-${param[1]}` : part).split(/[^A-Za-z0-9]+/).filter(Boolean);
  }).flat();
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** Operators sign in with a bearer token (API tokens, sessions) or the session cookie; cookie writes echo the CSRF cookie. */
function securityFor(access: RouteRecord['access'], method: string): Record<string, string[]>[] {
  if (access === 'public') return [];
  return [{ bearer: [] }, writeMethods.has(method) ? { session: [], csrf: [] } : { session: [] }];
}

/** The problem responses operations share, described once (components.responses) and referred to. */
const sharedProblems = {
  Invalid: problemResponse('Invalid input: `errors` names each field'),
  Unauthenticated: problemResponse('No valid session or API token'),
  NoTravellerSession: problemResponse('No valid traveller session'),
  Forbidden: problemResponse("The caller's role is too low (see the operation's description of access), the token is read-only, or a cookie write lacks x-csrf-token"),
  NotFound: problemResponse('No such resource'),
  RateLimited: problemResponse('Rate limit reached; `Retry-After` says when to try again'),
  Problem: problemResponse('Any other error (conflict, invalid state, database unavailable, …), as RFC 9457 problem details'),
};
const ref = (name: keyof typeof sharedProblems) => ({ $ref: `#/components/responses/${name}` });

/** The problem responses every operation of this kind can answer, beside its own. */
function problemResponsesFor(op: Operation, path: string, access: RouteRecord['access']): Record<string, Json> {
  const responses: Record<string, Json> = {};
  if (op.parameters?.length || op.requestBody) responses['400'] = ref('Invalid');
  if (op.security?.length) responses['401'] = ref(access === 'public' ? 'NoTravellerSession' : 'Unauthenticated');
  if (access !== 'public') responses['403'] = ref('Forbidden');
  if (path.includes('{')) responses['404'] = ref('NotFound');
  responses['429'] = ref('RateLimited');
  responses.default = ref('Problem');
  return responses;
}

/** The fastify route table key of an OpenAPI path: "/api/alerts/{id}" → "/api/alerts/:id". */
const routeUrl = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/** Declared up front: @fastify/swagger reads them while it builds each operation. */
const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', description: 'An API token (POST /api/auth/tokens) or the session token from POST /api/auth/login' },
  session: { type: 'apiKey', in: 'cookie', name: sessionCookie, description: 'The http-only session cookie set by POST /api/auth/login' },
  traveller: { type: 'apiKey', in: 'cookie', name: travellerSessionCookie, description: "A traveller's session cookie, set by the e-mailed sign-in link (GET /api/me/session)" },
  csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: `Writes with the session cookie echo the ${csrfCookie} cookie here (double submit)` },
} as const;

export function completeDocument(document: Json, routes: readonly RouteRecord[]): Json {
  const access = new Map(routes.map((r) => [`${r.method} ${r.url}`, r.access]));
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, shared] of Object.entries(item)) {
      // A route of several methods shares one object per method: each gets its own copy.
      const op: Operation = { ...shared };
      item[method] = op;
      const rule = access.get(`${method.toUpperCase()} ${routeUrl(path)}`);
      if (!rule) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} has no route with an access rule`);
      op.operationId = operationIdFor(method, path);
      op.security = shared.security ?? securityFor(rule, method);
      const own = op.responses ?? {};
      for (const response of Object.values(own)) if (response.description === 'Default Response') response.description = 'Success';
      op.responses = { ...problemResponsesFor(op, path, rule), ...own };
      if (rule !== 'public') op.description = [op.description, `Access: the ${rule} role or above.`].filter(Boolean).join('\n\n');
    }
  }
  const components = (document.components ?? {}) as Json;
  return {
    ...document,
    components: {
      ...components,
      schemas: { ...(components.schemas as Json | undefined), Problem: z.toJSONSchema(problemSchema, { target: 'draft-2020-12' }) },
      responses: sharedProblems,
    },
  };
}

export function swaggerOptions(routes: () => readonly RouteRecord[], publicUrl: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Warden API', version: '0.1.0',
        description: 'Advisories, posts, travellers, alerts, check-ins, crises, intake and open data (CAP, feeds, GeoJSON). Errors are RFC 9457 problem details.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: publicUrl.replace(/\/+$/, '') }],
      components: { securitySchemes },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => completeDocument(jsonSchemaTransformObject(input) as Json, routes()) as ReturnType<typeof jsonSchemaTransformObject>,
  };
}
