/**
 * Itineraries from outside: a booking confirmation's calendar (ICS) and the JSON API for travel
 * agencies and HR systems, idempotent by external reference, API-token authenticated, audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';
import { tripsFromIcs } from '../../src/travellers/ics.js';

let t: TestContext;
let layla = '';

/** A booking as airlines and agencies mail it: outbound flight, hotel (all-day), return flight. */
const BOOKING = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example Travel//Booking 1.0//EN', 'METHOD:PUBLISH',
  'BEGIN:VEVENT', 'UID:PNR-X7K2Q9-1@travel.example', 'DTSTAMP:20191220T090000Z',
  'DTSTART:20191228T083000Z', 'DTEND:20191228T160500Z', 'SUMMARY:Flight TK 1980: London (LHR) to Baghdad (BGW)', 'LOCATION:London Heathrow (LHR)', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:PNR-X7K2Q9-2@travel.example', 'DTSTAMP:20191220T090000Z',
  'DTSTART;VALUE=DATE:20191228', 'DTEND;VALUE=DATE:20200105', 'SUMMARY:Hotel: Al Rasheed Hotel', 'LOCATION:Al Rasheed Hotel\\, Haifa Street\\, Baghdad\\, Iraq', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:PNR-X7K2Q9-3@travel.example', 'DTSTAMP:20191220T090000Z',
  'DTSTART:20200105T041000Z', 'DTEND:20200105T115000Z', 'SUMMARY:Flight TK 1981: Baghdad (BGW) to London (LHR)', 'LOCATION:Baghdad International Airport (BGW)', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

const HOTEL_ONLY = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Hotels//EN',
  'BEGIN:VEVENT', 'UID:stay-991@hotels.example', 'DTSTAMP:20191220T090000Z', 'DTSTART;VALUE=DATE:20200102', 'DTEND;VALUE=DATE:20200104',
  'SUMMARY:Stay at Erbil Rotana', 'LOCATION:Erbil Rotana, 100m Street', 'GEO:36.1926;44.0106', 'END:VEVENT',
  'END:VCALENDAR', '',
].join('\r\n');

before(async () => {
  t = await createTestContext();
  const res = await t.request('POST', '/api/travellers', { role: 'editor', body: {
    fullName: 'Layla Haddad', consent: true, externalRef: 'EMP-0042', contacts: [{ channel: 'email', address: 'layla@corp.example' }] } });
  assert.equal(res.statusCode, 201, res.body);
  layla = res.json().id;
  await t.request('POST', '/api/travellers', { role: 'editor', body: { fullName: 'Tom Archer', consent: true, contacts: [{ channel: 'email', address: 'tom@corp.example' }] } });
});
after(async () => { await t.close(); });

const auditCount = async (action: string) =>
  Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE action = $1', [action])).rows[0]!.n);

describe('ICS import', () => {
  it('a booking\'s flights and hotel become one trip: from landing in Baghdad to the return flight', () => {
    const { trips, firstUid } = tripsFromIcs(BOOKING);
    assert.equal(firstUid, 'PNR-X7K2Q9-1@travel.example');
    assert.equal(trips.length, 1);
    assert.equal(trips[0]!.startsAt, '2019-12-28T16:05:00.000Z');
    assert.equal(trips[0]!.endsAt, '2020-01-05T04:10:00.000Z');
    assert.equal(trips[0]!.placeName, 'Baghdad');
    assert.ok(trips[0]!.cityId, 'resolved to the gazetteer city');
  });

  it('a hotel-only calendar with GEO is a stay at that point, from check-in to check-out', () => {
    const { trips } = tripsFromIcs(HOTEL_ONLY);
    assert.deepEqual(trips, [{ countryCode: 'IQ', placeName: 'Erbil Rotana', lat: 36.1926, lon: 44.0106, startsAt: '2020-01-02', endsAt: '2020-01-04' }]);
  });

  it('POST /api/itineraries/ics imports it for the traveller (201), again changes nothing (200), and makes them present in Iraq', async () => {
    const body = { traveller: { email: 'Layla@Corp.example' }, calendar: BOOKING };
    const first = await t.request('POST', '/api/itineraries/ics', { role: 'editor', body });
    assert.equal(first.statusCode, 201, first.body);
    const view = first.json();
    assert.equal(view.externalRef, 'ics:PNR-X7K2Q9-1@travel.example');
    assert.equal(view.travellerId, layla);
    assert.deepEqual(view.trips.map((x: { countryCode: string; subdivisionCode: string }) => [x.countryCode, x.subdivisionCode]), [['IQ', 'IQ-BG']]);
    const again = await t.request('POST', '/api/itineraries/ics', { role: 'editor', body });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().created, false);
    const trips = await t.db.query('SELECT 1 FROM trips WHERE traveller_id = $1', [layla]);
    assert.equal(trips.rowCount, 1, 'the second import replaced, not added');
    const present = await t.request('POST', '/api/presence/count', { role: 'editor' /* exact: a viewer's small counts read "<5" */, body: { area: { countries: ['IQ'] }, from: '2020-01-03T00:00:00Z', to: '2020-01-04T00:00:00Z' } });
    assert.equal(present.json().people, 1);
    assert.equal(await auditCount('itinerary.create'), 1);
    assert.equal(await auditCount('itinerary.replace'), 1);
  });

  it('refuses a calendar that is not ICS, or has no place it knows, naming the field, and writes nothing', async () => {
    const before = (await countRows(t.db, ['trips'])).trips;
    const cases: [string, RegExp][] = [
      ['hello', /^calendar: not an iCalendar \(ICS\) file/],
      [BOOKING.replace(/LOCATION:[^\r]*\r\n/g, '').replace(/SUMMARY:Flight TK 198[01]: [^\r]*/g, 'SUMMARY:Flight TK 1980').replace('SUMMARY:Hotel: Al Rasheed Hotel', 'SUMMARY:Hotel'),
        /^calendar: no flight or hotel event with a place Warden knows/],
    ];
    for (const [calendar, message] of cases) {
      const res = await t.request('POST', '/api/itineraries/ics', { role: 'editor', body: { traveller: { email: 'layla@corp.example' }, calendar, externalRef: 'bad-1' } });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().errors[0].field, 'calendar');
      assert.match(res.json().detail, message);
    }
    assert.equal((await countRows(t.db, ['trips'])).trips, before);
  });
});

