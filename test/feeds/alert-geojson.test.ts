/** GeoJSON of published public alerts' areas: shapes as RFC 7946 features, public, never personal data. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../support/app.js';
import { circleRing } from '../../src/feeds/alert-geojson.js';
import { haversineKm } from '../../src/geo/index.js';
import { PERSONAL, seedAlerts, seedPostsAndTravellers, type SeededAlerts } from './seed.js';

let t: TestContext;
let ids: SeededAlerts;

before(async () => {
  t = await createTestContext();
  await seedPostsAndTravellers(t.db);
  ids = await seedAlerts(t.db, t.config.secret);
});
after(async () => { await t.close(); });

interface Shape { type: 'Feature'; geometry: { type: string; coordinates: [number, number][][] } | null; properties: Record<string, unknown> }

describe('alert area GeoJSON', () => {
  it('circleRing is a closed counter-clockwise ring whose points lie at the radius', () => {
    const ring = circleRing(33.3152, 44.3661, 30);
    assert.equal(ring.length, 65);
    assert.deepEqual(ring[0], ring[64]);
    for (const [lon, lat] of ring) assert.ok(Math.abs(haversineKm({ lat: 33.3152, lon: 44.3661 }, { lat, lon }) - 30) < 0.01);
    const signedArea = ring.slice(1).reduce((sum, [x, y], i) => sum + (ring[i]![0] * y - x * ring[i]![1]), 0);
    assert.ok(signedArea > 0, 'counter-clockwise (RFC 7946 §3.1.6)');
  });

  it('one alert: its subdivision (no outline), its drawn circle and the airport site as polygons, with centre and radius', async () => {
    const res = await t.request('GET', `/api/public/alerts/${ids.alertId}/area.geojson`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
    const fc = res.json() as { type: string; features: Shape[] };
    assert.equal(fc.type, 'FeatureCollection');
    assert.deepEqual(fc.features.map((f) => f.properties.shape), ['subdivision', 'circle', 'circle']);
    assert.deepEqual(fc.features[0], { type: 'Feature', geometry: null, properties: { alertId: ids.alertId, shape: 'subdivision', code: 'IQ-BG', label: 'Baghdād' } });
    const site = fc.features.find((f) => f.properties.label === 'Baghdad International Airport')!;
    assert.deepEqual(site.properties.center, [44.2346, 33.2625]);
    assert.equal(site.properties.radiusKm, 5);
    assert.equal(site.geometry!.type, 'Polygon');
    assert.equal(site.geometry!.coordinates[0]!.length, 65);
    const cancel = (await t.request('GET', `/api/public/alerts/${ids.cancelId}/area.geojson`)).json() as { features: Shape[] };
    assert.equal(cancel.features.length, 3, 'a Cancel shows the area it cancels');
  });

  it('every published public alert in one collection, filterable by country; drafts and unknown ids are 404', async () => {
    const all = (await t.request('GET', '/api/public/alerts.geojson')).json() as { features: Shape[] };
    assert.deepEqual([...new Set(all.features.map((f) => f.properties.alertId))].sort(), [ids.alertId, ids.updateId, ids.cancelId].sort());
    assert.ok(all.features.every((f) => typeof f.properties.headline === 'string' && String(f.properties.page).startsWith('http://warden.test/alerts/')));
    assert.equal(((await t.request('GET', '/api/public/alerts.geojson?country=LB')).json() as { features: Shape[] }).features.length, 0);
    assert.equal((await t.request('GET', `/api/public/alerts/${ids.draftId}/area.geojson`)).statusCode, 404);
    assert.equal((await t.request('GET', '/api/public/alerts/not-a-uuid/area.geojson')).statusCode, 400);
  });

  it('carries no personal data', async () => {
    const bodies = [(await t.request('GET', '/api/public/alerts.geojson')).body, (await t.request('GET', `/api/public/alerts/${ids.alertId}/area.geojson`)).body];
    for (const body of bodies) {
      for (const secret of [...PERSONAL.emails, ...PERSONAL.phones, ...PERSONAL.names, ...PERSONAL.emergency]) assert.ok(!body.includes(secret), secret);
    }
  });
});
