import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findActors } from '../../src/intake/text/actors.js';
import { isSameSurname, mergeActors } from '../../src/intake/text/actor-matching.js';
import { findDates, toIsoDate } from '../../src/intake/text/dates.js';
import { findPlaces } from '../../src/intake/text/places.js';

const friday = new Date(Date.UTC(2020, 0, 3));

test('weekdays resolve to the most recent such day, unless the text speaks of the future', () => {
  const text = 'In a statement on Friday, it said the compound was besieged on Thursday and early Friday morning; talks will resume on Monday.';
  const days = findDates(text, friday).map((d) => [d.text, toIsoDate(d.date)]);
  assert.deepEqual(days, [
    ['on Friday', '2020-01-03'],
    ['on Thursday', '2020-01-02'],
    ['Friday morning', '2020-01-03'],
    ['on Monday', '2020-01-06'],
  ]);
});

test('relative dates need a reference; absolute ones do not', () => {
  assert.deepEqual(findDates('on Thursday'), []);
  assert.equal(toIsoDate(findDates('It happened on 2 January 2020.')[0]!.date), '2020-01-02');
});

test('surname variants: one edit or a transposition, same initial', () => {
  assert.ok(isSameSurname('Zarif', 'Zairf'));
  assert.ok(isSameSurname('Zarif', 'Zaif'));
  assert.ok(!isSameSurname('Zarif', 'Sharif'));
  assert.ok(!isSameSurname('Iran', 'Iraq'), 'short names are not fuzzily merged');
});

test('a lone surname without evidence is not an actor; a title or speech verb is evidence', () => {
  const text = 'Rain fell. Minister Obeidi said talks would go on. Karimi said nothing.';
  const names = findActors(text, findPlaces(text)).map((a) => a.name);
  assert.deepEqual(names.sort(), ['Karimi', 'Obeidi']);
});

test('mergeActors joins a later document’s spellings to the fuller name, keeping every form', () => {
  const first = 'Foreign Minister Mohammad Javad Zarif spoke in Tehran.';
  const second = 'Zairf said the move was reckless. The Islamic Revolutionary Guard Corps (IRGC) did not comment.';
  const a = findActors(first, findPlaces(first));
  const b = findActors(second, findPlaces(second));
  const merged = mergeActors(a, b);
  const zarif = merged.filter((x) => x.kind === 'person');
  assert.equal(zarif.length, 1);
  assert.equal(zarif[0]!.name, 'Mohammad Javad Zarif');
  assert.deepEqual(zarif[0]!.surfaceForms, ['Mohammad Javad Zarif', 'Zairf']);
  const again = mergeActors(merged, findActors('IRGC units moved.', []));
  assert.equal(again.filter((x) => x.acronym === 'IRGC').length, 1, 'acronym joins its expansion');
  assert.equal(a.length, 1, 'inputs are not modified');
});
