import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { damerauLevenshtein, jaro, jaroWinkler } from '../../src/intake/text/string-similarity.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-4, `${actual} ≉ ${expected}`);

test('jaro and jaroWinkler: the textbook pairs (Winkler 1990)', () => {
  close(jaro('martha', 'marhta'), 0.9444);
  close(jaroWinkler('martha', 'marhta'), 0.9611);
  close(jaro('dwayne', 'duane'), 0.8222);
  close(jaroWinkler('dwayne', 'duane'), 0.84);
  close(jaroWinkler('dixon', 'dicksonx'), 0.8133);
  assert.equal(jaroWinkler('zarif', 'zarif'), 1);
  assert.equal(jaroWinkler('', 'zarif'), 0);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
  // Under the 0.7 boost threshold the prefix does not count.
  close(jaroWinkler('abcdxyzq', 'abcdqrst'), jaro('abcdxyzq', 'abcdqrst') + 0.4 * (1 - jaro('abcdxyzq', 'abcdqrst')));
  assert.equal(jaroWinkler('ab', 'ba'), jaro('ab', 'ba'));
});

test('damerauLevenshtein: insertion, deletion, substitution and adjacent transposition cost one each', () => {
  assert.equal(damerauLevenshtein('zarif', 'zarif'), 0);
  assert.equal(damerauLevenshtein('zarif', 'zairf'), 1);
  assert.equal(damerauLevenshtein('zarif', 'zaif'), 1);
  assert.equal(damerauLevenshtein('zarif', 'zarifs'), 1);
  assert.equal(damerauLevenshtein('zarif', 'zerif'), 1);
  assert.equal(damerauLevenshtein('kitten', 'sitting'), 3);
  assert.equal(damerauLevenshtein('', 'abc'), 3);
  assert.equal(damerauLevenshtein('ca', 'abc'), 3); // optimal string alignment: no substring edited twice
});

test('both metrics: symmetric, in range, identity', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'é'), maxLength: 10 });
  fc.assert(
    fc.property(word, word, (a, b) => {
      const jw = jaroWinkler(a, b);
      assert.ok(jw >= 0 && jw <= 1);
      assert.equal(jaroWinkler(a, a), 1);
      assert.equal(damerauLevenshtein(a, b), damerauLevenshtein(b, a));
      assert.ok(damerauLevenshtein(a, b) <= Math.max(a.length, b.length));
      assert.ok(damerauLevenshtein(a, b) >= Math.abs(a.length - b.length));
      assert.equal(damerauLevenshtein(a, b) === 0, a === b);
    }),
    { numRuns: 2000 },
  );
});
