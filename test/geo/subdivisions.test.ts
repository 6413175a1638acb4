import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSubdivisionByName, getSubdivision, listSubdivisions } from '../../src/geo/subdivisions.js';

test('getSubdivision: by full code, case-insensitive', () => {
  assert.deepEqual(getSubdivision('IQ-BG'), { code: 'IQ-BG', countryCode: 'IQ', name: 'Baghdād', type: 'Governorate' });
  assert.equal(getSubdivision('iq-ar')?.name, 'Arbīl');
  assert.equal(getSubdivision('US-CA')?.name, 'California');
});

test('getSubdivision: unknown, malformed and empty codes miss', () => {
  for (const code of ['IQ-ZZ', 'ZZ-01', 'IQ', 'IQ-BG-1', '', '-']) assert.equal(getSubdivision(code), undefined, code);
});

// ISO 3166-2 now lists 19 Iraqi governorates: Halabja (IQ-HA) was added after the data of the
// unmaintained iso-3166-2 package (18) was last updated.
test('listSubdivisions: Iraq has 19 governorates (with Halabja), sorted; unknown country is empty', () => {
  const iraq = listSubdivisions('iq');
  assert.equal(iraq.length, 19);
  assert.equal(getSubdivision('IQ-HA')?.name, 'Halabja');
  assert.ok(iraq.every((s) => s.countryCode === 'IQ' && s.code.startsWith('IQ-')));
  assert.deepEqual(iraq.map((s) => s.code), iraq.map((s) => s.code).sort());
  assert.deepEqual(listSubdivisions('ZZ'), []);
  assert.deepEqual(listSubdivisions(''), []);
});

test('listSubdivisions returns a copy', () => {
  listSubdivisions('IQ').pop();
  assert.equal(listSubdivisions('IQ').length, 19);
});

test('findSubdivisionByName: accents, case, punctuation and Arabic article', () => {
  assert.equal(findSubdivisionByName('IQ', 'baghdad')?.code, 'IQ-BG');
  assert.equal(findSubdivisionByName('IQ', 'BAGHDĀD')?.code, 'IQ-BG');
  assert.equal(findSubdivisionByName('IQ', 'Basrah')?.code, 'IQ-BA');
  assert.equal(findSubdivisionByName('IQ', 'Al-Anbar')?.code, 'IQ-AN');
  assert.equal(findSubdivisionByName('IQ', 'Karbala')?.code, 'IQ-KA');
  assert.equal(findSubdivisionByName('IR', 'Tehran')?.code, 'IR-07');
  assert.equal(findSubdivisionByName('SE', 'vastra gotalands lan')?.code, 'SE-O');
});

test('findSubdivisionByName: misses', () => {
  assert.equal(findSubdivisionByName('IQ', 'Tehran'), undefined);
  assert.equal(findSubdivisionByName('ZZ', 'Baghdad'), undefined);
  assert.equal(findSubdivisionByName('IQ', ''), undefined);
  assert.equal(findSubdivisionByName('IQ', '  -- '), undefined);
});
