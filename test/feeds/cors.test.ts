/**
 * CORS on the open data: any origin may GET/HEAD /api/public/*, /cap/* and /feeds/* (no
 * credentials), preflights for them are answered; operator routes carry no CORS header and their
 * preflights are refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../support/app.js';
import { seedAdvisories } from './seed.js';

let t: TestContext;
const ORIGIN = 'https://news.example';

before(async () => {
  t = await createTestContext();
  await seedAdvisories(t.db);
});
after(async () => { await t.close(); });

const publicPaths = ['/api/public/advisories', '/api/public/advisories/IQ', '/cap/advisories/IQ.xml', '/feeds/alerts.atom', '/feeds/countries/IQ.rss'];

describe('CORS', () => {
  it('public data answers any origin, without credentials, and exposes the caching validators', async () => {
    for (const path of publicPaths) {
      for (const method of ['GET', 'HEAD']) {
        const res = await t.request(method, path, { headers: { origin: ORIGIN } });
        assert.equal(res.statusCode, 200, `${method} ${path}`);
        assert.equal(res.headers['access-control-allow-origin'], '*', `${method} ${path}`);
        assert.equal(res.headers['access-control-allow-credentials'], undefined, 'never credentials');
        assert.match(String(res.headers['access-control-expose-headers']), /ETag/);
        assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
      }
    }
  });

  it('answers a preflight for public data with GET and HEAD only', async () => {
    const res = await t.request('OPTIONS', '/feeds/advisories.atom', {
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-methods'], 'GET, HEAD');
    assert.match(String(res.headers['access-control-allow-headers']), /If-None-Match/i);
    assert.equal(res.headers['access-control-allow-credentials'], undefined);
    assert.equal(res.headers['access-control-max-age'], '86400');
  });

  it('operator and traveller routes carry no CORS header, and their preflights are refused', async () => {
    for (const path of ['/api/advisories', '/api/travellers', '/api/me', '/api/public-not-really']) {
      const res = await t.request('GET', path, { role: 'admin', headers: { origin: ORIGIN } });
      assert.equal(res.headers['access-control-allow-origin'], undefined, path);
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', path);
      const preflight = await t.request('OPTIONS', path, { headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
      assert.equal(preflight.statusCode, 404, path);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined, path);
    }
    const write = await t.request('OPTIONS', '/api/public/subscriptions', { headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    assert.equal(write.headers['access-control-allow-methods'], 'GET, HEAD', 'a cross-site POST is not allowed by the preflight');
  });
});
