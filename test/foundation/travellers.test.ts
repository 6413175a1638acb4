import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';

const tables = ['travellers', 'contact_points', 'trips', 'audit_log'];
const baghdadCityId = 98182;
const person = (overrides: Record<string, unknown> = {}) => ({
  fullName: 'Layla Haddad', language: 'ar', consent: true, organisation: 'Relief Partners International',
  contacts: [{ channel: 'email', address: 'Layla.Haddad@Example.org' }, { channel: 'sms', address: '+964 770 123 4567' }],
  trips: [{ cityId: baghdadCityId, startsAt: '2019-12-20', endsAt: '2020-01-10' }],
  ...overrides,
});

describe('travellers and trips', () => {
  let t: TestContext;
  before(async () => { t = await createTestContext(); });
  after(async () => { await t.close(); });

  it('enrols a traveller with normalised contacts and a trip resolved from the gazetteer', async () => {
    const res = await t.request('POST', '/api/travellers', { role: 'editor', body: person() });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.deepEqual(body.contacts.map((c: { channel: string; address: string }) => [c.channel, c.address]), [['email', 'layla.haddad@example.org'], ['sms', '+9647701234567']]);
    const trip = body.trips[0];
    assert.equal(trip.countryCode, 'IQ');
    assert.equal(trip.subdivisionCode, 'IQ-BG');
    assert.equal(trip.placeName, 'Baghdad');
    assert.ok(Math.abs(trip.lat - 33.34) < 0.01 && Math.abs(trip.lon - 44.40) < 0.01);
    assert.equal(trip.startsAt, '2019-12-20T00:00:00.000Z');
    assert.equal(trip.endsAt, '2020-01-10T23:59:59.999Z');
    const fetched = await t.request('GET', `/api/travellers/${body.id}`, { role: 'editor' });
    assert.equal(fetched.json().fullName, 'Layla Haddad');
  });

  it('keeps personal data from viewers and anonymous callers', async () => {
    assert.equal((await t.request('GET', '/api/travellers', { role: 'viewer' })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/travellers')).statusCode, 401);
    const search = await t.request('GET', '/api/travellers?q=Haddad', { role: 'editor' });
    assert.equal(search.json().items[0].fullName, 'Layla Haddad');
  });

  const badInputs: [string, Record<string, unknown>, number, { field: string; message: string }][] = [
    ['trip that ends before it starts', { contacts: [{ channel: 'email', address: 'a1@example.org' }], trips: [{ countryCode: 'IQ', startsAt: '2020-01-10', endsAt: '2020-01-01' }] }, 422, { field: 'trips[0].endsAt', message: 'must not be before startsAt' }],
    ['phone that is not a number', { contacts: [{ channel: 'sms', address: 'call me maybe' }] }, 422, { field: 'contacts[0].address', message: 'is not a phone number in international form (e.g. +964 770 123 4567)' }],
    ['duplicate e-mail', { contacts: [{ channel: 'email', address: 'LAYLA.HADDAD@example.org' }] }, 409, { field: 'contacts[0].address', message: 'this e-mail address is already enrolled' }],
    ['unknown country code', { contacts: [{ channel: 'email', address: 'a2@example.org' }], trips: [{ countryCode: 'ZZ', startsAt: '2020-01-01' }] }, 422, { field: 'trips[0].countryCode', message: 'unknown country code ZZ' }],
    ['city in another country', { contacts: [{ channel: 'email', address: 'a3@example.org' }], trips: [{ countryCode: 'IR', cityId: baghdadCityId, startsAt: '2020-01-01' }] }, 422, { field: 'trips[0].cityId', message: 'city Baghdad is not in IR' }],
    ['no consent', { consent: false, contacts: [{ channel: 'email', address: 'a4@example.org' }] }, 400, { field: 'consent', message: 'the traveller must consent to being contacted' }],
    ['no contact', { contacts: [] }, 400, { field: 'contacts', message: 'at least one way to reach the traveller' }],
    ['bad date', { contacts: [{ channel: 'email', address: 'a5@example.org' }], trips: [{ countryCode: 'IQ', startsAt: '3 January' }] }, 400, { field: 'trips[0].startsAt', message: 'must be a date (YYYY-MM-DD) or a date-time with offset' }],
  ];
  for (const [name, overrides, status, error] of badInputs) {
    it(`refuses a ${name}, naming the field and writing nothing`, async () => {
      const before = await countRows(t.db, tables);
      const res = await t.request('POST', '/api/travellers', { role: 'editor', body: person(overrides) });
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(res.json().errors, [error]);
      assert.deepEqual(await countRows(t.db, tables), before);
    });
  }

  it('adds a trip and refuses one for an unknown traveller', async () => {
    const createdRes = await t.request('POST', '/api/travellers', { role: 'editor', body: person({ contacts: [{ channel: 'email', address: 'trip@example.org' }] }) });
    assert.equal(createdRes.statusCode, 201, createdRes.body);
    const created = createdRes.json();
    const added = await t.request('POST', `/api/travellers/${created.id}/trips`, { role: 'editor', body: { lat: 31.95, lon: 35.93, startsAt: '2020-01-05T08:00:00+03:00' } });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().countryCode, 'JO');
    assert.equal(added.json().resident, true);
    const missing = await t.request('POST', '/api/travellers/00000000-0000-4000-8000-000000000000/trips', { role: 'editor', body: { countryCode: 'IQ', startsAt: '2020-01-01' } });
    assert.equal(missing.statusCode, 404);
  });
});
