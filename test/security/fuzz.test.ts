/**
 * Property-based fuzzing of every JSON write endpoint in the route table, bodies generated from each route's
 * zod schema (through z.toJSONSchema) plus mutated and arbitrary JSON: never a 5xx, and a refused request
 * (4xx) changes no table's row count. 20,000 cases across the endpoints (WARDEN_FUZZ_CASES to change). Strings include
 * lone UTF-16 surrogates, and one case in four percent-encodes letters of the path, which must still be rate-limited.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { createApiToken } from '../../src/auth/operators.js';
import { loadDemo } from '../../src/demo/load.js';
import { alertBody, publishNow } from '../support/alert-fixtures.js';
import { backend } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';
import { bodyArbitrary, type JsonSchema } from './json-arbitrary.js';
import { fillPath, percentEncodeSome } from './route-params.js';

const totalCases = Number(process.env.WARDEN_FUZZ_CASES ?? 20_000);
/** Routes whose valid requests cost an argon2 hash (~50 ms): fewer cases. */
const expensive: Record<string, number> = { 'POST /api/auth/login': 0.15, 'POST /api/operators': 0.3 };

describe(`fuzzing every JSON endpoint (${backend})`, () => {
  let t: SecurityContext;
  let token: string;
  let ids: { uuid: string; slug: string; cc: string; alertId: string };
  let countSql: string;
  before(async () => {
    // The API's own rate limits would answer most of 20,000 requests with 429; lift them for this file
    // (route-specific limits stay, and each case comes from its own address).
    process.env.WARDEN_RATE_LIMIT_WRITES = '10000000';
    process.env.WARDEN_RATE_LIMIT_READS = '10000000';
    process.env.WARDEN_RATE_LIMIT_PUBLIC_WRITES = '10000000';
    t = await createSecurityContext();
    await loadDemo(t.db, { travellers: 40, operators: false });
    const published = await publishNow(t.db, alertBody());
    token = (await createApiToken(t.db, { id: t.operatorIds.admin, label: 'admin', role: 'admin' }, 'fuzz', ['read', 'write'])).token;
    ids = { uuid: randomUUID(), slug: 'embassy-baghdad', cc: 'IQ', alertId: published.alert.id };
    // login_throttle is left out: counting a refused sign-in there is the point (src/auth/lockout.ts).
    const tables = (await t.db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('schema_migrations', 'login_throttle') ORDER BY tablename")).rows.map((r) => r.tablename);
    countSql = `SELECT json_build_object(${tables.map((n) => `'${n}', (SELECT count(*) FROM "${n}")`).join(', ')}) AS counts`;
  });
  after(async () => { await t.close(); });

  const counts = async () => (await t.db.query<{ counts: Record<string, number> }>(countSql)).rows[0]!.counts;

  it(`${totalCases} generated bodies: no 5xx, and no partial writes on refusal`, async () => {
    const started = Date.now();
    const routes = t.app.routeTable.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.url.endsWith('/logout'));
    const withSchema = routes.filter((r) => r.schema?.body);
    assert.ok(withSchema.length >= 25, `only ${withSchema.length} routes with a body schema`);
    const weights = routes.map((r) => (expensive[`${r.method} ${r.url}`] ?? 1) * (r.schema?.body ? 1 : 0.5));
    const perWeight = totalCases / weights.reduce((a, b) => a + b, 0);
    let cases = 0;
    // Row counts after the previous case are the next case's "before": one count query per case.
    let current = await counts();
    const slowest: [number, string][] = [];
    const limited: Record<string, number> = {};
    const statusCount: Record<string, number> = {};
    for (const [i, route] of routes.entries()) {
      const numRuns = Math.max(1, Math.ceil(weights[i]! * perWeight));
      const bodySchema = route.schema?.body ? (z.toJSONSchema(route.schema.body as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : null;
      // Per-token routes (check-in links) get a fresh token per case, so their own rate limit does not answer every case.
      const plainUrl = route.url.includes(':token') ? fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((tok) => fillPath(route.url, ids).replace('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', tok)) : fc.constant(fillPath(route.url, ids));
      // One case in four percent-encodes some letters of the route's own path (the parameters stay as they are).
      const staticPart = route.url.split('/:')[0]!;
      const urlArb = fc.tuple(plainUrl, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.nat(3))
        .map(([url, pick, roll]) => (roll === 0 && url.startsWith(staticPart) ? percentEncodeSome(staticPart, pick) + url.slice(staticPart.length) : url));
      await fc.assert(fc.asyncProperty(bodyArbitrary(bodySchema), fc.ipV4(), urlArb, async ({ payload, note }, ip, url) => {
        const before = current;
        const t0 = performance.now();
        const res = await t.app.inject({ method: route.method as 'POST', url, payload, remoteAddress: ip,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
        cases++;
        statusCount[res.statusCode] = (statusCount[res.statusCode] ?? 0) + 1;
        const deliberate503 = res.statusCode === 503 && res.body.includes('/problems/not-configured');
        assert.ok(res.statusCode < 500 || deliberate503, `${route.method} ${route.url} (${note}) → ${res.statusCode}: ${res.body.slice(0, 300)}\nbody: ${payload.slice(0, 500)}`);
        assert.ok(res.headers['x-ratelimit-limit'], `${route.method} ${url} was not rate-limited as ${route.url} (→ ${res.statusCode})`);
        slowest.push([performance.now() - t0, `${route.method} ${route.url} → ${res.statusCode}`]);
        if (res.statusCode === 429) limited[route.url] = (limited[route.url] ?? 0) + 1;
        current = await counts();
        if (res.statusCode >= 400) {
          assert.deepEqual(current, before, `${route.method} ${route.url} (${note}) refused with ${res.statusCode} but changed row counts\nbody: ${payload.slice(0, 500)}`);
        }
      }), { numRuns, endOnFailure: true, includeErrorInReport: true });
    }
    const seconds = (Date.now() - started) / 1000;
    if (process.env.WARDEN_FUZZ_PROFILE) {
      const byRoute: Record<string, number> = {};
      for (const [ms, what] of slowest) byRoute[what.split(' →')[0]!] = (byRoute[what.split(' →')[0]!] ?? 0) + ms;
      console.log(JSON.stringify(limited));
      console.log(Object.entries(byRoute).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k}: ${Math.round(v)} ms`).join('\n'));
    }
    console.log(`fuzz (${backend}): ${cases} cases over ${routes.length} endpoints in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(statusCount)}`);
    assert.ok(cases >= totalCases, `${cases} cases`);
    assert.ok((statusCount['200'] ?? 0) + (statusCount['201'] ?? 0) + (statusCount['202'] ?? 0) > totalCases / 50, 'generated bodies reach the services, not only validation');
  });
});
