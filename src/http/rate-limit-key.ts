import { createHash } from 'node:crypto';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { RateLimitSettings } from '../config.js';

/**
 * Rate limits per minute, per key: an operator's token or session when signed in, else the client address.
 * Reads, writes and public writes (sign-in, subscriptions, check-ins) are counted in separate buckets, and
 * routes may set their own stricter limit. Settings: WARDEN_RATE_LIMIT_{READS,WRITES,PUBLIC_WRITES} (src/config.ts).
 *
 * Invariant: what is limited is decided from the route that will actually run (`request.routeOptions`,
 * matched by the router after percent-decoding), never from the raw URL, so `/%61pi/auth/login` counts
 * exactly like `/api/auth/login`. Every route is limited, not only /api (check-in links, feeds, pages).
 */

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
type Bucket = 'r' | 'w' | 'pw';

function bucketOf(request: FastifyRequest): Bucket {
  if (readMethods.has(request.method)) return 'r';
  return request.routeOptions.config.access === 'public' ? 'pw' : 'w';
}

/** Options for @fastify/rate-limit: no allow-list, keys and limits from the matched route. */
export function rateLimitOptions(limits: RateLimitSettings): RateLimitPluginOptions {
  const max: Record<Bucket, number> = { r: limits.reads, w: limits.writes, pw: limits.publicWrites };
  return {
    global: true,
    timeWindow: '1 minute',
    // Runs after authentication, so a signed-in caller is limited per credential (hashed), anyone else per address.
    keyGenerator: (request) => {
      const bucket = bucketOf(request);
      const credential = request.actor ? (request.headers.authorization ?? request.cookies?.warden_session ?? '') : '';
      return credential ? `${bucket}:t:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}` : `${bucket}:ip:${request.ip}`;
    },
    max: (request) => max[bucketOf(request)],
  };
}
