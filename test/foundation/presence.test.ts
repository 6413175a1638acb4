import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/auth/roles.js';
import { seededRandom } from '../../src/demo/random.js';
import { resolveArea, type AreaInput } from '../../src/geo/area.js';
import { areaSchema } from '../../src/geo/area.js';
import { countryAt, haversineKm, pointInPolygon } from '../../src/geo/index.js';
import { createSite } from '../../src/geo/sites.js';
import { normalizeTraveller } from '../../src/travellers/normalize.js';
import { countPresent, listPresent } from '../../src/travellers/presence.js';
import { insertTravellerRows, setOptOut } from '../../src/travellers/service.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';

interface Synthetic { id: string; lat: number; lon: number; country: string; startsAt: number; endsAt: number | null }
const day = 86_400_000;
const t0 = Date.UTC(2020, 0, 3);

describe('who is in area A during window T', () => {
  let t: TestContext;
  const people: Synthetic[] = [];
  before(async () => {
    t = await createTestContext();
    const random = seededRandom(7);
    const inputs: { lat: number; lon: number; country: string; start: number; end: number | null }[] = [];
    while (inputs.length < 400) {
      const lat = 30 + random() * 7;
      const lon = 41 + random() * 8;
      const country = countryAt(lat, lon);
      if (!country) continue;
      const start = t0 + Math.floor((random() - 0.5) * 40) * day;
      const end = random() < 0.2 ? null : start + Math.floor(random() * 20) * day;
      inputs.push({ lat, lon, country, start, end });
    }
    const batch = inputs.map((p, i) => normalizeTraveller({
      fullName: `Person ${i}`, language: 'en', consent: true, trips: [{ lat: p.lat, lon: p.lon, startsAt: new Date(p.start).toISOString(), endsAt: p.end === null ? null : new Date(p.end).toISOString() }],
      contacts: [{ channel: 'email', address: `p${i}@example.org` }, ...(i % 2 ? [{ channel: 'sms' as const, address: `+964770${1_000_000 + i}` }] : [])],
    }));
    await insertTravellerRows(t.db, systemActor('test'), batch, () => 'x');
    batch.forEach((b, i) => people.push({ id: b.traveller.id, lat: inputs[i]!.lat, lon: inputs[i]!.lon, country: b.trips[0]!.country_code, startsAt: inputs[i]!.start, endsAt: inputs[i]!.end }));
    await createSite(t.db, systemActor('test'), { name: 'Baghdad International Airport', aliases: [], lat: 33.2625, lon: 44.2346, radiusKm: 60 });
  });
  after(async () => { await t.close(); });

  const window = { from: new Date(t0), to: new Date(t0 + day - 1) };
  const during = (p: Synthetic) => p.startsAt <= window.to.getTime() && (p.endsAt === null || p.endsAt >= window.from.getTime());

  async function present(area: AreaInput) {
    const resolved = await resolveArea(t.db, areaSchema.parse(area));
    const rows = await listPresent(t.db, resolved, window, { limit: 10_000 });
    return new Set(rows.map((r) => r.travellerId));
  }
  const ids = (list: Synthetic[]) => new Set(list.map((p) => p.id));

  it('matches a country exactly (cross-checked in JavaScript)', async () => {
    const expected = ids(people.filter((p) => p.country === 'IQ' && during(p)));
    assert.ok(expected.size > 50);
    assert.deepEqual(await present({ countries: ['IQ'] }), expected);
  });

  it('matches a circle exactly, by great-circle distance', async () => {
    const center = { lat: 33.34, lon: 44.4 };
    const expected = ids(people.filter((p) => haversineKm(center, p) <= 150 && during(p)));
    assert.ok(expected.size > 5);
    assert.deepEqual(await present({ circles: [{ ...center, radiusKm: 150 }] }), expected);
  });

  it('matches a site by name with its radius', async () => {
    const expected = ids(people.filter((p) => haversineKm({ lat: 33.2625, lon: 44.2346 }, p) <= 60 && during(p)));
    assert.deepEqual(await present({ sites: ['baghdad international airport'] }), expected);
  });

  it('matches a polygon exactly', async () => {
    const ring: [number, number][] = [[32, 43], [35, 43.5], [34.5, 46], [32.2, 45.5], [32, 43]];
    const expected = ids(people.filter((p) => pointInPolygon(p, ring) && during(p)));
    assert.ok(expected.size > 5);
    assert.deepEqual(await present({ polygons: [ring] }), expected);
  });

  it('counts a union once per person and per channel', async () => {
    const resolved = await resolveArea(t.db, areaSchema.parse({ countries: ['IQ'], circles: [{ lat: 33.34, lon: 44.4, radiusKm: 300 }] }));
    const expected = people.filter((p) => (p.country === 'IQ' || haversineKm({ lat: 33.34, lon: 44.4 }, p) <= 300) && during(p));
    const counts = await countPresent(t.db, resolved, window);
    assert.equal(counts.people, expected.length);
    assert.equal(counts.byChannel.email, expected.length);
    assert.equal(counts.byChannel.sms, expected.filter((p) => people.indexOf(p) % 2 === 1).length);
  });

  it('leaves out travellers who opted out', async () => {
    const someone = people.find((p) => p.country === 'IQ' && during(p))!;
    await setOptOut(t.db, systemActor('test'), someone.id, true);
    const found = await present({ countries: ['IQ'] });
    assert.equal(found.has(someone.id), false);
    await setOptOut(t.db, systemActor('test'), someone.id, false);
    assert.equal((await present({ countries: ['IQ'] })).has(someone.id), true);
  });

  it('answers the API dry run without personal data for a viewer', async () => {
    const res = await t.request('POST', '/api/presence/count', { role: 'viewer', body: { area: { countries: ['IQ'] }, from: window.from.toISOString(), to: window.to.toISOString() } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().people, people.filter((p) => p.country === 'IQ' && during(p)).length);
    assert.doesNotMatch(res.body, /example\.org|Person /);
    assert.equal((await t.request('POST', '/api/presence', { role: 'viewer', body: { area: { countries: ['IQ'] }, from: window.from.toISOString() } })).statusCode, 403);
  });

  const badAreas: [string, unknown, { field: string; message: string }][] = [
    ['an empty area', {}, { field: 'area', message: 'must contain at least one country, subdivision, city, site, circle or polygon' }],
    ['a polygon that is not closed', { polygons: [[[32, 43], [35, 43.5], [34.5, 46], [32.2, 45.5]]] }, { field: 'area.polygons[0]', message: 'polygon must be closed (first point equal to the last)' }],
    ['an unknown site', { sites: ['Atlantis'] }, { field: 'area.sites[0]', message: 'unknown site Atlantis' }],
    ['an unknown subdivision', { subdivisions: ['IQ-ZZ'] }, { field: 'area.subdivisions[0]', message: 'unknown subdivision code IQ-ZZ' }],
  ];
  for (const [name, area, error] of badAreas) {
    it(`refuses ${name}`, async () => {
      const before = await countRows(t.db, ['audit_log']);
      const res = await t.request('POST', '/api/presence/count', { role: 'viewer', body: { area, from: window.from.toISOString() } });
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(res.json().errors, [error]);
      assert.deepEqual(await countRows(t.db, ['audit_log']), before);
    });
  }

  it('refuses a window in a year PostgreSQL cannot store (found by fuzzing: was a 500)', async () => {
    const res = await t.request('POST', '/api/presence', { role: 'editor', body: { area: { countries: ['IQ'] }, from: '0000-01-01T00:00:00Z' } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().errors, [{ field: 'from', message: 'must be between the years 1900 and 2200' }]);
  });

  it('rounds coordinates to 7 decimals, so a subnormal float such as 6e-323 is 0 (found by fuzzing: was a 500)', async () => {
    assert.equal(areaSchema.parse({ circles: [{ lat: 6e-323, lon: -179.9999999999999, radiusKm: 1 }] }).circles[0]!.lat, 0);
    assert.deepEqual(areaSchema.parse({ circles: [{ lat: 33.312345678, lon: -179.9999999999999, radiusKm: 1 }] }).circles[0], { lat: 33.3123457, lon: -180, radiusKm: 1 });
    const inside = people.find((p) => Math.abs(p.lat - 33.3) < 0.5)!;
    const res = await t.request('POST', '/api/presence/count', { role: 'editor' /* exact: a viewer sees a count of 1 as "<5" */, body: {
      area: { circles: [{ lat: 6e-323, lon: 3.7e-13, radiusKm: 1 }, { lat: inside.lat, lon: inside.lon, radiusKm: 0.001 }] }, from: '1900-01-01T00:00:00Z', to: null } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().people, 1);
  });

  it('refuses a radius below 1 m, naming the field (a subnormal radius was a 500 the same way)', async () => {
    const res = await t.request('POST', '/api/presence/count', { role: 'viewer', body: { area: { circles: [{ lat: 33, lon: 44, radiusKm: 5e-324 }] }, from: window.from.toISOString() } });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(res.json().errors, [{ field: 'area.circles[0].radiusKm', message: 'must be at least 0.001 km (1 m)' }]);
  });

  it('refuses a polygon with more than the allowed vertices', async () => {
    const ring = Array.from({ length: 1001 }, (_, i) => [33 + Math.sin(i) / 10, 44 + Math.cos(i) / 10]);
    const res = await t.request('POST', '/api/presence/count', { role: 'viewer', body: { area: { polygons: [ring] }, from: window.from.toISOString() } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errors[0].field, 'area.polygons[0]');
  });
});
