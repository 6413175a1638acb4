/**
 * The role matrix, generated from the server's own route table: every route × anonymous and every role.
 * Expected outcome comes from the route's declared access rule only: anonymous on a protected route → 401,
 * a role below the rule → 403 "needs the … role", at or above → past the access layer (never 401/403 from it).
 * A route without a rule cannot start (checked below), and an unknown rule fails the matrix.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { createApiToken } from '../../src/auth/operators.js';
import { hasRole, roles, type Role } from '../../src/auth/roles.js';
import { installAccessControl } from '../../src/http/access.js';
import { backend } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';
import { fillPath } from './route-params.js';

const callers = ['anonymous', ...roles] as const;
const accessRules = new Set(['public', ...roles]);

describe(`role matrix over every route (${backend})`, () => {
  let t: SecurityContext;
  let apiTokens: Record<Role, string>;
  let readOnly: string;
  before(async () => {
    t = await createSecurityContext();
    // API tokens (read+write): the matrix calls POST /api/auth/logout, which must not end the callers' sessions.
    apiTokens = {} as Record<Role, string>;
    for (const role of roles) {
      apiTokens[role] = (await createApiToken(t.db, { id: t.operatorIds[role], label: role, role }, 'matrix', ['read', 'write'])).token;
    }
    readOnly = (await createApiToken(t.db, { id: t.operatorIds.admin, label: 'admin', role: 'admin' }, 'matrix-ro', ['read'])).token;
  });
  after(async () => { await t.close(); });

  it('refuses to start with a route that declares no access rule', async () => {
    const app = Fastify();
    installAccessControl(app, t.db);
    assert.throws(() => app.get('/api/forgotten', async () => ({ secret: true })), /route GET \/api\/forgotten declares no access rule/);
    app.get('/api/remembered', { config: { access: 'admin' } }, async () => ({ secret: true }));
    await app.ready();
    assert.ok(app.routeTable.some((r) => r.url === '/api/remembered' && r.access === 'admin'));
    assert.ok(!app.routeTable.some((r) => r.url === '/api/forgotten'));
    await app.close();
  });

  it('every route declares a known rule, and allow/deny comes exactly where the rule says', async () => {
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD');
    assert.ok(routes.length >= 90, `route table has only ${routes.length} routes`);
    // The route table is the server's: every entry is a route the server really has (printRoutes' radix
    // tree splits shared prefixes, e.g. /me and /metrics, so ask the router itself).
    for (const r of routes) assert.ok(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url} is not a route of the server`);
    const ids = { uuid: randomUUID(), slug: 'no-such-post', cc: 'IQ' };
    let cells = 0;
    const failures: string[] = [];
    for (const route of routes) {
      assert.ok(accessRules.has(route.access), `${route.method} ${route.url} has unknown access rule ${String(route.access)}`);
      const url = fillPath(route.url, ids);
      for (const who of callers) {
        const res = await t.app.inject({ method: route.method as 'GET', url, headers: who === 'anonymous' ? {} : { authorization: `Bearer ${apiTokens[who]}` } });
        cells++;
        const cell = `${route.method} ${route.url} as ${who} → ${res.statusCode}`;
        const accessDenial = (res.statusCode === 401 && /sign in or send an API token/.test(res.body)) || (res.statusCode === 403 && /needs the \w+ role/.test(res.body));
        // 503 /problems/not-configured is a deliberate answer (inbound SMS without its signing secret), not a crash.
        if (res.statusCode >= 500 && !res.body.includes('/problems/not-configured')) failures.push(`${cell} (server error: ${res.body.slice(0, 200)})`);
        if (route.access === 'public') {
          if (accessDenial) failures.push(`${cell}: public route denied by the access layer`);
        } else if (who === 'anonymous') {
          if (res.statusCode !== 401) failures.push(`${cell}: expected 401`);
        } else if (!hasRole({ role: who }, route.access as Role)) {
          if (res.statusCode !== 403 || !res.body.includes(`needs the ${route.access} role`)) failures.push(`${cell}: expected 403 needs the ${route.access} role`);
        } else if (accessDenial) {
          failures.push(`${cell}: allowed role was denied`);
        }
        if (res.statusCode >= 200 && res.statusCode < 300 && route.access !== 'public' && (who === 'anonymous' || !hasRole({ role: who }, route.access as Role))) {
          failures.push(`${cell}: 2xx where denied`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.equal(cells, routes.length * callers.length);
  });

  it('a read-only API token is refused every write on a protected route, and allowed its reads', async () => {
    const ids = { uuid: randomUUID(), slug: 'no-such-post', cc: 'IQ' };
    const failures: string[] = [];
    for (const route of t.app.routeTable.filter((r) => r.method !== 'HEAD' && r.access !== 'public')) {
      const res = await t.app.inject({ method: route.method as 'GET', url: fillPath(route.url, ids), headers: { authorization: `Bearer ${readOnly}` } });
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
      const refused = res.statusCode === 403 && res.body.includes('read-only');
      if (write !== refused) failures.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    assert.deepEqual(failures, []);
  });
});
