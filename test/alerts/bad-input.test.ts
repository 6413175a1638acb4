import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';

let t: TestContext;
before(async () => { t = await createTestContext(); });
after(async () => { await t.close(); });

const tables = ['alerts', 'alert_recipients', 'deliveries', 'audit_log'];
const openRing = [[33, 44], [33, 45], [34, 45], [34, 44]];
const bigRing = () => { const ring: number[][] = []; for (let i = 0; i < 1001; i += 1) ring.push([33 + Math.sin(i / 160), 44 + Math.cos(i / 160)]); ring.push(ring[0]!); return ring; };

const cases: [string, Record<string, unknown>, string][] = [
  ['empty area', { area: {} }, 'area'],
  ['expires before effective', { effective: '2030-01-02T00:00:00+00:00', expires: '2030-01-01T00:00:00+00:00' }, 'expires'],
  ['unknown language', { infos: [{ language: 'xx', event: 'e', headline: 'h', description: 'd', instruction: 'i' }] }, 'infos[0].language'],
  ['polygon not closed', { area: { polygons: [openRing] } }, 'area.polygons[0]'],
  ['too many vertices', { area: { polygons: [bigRing()] } }, 'area.polygons[0]'],
  ['unknown country', { area: { countries: ['QQ'] } }, 'area.countries[0]'],
  ['two info blocks in one language', { infos: [alertBody().infos as unknown[]].flat().slice(0, 1).concat((alertBody().infos as unknown[]).slice(0, 1)) }, 'infos[1].language'],
];

for (const [name, override, field] of cases) {
  for (const url of ['/api/alerts', '/api/alerts/dry-run']) {
    test(`${name} → problem+json naming ${field} from ${url}; nothing written`, async () => {
      const before = await countRows(t.db, tables);
      const res = await t.request('POST', url, { role: 'editor', body: alertBody(override) });
      assert.ok(res.statusCode === 400 || res.statusCode === 422, `status ${res.statusCode}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
      assert.ok(fields.includes(field), `fields ${fields.join(', ')} should include ${field}`);
      assert.deepEqual(await countRows(t.db, tables), before);
    });
  }
}

test('an Update with bad input is refused the same way, and the original stays published', async () => {
  const created = await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() });
  const id = created.json().id;
  await t.request('POST', `/api/alerts/${id}/submit`, { role: 'editor' });
  assert.equal((await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver' })).statusCode, 200);
  const before = await countRows(t.db, tables);
  const res = await t.request('POST', `/api/alerts/${id}/update`, { role: 'editor', body: alertBody({ area: { countries: [] } }) });
  assert.equal(res.statusCode, 422, res.body);
  assert.equal(res.json().errors[0].field, 'area');
  assert.deepEqual(await countRows(t.db, tables), before);
  assert.equal((await t.request('GET', `/api/alerts/${id}`, { role: 'viewer' })).json().state, 'published');
});

test('viewers cannot compose; anonymous callers cannot read alerts', async () => {
  assert.equal((await t.request('POST', '/api/alerts', { role: 'viewer', body: alertBody() })).statusCode, 403);
  assert.equal((await t.request('GET', '/api/alerts')).statusCode, 401);
});