describe('itinerary push API', () => {
  const booking = { traveller: { externalRef: 'EMP-0042' }, trips: [{ countryCode: 'LB', placeName: 'Beirut', startsAt: '2020-02-01T10:00:00Z', endsAt: '2020-02-07T18:00:00Z' }] };

  it('PUT creates (201), the same PUT again leaves exactly the same trips (200), a changed PUT replaces them', async () => {
    const first = await t.request('PUT', '/api/itineraries/AGENCY-7731', { role: 'editor', body: booking });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().travellerId, layla);
    const again = await t.request('PUT', '/api/itineraries/AGENCY-7731', { role: 'editor', body: booking });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json().trips.map((x: { startsAt: string }) => x.startsAt), ['2020-02-01T10:00:00.000Z']);
    const changed = await t.request('PUT', '/api/itineraries/AGENCY-7731', { role: 'editor', body: { ...booking, trips: [{ ...booking.trips[0], endsAt: '2020-02-09T18:00:00Z' }, { countryCode: 'CY', startsAt: '2020-02-09T20:00:00Z', endsAt: '2020-02-10T08:00:00Z' }] } });
    assert.equal(changed.statusCode, 200);
    const stored = await t.request('GET', '/api/itineraries/AGENCY-7731', { role: 'editor' });
    assert.deepEqual(stored.json().trips.map((x: { countryCode: string; endsAt: string }) => [x.countryCode, x.endsAt]),
      [['LB', '2020-02-09T18:00:00.000Z'], ['CY', '2020-02-10T08:00:00.000Z']]);
  });

  it('refuses an unknown traveller, a reference that is another traveller\'s, and bad trips, writing nothing', async () => {
    const before = (await countRows(t.db, ['trips'])).trips;
    const unknown = await t.request('PUT', '/api/itineraries/AGENCY-1', { role: 'editor', body: { ...booking, traveller: { email: 'nobody@corp.example' } } });
    assert.equal(unknown.statusCode, 422);
    assert.deepEqual(unknown.json().errors, [{ field: 'traveller.email', message: 'no enrolled traveller has it' }]);
    const taken = await t.request('PUT', '/api/itineraries/AGENCY-7731', { role: 'editor', body: { ...booking, traveller: { email: 'tom@corp.example' } } });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().errors[0].field, 'externalRef');
    const badTrip = await t.request('PUT', '/api/itineraries/AGENCY-2', { role: 'editor', body: { ...booking, trips: [{ countryCode: 'QQ', startsAt: '2020-02-01' }] } });
    assert.equal(badTrip.statusCode, 422);
    assert.equal(badTrip.json().errors[0].field, 'trips[0].countryCode');
    const two = await t.request('PUT', '/api/itineraries/AGENCY-3', { role: 'editor', body: { ...booking, traveller: { email: 'tom@corp.example', externalRef: 'EMP-0042' } } });
    assert.equal(two.statusCode, 400);
    assert.match(two.json().errors[0].message, /exactly one of id, externalRef, email/);
    const badRef = await t.request('PUT', '/api/itineraries/has%20space', { role: 'editor', body: booking });
    assert.equal(badRef.statusCode, 400);
    assert.equal(badRef.json().errors[0].field, 'params.ref');
    assert.equal((await countRows(t.db, ['trips'])).trips, before);
  });

  it('needs an API token of an editor: none is 401, a viewer 403', async () => {
    assert.equal((await t.request('PUT', '/api/itineraries/AGENCY-9', { body: booking })).statusCode, 401);
    assert.equal((await t.request('PUT', '/api/itineraries/AGENCY-9', { role: 'viewer', body: booking })).statusCode, 403);
    assert.equal((await t.request('GET', '/api/itineraries/AGENCY-7731', { role: 'viewer' })).statusCode, 403);
  });

  it('DELETE removes a cancelled booking\'s trips, audited; again removes nothing', async () => {
    const removed = await t.request('DELETE', '/api/itineraries/AGENCY-7731', { role: 'editor' });
    assert.equal(removed.statusCode, 200);
    assert.deepEqual(removed.json(), { removed: 2 });
    assert.deepEqual((await t.request('DELETE', '/api/itineraries/AGENCY-7731', { role: 'editor' })).json(), { removed: 0 });
    assert.equal((await t.request('GET', '/api/itineraries/AGENCY-7731', { role: 'editor' })).statusCode, 404);
    assert.equal(await auditCount('itinerary.delete'), 1);
  });
});
