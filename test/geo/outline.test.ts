import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pointInPolygon } from '../../src/geo/distance.js';
import { getCity, subdivisionTowns } from '../../src/geo/gazetteer.js';
import { subdivisionOutline } from '../../src/geo/outline.js';
import { createTestContext, type TestContext } from '../support/app.js';

test('a subdivision outline is a closed ring around every one of its towns, and keeps out the towns of another', () => {
  for (const code of ['IQ-BG', 'IQ-AR', 'US-CA']) {
    const outline = subdivisionOutline(code)!;
    assert.equal(outline.code, code);
    const towns = subdivisionTowns(code);
    assert.equal(outline.towns, towns.length);
    assert.deepEqual(outline.ring[0], outline.ring.at(-1), `${code}: closed`);
    for (const t of towns) assert.ok(pointInPolygon({ lat: t.lat, lon: t.lon }, outline.ring), `${code}: ${t.name} inside`);
  }
  const basra = getCity(99532)!; // Al Başrah
  assert.equal(basra.subdivisionCode, 'IQ-BA');
  assert.ok(!pointInPolygon({ lat: basra.lat, lon: basra.lon }, subdivisionOutline('IQ-BG')!.ring), 'Basra is outside Baghdad governorate');
});

test('no outline for an unknown code', () => {
  assert.equal(subdivisionOutline('IQ-ZZ'), undefined);
  assert.equal(subdivisionOutline('nonsense'), undefined);
});

let t: TestContext;
before(async () => { t = await createTestContext(); });
after(async () => { await t.close(); });

test('GET /api/geo/subdivisions/:code/outline and /api/geo/places/:id; unknown ones are 404 problems', async () => {
  const outline = await t.request('GET', '/api/geo/subdivisions/iq-bg/outline');
  assert.equal(outline.statusCode, 200);
  assert.equal(outline.json().name, 'Baghdād');
  const place = await t.request('GET', '/api/geo/places/98182');
  assert.equal(place.statusCode, 200);
  assert.deepEqual({ name: place.json().name, countryCode: place.json().countryCode, subdivisionCode: place.json().subdivisionCode }, { name: 'Baghdad', countryCode: 'IQ', subdivisionCode: 'IQ-BG' });
  const missing = await t.request('GET', '/api/geo/subdivisions/IQ-ZZ/outline');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.headers['content-type'] as string, /application\/problem\+json/);
  assert.equal(missing.json().detail, 'subdivision IQ-ZZ (or any town of it) not found');
  const noCity = await t.request('GET', '/api/geo/places/1');
  assert.equal(noCity.statusCode, 404);
  const bad = await t.request('GET', '/api/geo/places/abc');
  assert.equal(bad.statusCode, 400);
});
