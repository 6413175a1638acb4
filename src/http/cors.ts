/**
 * CORS for the open data only: /api/public/*, /cap/* and /feeds/* may be read from any origin's
 * browser (GET and HEAD, no credentials, so no cookie or token ever rides along and nothing
 * personal can be read cross-site). Operator and traveller routes (/api/* otherwise, /me, /c/…)
 * answer no CORS headers, and their preflights are refused (404), so browsers block them.
 */
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const PUBLIC_DATA = /^\/(?:api\/public|cap|feeds)(?:\/|$|\?)/;

/** Public data: the path (not the query) starts with one of the open prefixes. */
export function isPublicDataPath(url: string): boolean {
  return PUBLIC_DATA.test(url);
}

export async function registerPublicCors(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    delegator: (request: FastifyRequest, callback) => {
      if (!isPublicDataPath(request.url)) return callback(null, { origin: false });
      callback(null, {
        origin: '*',
        methods: ['GET', 'HEAD'],
        credentials: false,
        // Conditional GETs and the caching validators are what feed readers use.
        allowedHeaders: ['If-None-Match', 'If-Modified-Since', 'Accept'],
        exposedHeaders: ['ETag', 'Last-Modified', 'Cache-Control', 'Content-Length'],
        maxAge: 86_400,
      });
    },
  });
  // helmet's Cross-Origin-Resource-Policy (same-origin) would stop other sites embedding the open data.
  app.addHook('onSend', async (request, reply, payload) => {
    if (isPublicDataPath(request.url)) reply.header('cross-origin-resource-policy', 'cross-origin');
    return payload;
  });
}
