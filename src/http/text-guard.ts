import type { FastifyInstance } from 'fastify';
import { neutraliseBidi, neutraliseBidiInJson } from '../bidi-controls.js';
import { problem, sendProblem } from './problem.js';

/**
 * Text the databases cannot store, refused up front for every route, naming the field (found by the fuzz
 * tests and a red-team pass): PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate
 * (`"\ud800"` in JSON) is not Unicode at all — both would fail deep in a service with a 500, on both
 * databases, and drag the value into the error log.
 */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function flaw(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain the NUL character';
  if (loneSurrogate.test(text)) return 'must be valid Unicode (it contains a lone UTF-16 surrogate)';
  return null;
}

/** The first field (path) whose key or string value is unstorable, with the reason. */
function findUnstorable(value: unknown, path: string, depth = 0): { field: string; message: string } | null {
  if (typeof value === 'string') {
    const message = flaw(value);
    return message ? { field: path, message } : null;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    const keyFlaw = flaw(key);
    if (keyFlaw) return { field: path ? `${path}.${key}` : key, message: keyFlaw };
    const hit = findUnstorable(v, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    for (const [where, value] of [['', request.body], ['query', request.query], ['params', request.params]] as const) {
      const hit = findUnstorable(value, where);
      if (hit) {
        const field = hit.field || 'body';
        return sendProblem(reply, problem('validation', 400, `${field}: ${hit.message}`, [{ field, message: hit.message }]));
      }
    }
    return undefined;
  });
}

/**
 * Bidi controls are neutralised in every text response (JSON, HTML pages, feeds, CAP, CSV): whatever a
 * traveller or an operator typed into a name or a headline displays as what it is (src/bidi-controls.ts).
 * Binary payloads (built web assets, streams) pass untouched.
 */
export function neutraliseBidiInResponses(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    return String(reply.getHeader('content-type') ?? '').includes('json') ? neutraliseBidiInJson(payload) : neutraliseBidi(payload);
  });
}
