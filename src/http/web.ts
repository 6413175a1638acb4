import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { problem, sendProblem } from './problem.js';

/** Where `npm run build:web` writes the React app. */
export const defaultWebDist = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web/dist');

/** The only files served, by extension; anything else is a 404. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
/** The check-in page's one script (web/src/checkin-push.ts), at a fixed name the server-rendered page can link. */
export const checkinScript = 'checkin-push.js';
const compressible = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);
/** One path segment of a built file: no slashes, no leading dot, so no way out of the folder. */
const safeName = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

/**
 * The pages the client-side router owns; each answers with index.html. Listed one by one (no catch-all),
 * so server-rendered pages such as the check-in page at /c/:token are never shadowed by the app.
 */
export const appPaths = ['/', '/list', '/alerts', '/alerts/:id', '/subscribe', '/country/:cc', '/me', '/enrol', '/console', '/console/*'];

interface Cached { mtimeMs: number; body: Buffer; gzip: Buffer | null }

/**
 * Serves the built web app (public site and console) from `web/dist`: hashed files
 * under /assets/ (cached for a year), top-level files such as /favicon.svg, and
 * index.html for the client-side routes. Files are read once, gzipped once and kept
 * in memory (the build is ~0.5 MB). Without a build, every page answers 503.
 */
export async function webRoutes(app: ZodApp, _ctx: AppContext, opts: { distDir?: string } = {}): Promise<void> {
  const dist = opts.distDir ?? defaultWebDist;
  const cache = new Map<string, Cached>();

  async function load(path: string): Promise<Cached | null> {
    let info;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === info.mtimeMs) return hit;
    const body = await readFile(path);
    const entry = { mtimeMs: info.mtimeMs, body, gzip: compressible.has(extname(path)) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null };
    cache.set(path, entry);
    return entry;
  }

  /**
   * Sends the file and says whether it existed. (It must not return the reply: a FastifyReply is a
   * thenable, so an async function returning it resolves to undefined once sent, which read as "missing"
   * and sent a second, 503 answer: logged and counted instead of the 200 the client got.)
   */
  async function send(request: FastifyRequest, reply: FastifyReply, path: string, cacheControl: string): Promise<boolean> {
    const file = await load(path);
    if (!file) return false;
    reply.header('content-type', contentTypes[extname(path)] ?? 'application/octet-stream');
    reply.header('cache-control', cacheControl);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('vary', 'accept-encoding');
    const accepts = String(request.headers['accept-encoding'] ?? '');
    const gzip = file.gzip && /\bgzip\b/.test(accepts) ? file.gzip : null;
    if (gzip) reply.header('content-encoding', 'gzip');
    void reply.send(gzip ?? file.body);
    return true;
  }

  const notBuilt = (reply: FastifyReply) =>
    sendProblem(reply, problem('web-not-built', 503, 'the web app is not built: run `npm run build:web` to create web/dist'));

  async function page(request: FastifyRequest, reply: FastifyReply) {
    return (await send(request, reply, join(dist, 'index.html'), 'no-cache')) ? reply : notBuilt(reply);
  }
  for (const url of appPaths) app.get(url, { config: { access: 'public' }, schema: { hide: true } }, page);

  app.get('/assets/:name', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    if (!safeName.test(name) || !contentTypes[extname(name)]) return sendProblem(reply, problem('not-found', 404, `no asset ${name}`));
    // Hashed names never change; the check-in page's script (checkin-push.js, a fixed name) is revalidated.
    const caching = name === checkinScript ? 'no-cache' : 'public, max-age=31536000, immutable';
    if (await send(request, reply, join(dist, 'assets', name), caching)) return reply;
    return (await load(join(dist, 'index.html'))) ? sendProblem(reply, problem('not-found', 404, `no asset ${name}`)) : notBuilt(reply);
  });

  // The web-push service worker: at the root so its scope covers /me and the check-in pages; never cached long.
  app.get('/sw.js', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) =>
    (await send(request, reply, join(dist, 'sw.js'), 'no-cache')) ?? notBuilt(reply));

  app.get('/favicon.svg', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) =>
    (await send(request, reply, join(dist, 'favicon.svg'), 'public, max-age=86400')) ? reply : sendProblem(reply, problem('not-found', 404, 'no favicon')));
}
