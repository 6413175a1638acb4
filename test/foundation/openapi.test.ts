/**
 * The OpenAPI document is the truth:
 * - an independent linter (Redocly CLI, recommended rules) finds 0 errors in it;
 * - every route the app registers is in it (web pages aside) and everything in it is a route;
 * - real responses of every route family — operator, traveller-free public, open data, problem bodies —
 *   validate against the schema it documents for their status and media type (Ajv, JSON Schema 2020-12).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { apiTypesPath, renderApiTypes } from '../../scripts/gen-api-types.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { seedAdvisories, seedAlerts, seedPostsAndTravellers, type SeededAlerts } from '../feeds/seed.js';

type Json = Record<string, any>;
const run = promisify(execFile);

/** SPA pages and static assets are served HTML/JS/CSS for browsers, not API: hidden on purpose. */
const webPages = new Set(['/', '/list', '/alerts', '/alerts/:id', '/subscribe', '/country/:cc', '/me', '/enrol', '/console', '/console/*', '/assets/:name', '/sw.js', '/favicon.svg', '/c/style.css']);

describe('OpenAPI document', () => {
  let t: TestContext;
  let doc: Json;
  let seeded: SeededAlerts;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);

  before(async () => {
    t = await createTestContext();
    await seedAdvisories(t.db);
    await seedPostsAndTravellers(t.db);
    seeded = await seedAlerts(t.db, t.config.secret);
    const res = await t.request('GET', '/openapi.json');
    assert.equal(res.statusCode, 200);
    doc = res.json();
    ajv.addSchema(doc, 'openapi.json');
  });
  after(async () => t.close());

  it('is OpenAPI 3.1 with security schemes, and Redocly lints it with 0 errors', async () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'csrf', 'session', 'traveller']);
    const dir = await mkdtemp(join(tmpdir(), 'warden-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const { stdout } = await run(join('node_modules', '.bin', 'redocly'), ['lint', file, '--format=json'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string }) => { throw new Error(`redocly failed: ${error.stderr ?? ''}\n${(error.stdout ?? '').slice(0, 4000)}`); });
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; location: { pointer: string }[] }[] };
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}`);
      assert.deepEqual(errors, [], 'Redocly errors');
      assert.equal(report.totals.errors, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('documents every route (web pages aside), each with an operationId, a summary, security and problem responses', () => {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Json)) for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
    const routes = t.app.routeTable.filter((r) => r.method !== 'HEAD' && !webPages.has(r.url)).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(routes.filter((r) => !documented.has(r)), [], 'routes missing from the document');
    assert.deepEqual([...documented].filter((d) => !routes.includes(d)), [], 'documented operations with no route');
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(op.operationId && !ids.has(op.operationId), `${where}: unique operationId`);
        ids.add(op.operationId);
        assert.ok(op.summary, `${where}: summary`);
        assert.ok(Array.isArray(op.security), `${where}: security`);
        assert.equal(op.responses.default?.$ref, '#/components/responses/Problem', `${where}: problem responses`);
        for (const [status, response] of Object.entries(op.responses as Json)) {
          if (!['204', '303', '304'].includes(status)) assert.ok(response.content || response.$ref, `${where} ${status}: a response schema`);
        }
      }
    }
    assert.deepEqual(doc.paths['/api/alerts/{id}/submit'].post.security, [{ bearer: [] }, { session: [], csrf: [] }]);
    assert.deepEqual(doc.paths['/api/public/alerts'].get.security, []);
    assert.deepEqual(doc.paths['/api/me'].get.security, [{ traveller: [] }]);
    assert.ok(doc.paths['/api/intake'].post.responses['201'] && !doc.paths['/api/intake'].post.responses['200'], 'intake answers 201');
    assert.ok(doc.paths['/api/public/subscriptions'].post.responses['202'], 'subscriptions answer 202');
  });

  /** Validates one real response against the schema documented for its path, method, status and media type. */
  function check(method: string, path: string, res: LightMyRequestResponse): void {
    const op = doc.paths[path]?.[method.toLowerCase()];
    assert.ok(op, `${method} ${path} is documented`);
    const status = String(res.statusCode);
    const key = op.responses[status] ? status : 'default';
    const shared = /^#\/components\/responses\/(\w+)$/.exec(op.responses[key]?.$ref ?? '')?.[1];
    const response = shared ? doc.components.responses[shared] : op.responses[key];
    assert.ok(response, `${method} ${path}: status ${status} is documented`);
    if (['204', '304'].includes(status)) return assert.equal(res.body, '');
    const mediaType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    const content = response.content?.[mediaType];
    assert.ok(content, `${method} ${path} ${status}: media type ${mediaType} is documented (${Object.keys(response.content ?? {}).join(', ')})`);
    if (!/json$/.test(mediaType)) return assert.equal(typeof res.body, 'string');
    const where = shared ? `components/responses/${shared}` : `paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${key}`;
    const pointer = `openapi.json#/${where}/content/${mediaType.replaceAll('/', '~1')}/schema`;
    const validate = ajv.getSchema(pointer);
    assert.ok(validate, `schema at ${pointer}`);
    assert.ok(validate(res.json()), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${res.body.slice(0, 500)}`);
  }

  it('real responses of every route family validate against their documented schemas', async () => {
    const iraqPost = (await t.request('GET', '/api/posts?country=IQ')).json().items[0];
    const traveller = (await t.request('GET', '/api/travellers', { role: 'editor' })).json().items[0];
    const samples: [string, string, string, Parameters<TestContext['request']>[2]?][] = [
      ['GET', '/healthz', '/healthz'],
      ['GET', '/metrics', '/metrics'],
      ['GET', '/api/auth/me', '/api/auth/me', { role: 'viewer' }],
      ['GET', '/api/operators', '/api/operators', { role: 'admin' }],
      ['GET', '/api/auth/tokens', '/api/auth/tokens', { role: 'viewer' }],
      ['GET', '/api/audit?limit=5', '/api/audit', { role: 'admin' }],
      ['GET', '/api/audit/verify', '/api/audit/verify', { role: 'admin' }],
      ['GET', '/api/geo/countries', '/api/geo/countries'],
      ['GET', '/api/geo/countries/IQ/subdivisions', '/api/geo/countries/{cc}/subdivisions'],
      ['GET', '/api/geo/places?q=baghdad', '/api/geo/places'],
      ['GET', '/api/geo/locate?lat=33.3&lon=44.4', '/api/geo/locate'],
      ['GET', '/api/sites', '/api/sites'],
      ['GET', '/api/advisories', '/api/advisories'],
      ['GET', '/api/advisories/IQ', '/api/advisories/{cc}'],
      ['GET', '/api/advisories/IQ/versions', '/api/advisories/{cc}/versions', { role: 'viewer' }],
      ['GET', '/api/posts', '/api/posts'],
      ['GET', `/api/posts/${iraqPost.slug}`, '/api/posts/{slug}'],
      ['GET', '/api/travellers', '/api/travellers', { role: 'editor' }],
      ['GET', `/api/travellers/${traveller.id}`, '/api/travellers/{id}', { role: 'editor' }],
      ['GET', `/api/travellers/${traveller.id}/export`, '/api/travellers/{id}/export', { role: 'editor' }],
      ['POST', '/api/presence/count', '/api/presence/count', { role: 'viewer', body: { area: { countries: ['IQ'] }, from: '2020-01-03T00:00:00Z' } }],
      ['POST', '/api/presence/count', '/api/presence/count', { role: 'editor', body: { area: { countries: ['IQ'] }, from: '2020-01-03T00:00:00Z' } }],
      ['POST', '/api/presence', '/api/presence', { role: 'editor', body: { area: { countries: ['IQ'] }, from: '2020-01-03T00:00:00Z' } }],
      ['GET', '/api/alerts', '/api/alerts', { role: 'viewer' }],
      ['GET', `/api/alerts/${seeded.alertId}`, '/api/alerts/{id}', { role: 'viewer' }],
      ['GET', `/api/alerts/${seeded.alertId}/accountability`, '/api/alerts/{id}/accountability', { role: 'viewer' }],
      ['GET', `/api/alerts/${seeded.alertId}/accountability`, '/api/alerts/{id}/accountability', { role: 'editor' }],
      ['GET', `/api/alerts/${seeded.alertId}/accountability?format=csv`, '/api/alerts/{id}/accountability', { role: 'editor' }],
      ['GET', `/api/alerts/${seeded.alertId}/progress`, '/api/alerts/{id}/progress', { role: 'viewer' }],
      ['GET', `/api/alerts/${seeded.alertId}/escalation`, '/api/alerts/{id}/escalation', { role: 'viewer' }],
      ['GET', '/api/incidents', '/api/incidents', { role: 'viewer' }],
      ['GET', '/api/crises', '/api/crises', { role: 'viewer' }],
      ['GET', '/cap/advisories/IQ.xml', '/cap/advisories/{file}'],
      ['GET', `/cap/alerts/${seeded.alertId}.xml`, '/cap/alerts/{file}'],
      ['GET', '/feeds/alerts.atom', '/feeds/{file}'],
      ['GET', '/feeds/advisories.rss', '/feeds/{file}'],
      ['GET', '/feeds/countries/IQ.atom', '/feeds/countries/{file}'],
      ['GET', '/api/public/advisories', '/api/public/advisories'],
      ['GET', '/api/public/advisories/IQ', '/api/public/advisories/{cc}'],
      ['GET', '/api/public/alerts', '/api/public/alerts'],
      ['GET', '/api/public/alerts.geojson', '/api/public/alerts.geojson'],
      ['GET', `/api/public/alerts/${seeded.alertId}/area.geojson`, '/api/public/alerts/{id}/area.geojson'],
      ['POST', '/api/public/subscriptions', '/api/public/subscriptions', { body: { email: 'reader@example.org', countries: ['IQ'] } }],
      ['POST', '/api/intake', '/api/intake', { role: 'editor', body: { text: 'date 2020-01-03\nAn airstrike hit Baghdad International Airport; citizens were told to depart Iraq.' } }],
      // Problem bodies: validation, unknown id, missing credentials, missing role.
      ['GET', '/api/advisories/XX1', '/api/advisories/{cc}'],
      ['GET', `/api/alerts/${'0'.repeat(8)}-0000-4000-8000-000000000000`, '/api/alerts/{id}', { role: 'viewer' }],
      ['GET', '/api/operators', '/api/operators'],
      ['GET', '/api/operators', '/api/operators', { role: 'viewer' }],
      ['POST', '/api/travellers', '/api/travellers', { role: 'editor', body: { fullName: '' } }],
      ['GET', '/api/me', '/api/me'],
    ];
    const statuses = new Set<string>();
    for (const [method, url, path, opts] of samples) {
      const res = await t.request(method, url, opts);
      statuses.add(`${res.statusCode}`);
      check(method, path, res);
    }
    assert.deepEqual([...statuses].sort(), ['200', '201', '202', '400', '401', '403', '404'], 'the samples cover success and every problem kind');
  });

  it('a response that breaks its schema would fail the check (the validator is not vacuous)', () => {
    const pointer = `openapi.json#/paths/~1api~1public~1alerts/get/responses/200/content/application~1json/schema`;
    const validate = ajv.getSchema(pointer)!;
    assert.equal(validate({ items: [{ id: 'x' }] }), false);
    assert.equal(validate({ items: [] }), true);
  });

  it('the web app\'s generated API types (web/src/api/schema.d.ts) are current: npm run gen:api rewrites them', async () => {
    const committed = await readFile(apiTypesPath, 'utf8');
    const fresh = await renderApiTypes();
    assert.ok(fresh.includes('"/api/public/alerts": {') && fresh.includes('getPublicAlerts'), 'the generator reads the document');
    assert.equal(committed === fresh, true, 'web/src/api/schema.d.ts differs from the document: run npm run gen:api');
  });
});
