/**
 * Issue 12, finding 10: WARDEN_TRUST_PROXY names the proxies to believe (a hop count or their addresses),
 * so a client cannot choose its own address by writing the left-most X-Forwarded-For entry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { backend } from '../support/db.js';

describe(`trusted proxies (${backend})`, () => {
  it('parses a hop count or a list of addresses and CIDR ranges, and refuses anything else', () => {
    assert.equal(parseTrustProxy(undefined), false);
    assert.equal(parseTrustProxy('0'), false);
    assert.equal(parseTrustProxy('1'), 1);
    assert.deepEqual(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1'), ['10.0.0.5', '10.1.0.0/16', '::1']);
    assert.throws(() => parseTrustProxy('true'), /WARDEN_TRUST_PROXY: "true" is not a hop count, an IP address or a CIDR range/);
    assert.throws(() => parseTrustProxy('10.0.0.0/33'), /"10.0.0.0\/33"/);
  });

  describe('with one proxy in front (WARDEN_TRUST_PROXY=1)', () => {
    let t: TestContext;
    before(async () => { t = await createTestContext({ trustProxy: loadConfig({ WARDEN_TRUST_PROXY: '1' }).trustProxy }); });
    after(async () => { await t.close(); });

    it('limits the client the proxy saw, whatever it wrote on the left of X-Forwarded-For', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.0.0.5',
          headers: { 'x-forwarded-for': `192.0.2.${i + 1}, 198.51.100.4` }, payload: { email: 'nobody@ops.test', password: 'guess' } });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [...Array(10).fill(401), 429, 429]);
    });
  });

  describe('with listed proxies (WARDEN_TRUST_PROXY=10.0.0.5,10.1.0.0/16)', () => {
    let t: TestContext;
    before(async () => { t = await createTestContext({ trustProxy: loadConfig({ WARDEN_TRUST_PROXY: '10.0.0.5,10.1.0.0/16' }).trustProxy }); });
    after(async () => { await t.close(); });
    const remaining = async (remoteAddress: string, xff?: string) => Number((await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress,
      headers: xff ? { 'x-forwarded-for': xff } : {} })).headers['x-ratelimit-remaining']);

    it('believes X-Forwarded-For only from a listed proxy, and only up to the first untrusted hop', async () => {
      const first = await remaining('10.0.0.5', '192.0.2.1, 198.51.100.5');
      // Same client through the other proxy range, with a different forged left-most entry: same budget.
      assert.equal(await remaining('10.1.2.3', '192.0.2.99, 198.51.100.5'), first - 1);
      // A client that talks to Warden directly cannot borrow that address (or any other).
      const direct = await remaining('203.0.113.50', '198.51.100.5');
      assert.equal(direct, first, 'a direct client has its own, fresh budget');
      assert.equal(await remaining('203.0.113.50', '192.0.2.7'), direct - 1, 'and its forged header changes nothing');
      assert.equal(await remaining('10.0.0.5', '192.0.2.1, 198.51.100.5'), first - 2);
    });
  });
});
