import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isConnectionLost } from '../db/index.js';
import { WardenError, type FieldProblem } from '../errors.js';
import { databaseProblem } from './database-errors.js';

/** RFC 9457 problem details, as documented in the OpenAPI document (src/http/openapi.ts). */
export const problemSchema = z.object({
  type: z.string().describe('Stable problem type, e.g. /problems/validation; clients switch on it'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional().describe('The request path'),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('Each offending field (validation problems)'),
}).meta({ description: 'RFC 9457 problem details' });

/** RFC 9457 problem details. `type` is stable; clients switch on it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
}

const titles: Record<string, string> = {
  validation: 'Invalid input',
  'not-found': 'Not found',
  conflict: 'Conflict',
  forbidden: 'Forbidden',
  unauthorized: 'Authentication required',
  'invalid-state': 'Not allowed in the current state',
  'rate-limited': 'Too many requests',
  'payload-too-large': 'Payload too large',
  'bad-request': 'Bad request',
  internal: 'Internal error',
  'database-unavailable': 'Database unavailable',
};

export function problem(kind: string, status: number, detail: string, errors?: FieldProblem[]): Problem {
  return { type: `/problems/${kind}`, title: titles[kind] ?? kind, status, detail, ...(errors?.length ? { errors } : {}) };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json').send({ ...p, instance: reply.request.url });
}

/** Zod issue path ["trips", 0, "endsAt"] → "trips[0].endsAt"; prefixed with where it came from when not the body. */
function fieldName(path: readonly PropertyKey[], context: string): string {
  const joined = path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
  const prefix = context === 'body' ? '' : `${context}.`;
  return `${prefix}${joined}` || context;
}

export function errorToProblem(error: FastifyError | Error, request: FastifyRequest): Problem {
  if (error instanceof WardenError) return problem(error.kind, error.status, error.message, error.errors);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as FastifyError).validationContext ?? 'body';
    const errors = error.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      return { field: fieldName(path, context), message: v.message ?? 'is invalid' };
    });
    return problem('validation', 400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
  const integrity = databaseProblem(error);
  if (integrity) return problem(integrity.kind, integrity.status, integrity.detail, integrity.errors);
  const fe = error as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem('payload-too-large', 413, 'request body is larger than allowed');
  if (fe.statusCode === 429) return problem('rate-limited', 429, fe.message);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return problem('bad-request', fe.statusCode, fe.message);
  if (isConnectionLost(error)) {
    // Only this request lost its connection; the pool replaces it and the process goes on.
    request.log.warn({ code: (error as { code?: string }).code }, 'database connection lost during the request');
    return problem('database-unavailable', 503, 'the database connection was lost; try again');
  }
  request.log.error({ err: error }, 'unhandled error');
  return problem('internal', 500, 'an internal error occurred');
}
