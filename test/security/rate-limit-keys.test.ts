/**
 * Issue 12, finding 1: rate limits key on the route that will actually run. A percent-encoded path
 * (`/%61pi/...`) reaches the same route as the plain one, so it must count in the same bucket; routes
 * outside /api (check-in links, feeds, pages) are limited too, including their own route limits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { backend } from '../support/db.js';

describe(`rate limits key on the matched route (${backend})`, () => {
  let t: TestContext;
  let tokens: Map<string, string>;
  let ids: Map<string, string>;
  before(async () => {
    process.env.WARDEN_RATE_LIMIT_READS = '40';
    t = await createTestContext();
    delete process.env.WARDEN_RATE_LIMIT_READS;
    ids = await addTravellers(t.db, [{ tag: 'rana', country: 'IQ' }, { tag: 'sami', country: 'IQ' }]);
    tokens = await recipientTokens(t.db, t.config.secret, (await publishViaApi(t, alertBody())).id);
  });
  after(async () => { await t.close(); });

  it('limits POST /%61pi/auth/login like /api/auth/login (10 a minute per address), with rate-limit headers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const url = i % 2 ? '/%61pi/auth/login' : '/%61%70%69/auth/%6Cogin';
      const res = await t.app.inject({ method: 'POST', url, remoteAddress: '203.0.113.21', payload: { email: 'nobody@ops.test', password: 'guess' } });
      statuses.push(res.statusCode);
      if (i === 0) assert.equal(res.headers['x-ratelimit-limit'], '10', 'the sign-in route limit applies');
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(5).fill(429)]);
  });

  it('shares one budget between encoded and plain spellings of the traveller sign-in (5 per 15 minutes)', async () => {
    const statuses: number[] = [];
    for (const url of ['/api/me/login', '/%61pi/me/login', '/api/%6De/login', '/%61pi/%6de/login', '/api/me/%6Cogin', '/%61pi/me/login', '/api/me/login']) {
      statuses.push((await t.app.inject({ method: 'POST', url, remoteAddress: '203.0.113.22', payload: { email: 'rana@t.test' } })).statusCode);
    }
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429]);
  });

  it('applies the route limit of POST /c/:token (30 a minute per link), whatever the spelling', async () => {
    const token = tokens.get(ids.get('rana')!)!;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const url = i % 3 === 0 ? `/c/${token}` : i % 3 === 1 ? `/%63/${token}` : `/%43/${token}`.replace('%43', '%63');
      const res = await t.app.inject({ method: 'POST', url, remoteAddress: `198.51.100.${i + 1}`, payload: { answer: 'safe' } });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [...Array(30).fill(201), ...Array(10).fill(429)]);
    // Another person's link has its own budget.
    const other = await t.app.inject({ method: 'POST', url: `/c/${tokens.get(ids.get('sami')!)!}`, payload: { answer: 'safe' } });
    assert.equal(other.statusCode, 201, other.body);
  });

  it('limits routes outside /api (feeds, CAP, health, pages) per address, encoded or not', async () => {
    let first429 = 0;
    for (let i = 1; i <= 45 && !first429; i++) {
      const url = ['/feeds/alerts.atom', '/%66eeds/alerts.atom', '/healthz', '/%68ealthz', '/c/style.css'][i % 5]!;
      const res = await t.app.inject({ method: 'GET', url, remoteAddress: '192.0.2.77' });
      if (res.statusCode === 429) { first429 = i; assert.ok(Number(res.headers['retry-after']) > 0); assert.equal(res.json().type, '/problems/rate-limited'); }
      else assert.ok(res.statusCode < 400, `${url} → ${res.statusCode}`);
    }
    assert.equal(first429, 41, 'the 41st read in a minute is refused (WARDEN_RATE_LIMIT_READS=40)');
    assert.equal((await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '192.0.2.78' })).statusCode, 200, 'another address is not affected');
  });
});
