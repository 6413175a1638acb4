/**
 * Text that spells an Object.prototype key ("constructor", "__proto__", "toString"…) must read as an unknown
 * word everywhere place-finding looks text up: it once crashed extraction (HTTP 500) because a plain-object
 * table answered `table['constructor']` with a function.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPlaces } from '../../src/intake/text/places.js';
import { extract } from '../../src/intake/text/extract.js';
import { createGeoGazetteer } from '../../src/intake/text/gazetteer.js';
import { pressAbbreviation } from '../../src/intake/text/place-abbreviations.js';
import { countryByDemonym, countryPoint, findCountryByName, getCountry, getSubdivision, ownValue, searchPlaces, subdivisionPoint } from '../../src/geo/index.js';
import { admin2ToIso } from '../../src/geo/admin1.js';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
const spellings = (key: string) => [key, key[0]!.toUpperCase() + key.slice(1), key.toUpperCase()];
const ALL = PROTOTYPE_KEYS.flatMap(spellings);

test('the table covers the keys that bit us', () => {
  for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__']) {
    assert.ok(PROTOTYPE_KEYS.includes(key), key);
  }
});

test('ownValue sees only own entries', () => {
  const table: Record<string, string> = { iraq: 'IQ' };
  assert.equal(ownValue(table, 'iraq'), 'IQ');
  for (const key of PROTOTYPE_KEYS) assert.equal(ownValue(table, key), undefined, key);
});

test('geography lookups answer "unknown" for every prototype key, in every case', () => {
  for (const word of ALL) {
    assert.equal(countryByDemonym(word), undefined, word);
    assert.equal(countryByDemonym(`${word}s`), undefined, word);
    assert.equal(findCountryByName(word), undefined, word);
    assert.equal(getCountry(word), undefined, word);
    assert.equal(countryPoint(word), undefined, word);
    assert.equal(getSubdivision(word), undefined, word);
    assert.equal(subdivisionPoint(word), undefined, word);
    assert.equal(pressAbbreviation(word.toLowerCase()), undefined, word);
    assert.equal(admin2ToIso({ countryCode: word, admin1: word, admin2: word }), undefined, word);
    assert.equal(admin2ToIso({ countryCode: 'GB', admin1: word, admin2: word }), undefined, word);
    for (const city of searchPlaces(word)) assert.equal(typeof city.name, 'string', word);
  }
  const gazetteer = createGeoGazetteer();
  for (const word of ALL) {
    assert.equal(gazetteer.demonym(word), undefined, word);
    assert.equal(gazetteer.country(word), undefined, word);
    for (const hit of gazetteer.lookup(word)) {
      assert.equal(typeof hit.code, 'string', word);
      assert.equal(hit.kind, 'city', `${word}: only a real town of that name could match`);
    }
  }
});

test('findPlaces and extract: a prototype key anywhere in a sentence is no place and no crash', () => {
  const frames = (w: string) => [w, `${w} said on Monday.`, `${w}, Ky. - A fire broke out.`, `In ${w} County the ${w}s gathered.`, `Mr ${w} of ${w} Province spoke.`, `the ${w}ian embassy in Paris, ${w}`, `${w} ${w} ${w}`, `Port of ${w}`, `A ${w} in Baghdad, Iraq.`];
  for (const word of ALL) {
    for (const text of frames(word)) {
      const places = findPlaces(text);
      for (const p of places) {
        assert.ok(!p.surface.toLowerCase().includes(word.toLowerCase()) || p.kind === 'city', `${text}: ${p.surface} → ${p.kind} ${p.code}`);
        assert.equal(typeof p.code, 'string');
        assert.ok(Number.isFinite(p.lat) && Number.isFinite(p.lon));
      }
      const extraction = extract({ text, contentHash: 'x' }, { sites: [] });
      assert.ok(Array.isArray(extraction.places), text);
    }
  }
  // The places around the key are still found; "Constructor Street" is a street by its form (no table look-up of
  // the word), placed at Baghdad.
  const around = findPlaces('The constructor said Constructor Street in Baghdad, Iraq was closed.');
  assert.deepEqual(around.map((p) => p.surface), ['Constructor Street', 'Baghdad', 'Iraq']);
  assert.deepEqual([around[0]!.kind, around[0]!.lat, around[0]!.lon], ['site', around[1]!.lat, around[1]!.lon]);
});
