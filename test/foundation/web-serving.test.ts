/**
 * The web app's pages: the status code logged and counted is the one the client got
 * (a 200 used to be logged and counted as 503 "Reply was already sent"); and the start-up build check.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import Fastify from 'fastify';
import { createMetrics } from '../../src/http/metrics.js';
import { webRoutes } from '../../src/http/web.js';
import { webBuildNeeded } from '../../src/http/web-build.js';
import type { AppContext } from '../../src/context.js';
import type { ZodApp } from '../../src/zod-app.js';

const root = mkdtempSync(join(tmpdir(), 'warden-web-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function serve(dist: string) {
  const lines: { res?: { statusCode: number }; err?: { message: string } }[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  const app = Fastify({ logger: { level: 'info', stream } });
  const metrics = createMetrics(app);
  await webRoutes(app as unknown as ZodApp, {} as AppContext, { distDir: dist });
  app.get('/metrics', async () => metrics.render());
  await app.ready();
  return { app, lines, metrics };
}

describe('serving the web app', () => {
  it('logs and counts the 200 it sent', async () => {
    const dist = join(root, 'built');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Warden</title>');
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    const { app, lines } = await serve(dist);
    for (const url of ['/', '/console', '/assets/app-1.js']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
    }
    const completed = lines.filter((l) => l.res).map((l) => l.res!.statusCode);
    assert.deepEqual(completed, [200, 200, 200]);
    assert.equal(lines.filter((l) => l.err).length, 0, 'no "Reply was already sent"');
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(text, /warden_http_requests_total\{method="GET",route="\/",status="200"\} 1/);
    assert.doesNotMatch(text, /status="503"/);
    await app.close();
  });

  it('answers 503 naming the command when there is no build, and logs 503', async () => {
    const { app, lines } = await serve(join(root, 'missing'));
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(res.json().detail, /npm run build:web/);
    assert.deepEqual(lines.filter((l) => l.res).map((l) => l.res!.statusCode), [503]);
    await app.close();
  });

  it('knows when the build is missing or older than web/src', () => {
    const dist = join(root, 'check');
    assert.equal(webBuildNeeded(dist), 'web/dist is missing');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '');
    utimesSync(join(dist, 'index.html'), new Date(0), new Date(0));
    assert.equal(webBuildNeeded(dist), 'web/src changed since the last build');
    const future = new Date(Date.now() + 3_600_000);
    utimesSync(join(dist, 'index.html'), future, future);
    assert.equal(webBuildNeeded(dist), null);
  });
});
