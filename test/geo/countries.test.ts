import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countryAt,
  countryByDemonym,
  countryGeometry,
  findCountryByName,
  getCountry,
  isCountryCode,
  listCountries,
} from '../../src/geo/countries.js';

const near = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} not within ${tolerance} of ${expected}`);

test('getCountry: case-insensitive, names and alternate names', () => {
  const us = getCountry('us');
  assert.equal(us?.code, 'US');
  assert.equal(us?.name, 'United States of America');
  for (const alt of ['USA', 'United States']) assert.ok(us?.alternateNames.includes(alt), alt);
  assert.equal(getCountry(' IQ ')?.name, 'Iraq');
  assert.ok(getCountry('IR')?.alternateNames.includes('Iran'));
});

test('getCountry / isCountryCode: unknown, empty and alpha-3 codes miss', () => {
  for (const code of ['', 'ZZ', 'IRQ', 'I', '12']) {
    assert.equal(getCountry(code), undefined, code);
    assert.equal(isCountryCode(code), false, code);
  }
  assert.equal(isCountryCode('iq'), true);
  assert.equal(isCountryCode('XK'), true, 'Kosovo uses the user-assigned XK');
});

test('listCountries: every ISO code once, sorted', () => {
  const countries = listCountries();
  assert.equal(countries.length, 250);
  assert.equal(new Set(countries.map((c) => c.code)).size, 250);
  assert.deepEqual(countries.map((c) => c.code), countries.map((c) => c.code).sort());
  for (const c of countries) {
    assert.ok(Math.abs(c.centroid.lat) <= 90 && Math.abs(c.centroid.lon) <= 180, c.code);
  }
});

test('centroid and bbox of Iraq, and the US centroid on the mainland', () => {
  const iq = getCountry('IQ')!;
  near(iq.centroid.lat, 33, 1);
  near(iq.centroid.lon, 43.7, 1);
  assert.ok(iq.bbox);
  const [minLon, minLat, maxLon, maxLat] = iq.bbox;
  near(minLon, 38.8, 0.3);
  near(minLat, 29.1, 0.3);
  near(maxLon, 48.6, 0.3);
  near(maxLat, 37.4, 0.3);
  const us = getCountry('US')!;
  assert.ok(us.centroid.lat > 35 && us.centroid.lat < 42 && us.centroid.lon > -102 && us.centroid.lon < -94);
});

test('shapeless countries get a centroid from their capital and a null bbox', () => {
  const gi = getCountry('GI')!;
  assert.equal(gi.bbox, null);
  near(gi.centroid.lat, 36.14, 0.1);
  near(gi.centroid.lon, -5.35, 0.1);
  assert.equal(countryGeometry('GI'), undefined);
  assert.ok(getCountry('BV')!.centroid.lat < -50);
});

test('countryGeometry: GeoJSON in [lon, lat], unknown codes miss', () => {
  const iq = countryGeometry('iq');
  assert.ok(iq && (iq.type === 'Polygon' || iq.type === 'MultiPolygon'));
  assert.equal(countryGeometry('US')?.type, 'MultiPolygon');
  assert.equal(countryGeometry('ZZ'), undefined);
  assert.equal(countryGeometry(''), undefined);
});

test('countryAt: cities of the region', () => {
  assert.equal(countryAt(33.34, 44.4), 'IQ', 'Baghdad');
  assert.equal(countryAt(36.19, 44.01), 'IQ', 'Erbil');
  assert.equal(countryAt(30.51, 47.78), 'IQ', 'Basra');
  assert.equal(countryAt(35.69, 51.39), 'IR', 'Tehran');
  assert.equal(countryAt(33.51, 36.29), 'SY', 'Damascus');
  assert.equal(countryAt(33.87, 35.55), 'LB', 'Beirut (inland edge: the 1:50m coast is coarse)');
  assert.equal(countryAt(31.95, 35.93), 'JO', 'Amman');
  assert.equal(countryAt(39.93, 32.86), 'TR', 'Ankara');
  assert.equal(countryAt(-29.31, 27.48), 'LS', 'Maseru, an enclave inside South Africa');
  assert.equal(countryAt(-17.8, 178.0), 'FJ', 'Viti Levu, near the antimeridian');
});

test('countryAt: sea, invalid coordinates and Siachen miss', () => {
  assert.equal(countryAt(30, -40), undefined, 'mid-Atlantic');
  assert.equal(countryAt(0, 0), undefined, 'Gulf of Guinea');
  assert.equal(countryAt(95, 0), undefined);
  assert.equal(countryAt(0, 200), undefined);
  assert.equal(countryAt(Number.NaN, 10), undefined);
  assert.equal(countryAt(35.4, 77.1), undefined, 'Siachen Glacier, disputed, skipped');
});

test('countryAt: features without ISO ids and carved-out territories', () => {
  assert.equal(countryAt(42.67, 21.17), 'XK', 'Pristina');
  assert.equal(countryAt(9.56, 44.06), 'SO', 'Hargeisa (Somaliland)');
  assert.equal(countryAt(35.25, 33.36), 'CY', 'Northern Cyprus');
  assert.equal(countryAt(-10.45, 105.69), 'CX', 'Christmas Island');
  // The Cocos atoll is a thin ring, so check the carved-out shape rather than a point.
  const cc = getCountry('CC')?.bbox;
  assert.ok(cc && cc[0] > 96 && cc[2] < 97.5 && cc[1] > -13 && cc[3] < -11.5, 'Cocos (Keeling) Islands');
  assert.equal(countryAt(4.3, -53), 'GF', 'French Guiana');
  assert.equal(countryAt(-21.1, 55.5), 'RE', 'Réunion');
  assert.equal(countryAt(78.22, 15.65), 'SJ', 'Svalbard');
  assert.equal(countryAt(46.6, 2.5), 'FR', 'mainland France stays FR');
  const franceBox = getCountry('FR')?.bbox;
  assert.ok(franceBox && franceBox[0] > -6 && franceBox[3] < 52, 'overseas departments no longer stretch France');
});

test('findCountryByName', () => {
  assert.equal(findCountryByName('USA'), 'US');
  assert.equal(findCountryByName('united states'), 'US');
  assert.equal(findCountryByName('Iran'), 'IR');
  assert.equal(findCountryByName('Islamic Republic of Iran'), 'IR');
  assert.equal(findCountryByName('Great Britain'), 'GB');
  assert.equal(findCountryByName('Atlantis'), undefined);
  assert.equal(findCountryByName(''), undefined);
});

test('countryByDemonym: common ones, plurals, case and two-word forms', () => {
  const expected: Record<string, string> = {
    Iranian: 'IR', Iraqi: 'IQ', American: 'US', British: 'GB', Israeli: 'IL', Syrian: 'SY',
    Turkish: 'TR', Saudi: 'SA', Kuwaiti: 'KW', Jordanian: 'JO', Lebanese: 'LB', French: 'FR',
    German: 'DE', Russian: 'RU', Chinese: 'CN', Swiss: 'CH', Dutch: 'NL', Emirati: 'AE',
  };
  for (const [word, code] of Object.entries(expected)) assert.equal(countryByDemonym(word), code, word);
  assert.equal(countryByDemonym('IRAQIS'), 'IQ');
  assert.equal(countryByDemonym('Americans'), 'US');
  assert.equal(countryByDemonym('Saudi Arabian'), 'SA');
  assert.equal(countryByDemonym('south  korean'), 'KR');
});

test('countryByDemonym: every table entry is a real country; ambiguous and unknown words miss', async () => {
  const { listDemonyms } = await import('../../src/geo/demonyms.js');
  assert.ok(listDemonyms().length >= 60);
  for (const [word, code] of listDemonyms()) assert.ok(isCountryCode(code), `${word} → ${code}`);
  for (const word of ['Korean', 'Congolese', 'Kurdish', 'Martian', '', '   ']) {
    assert.equal(countryByDemonym(word), undefined, word);
  }
});
