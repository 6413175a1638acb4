import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_ADMIN1 } from '../../src/geo/admin1.js';
import { countryPoint, getCountry, haversineKm, searchPlaces, subdivisionPoint } from '../../src/geo/index.js';

/** The seat GeoNames gives each crosswalked admin1 code (PPLA; Ontario's is Toronto). */
const SEATS: Record<string, string> = {
  'CA.01': 'Edmonton', 'CA.02': 'Victoria', 'CA.03': 'Winnipeg', 'CA.04': 'Fredericton', 'CA.05': "St. John's", 'CA.07': 'Halifax',
  'CA.08': 'Toronto', 'CA.09': 'Charlottetown', 'CA.10': 'Québec', 'CA.11': 'Regina', 'CA.12': 'Whitehorse', 'CA.13': 'Yellowknife', 'CA.14': 'Iqaluit',
  'AU.01': 'Canberra', 'AU.02': 'Sydney', 'AU.03': 'Darwin', 'AU.04': 'Brisbane', 'AU.05': 'Adelaide', 'AU.06': 'Hobart', 'AU.07': 'Melbourne', 'AU.08': 'Perth',
};

test('KNOWN_ADMIN1: every crosswalk entry is the admin1 code of that area\'s seat, and its towns get the ISO code', () => {
  let checked = 0;
  for (const [cc, codes] of Object.entries(KNOWN_ADMIN1)) {
    for (const [admin1, iso] of Object.entries(codes)) {
      const seatName = SEATS[`${cc}.${admin1}`];
      assert.ok(seatName, `${cc}.${admin1} has a seat to check`);
      const seat = searchPlaces(seatName, { countryCode: cc }).find((c) => c.featureCode === 'PPLA' || c.featureCode === 'PPLC');
      assert.ok(seat, `${seatName} is a seat in ${cc}`);
      assert.equal(seat.admin1, admin1, `${seatName}'s admin1 code`);
      assert.equal(seat.subdivisionCode, iso, `${seatName} lies in ${iso}`);
      checked++;
    }
  }
  assert.equal(checked, 21);
});

test('subdivisionPoint: near the middle of the area (GeoNames ADM1 points within 161 km)', () => {
  const cases: Array<[string, number, number]> = [
    ['US-TX', 31.25044, -99.25061], ['US-CA', 37.25022, -119.75126], ['US-WI', 44.50024, -90.00041], ['AU-NSW', -33, 146], ['US-FL', 28.75054, -82.5001],
  ];
  for (const [code, lat, lon] of cases) {
    const p = subdivisionPoint(code);
    assert.ok(p, code);
    assert.equal(p.basis, 'towns');
    const km = haversineKm(p, { lat, lon });
    assert.ok(km < 161, `${code} is ${Math.round(km)} km from its GeoNames point`);
  }
  const baghdad = subdivisionPoint('iq-bg');
  assert.ok(baghdad && haversineKm(baghdad, { lat: 33.34, lon: 44.4 }) < 100, 'Baghdad governorate around Baghdad');
  const alaska = subdivisionPoint('US-AK');
  assert.ok(alaska && alaska.lon < -140 && alaska.lon > -170, `Alaska's Aleutians do not wrap it round the antimeridian (${alaska?.lon})`);
  for (const code of ['ZZ-01', 'IQ-ZZ', '']) assert.equal(subdivisionPoint(code), undefined, code);
});

test('countryPoint: GeoNames conventional points for the documented exceptions, else the centroid', () => {
  assert.deepEqual(countryPoint('ru'), { lat: 60, lon: 100 });
  assert.deepEqual(countryPoint('CA'), { lat: 60.10867, lon: -113.64258 });
  assert.deepEqual(countryPoint('IQ'), getCountry('IQ')!.centroid);
  assert.deepEqual(countryPoint('US'), getCountry('US')!.centroid);
  const p = countryPoint('CN')!;
  p.lat = 0;
  assert.equal(countryPoint('CN')!.lat, 35, 'callers get a copy');
  assert.equal(countryPoint('ZZ'), undefined);
});
