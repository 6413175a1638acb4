import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURE_NAMES, type RankingExample, checkWeights, scoreFeatures, shippedRanker, trainRanker } from '../../src/intake/text/place-ranker.js';

const n = FEATURE_NAMES.length;
const at = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
const vector = (set: Partial<Record<(typeof FEATURE_NAMES)[number], number>>) => FEATURE_NAMES.map((f) => set[f] ?? 0);

test('trainRanker learns which feature marks the right candidate, and is deterministic', () => {
  // The right candidate is in the focus country; the wrong one is bigger.
  const examples: RankingExample[] = Array.from({ length: 40 }, (_, i) => ({
    candidates: [vector({ log_population: 0.9, most_populous_candidate: 1 }), vector({ log_population: 0.5, focus_country: 1 })],
    correct: 1,
  })).concat(Array.from({ length: 10 }, () => ({ candidates: [vector({ log_population: 0.9 }), vector({ log_population: 0.4 })], correct: 0 })));
  const w = trainRanker(examples, { iterations: 500 });
  assert.equal(w.length, n);
  assert.ok(w[at('focus_country')]! > 1, `focus weight ${w[at('focus_country')]}`);
  assert.ok(w[at('log_population')]! > 0, 'bigger is better when nothing else differs');
  const model = { features: FEATURE_NAMES, weights: w };
  for (const ex of examples) {
    const scores = ex.candidates.map((x) => scoreFeatures(x, model));
    assert.equal(scores.indexOf(Math.max(...scores)), ex.correct);
  }
  assert.deepEqual(trainRanker(examples, { iterations: 500 }), w);
});

test('checkWeights refuses a file that does not fit the features', () => {
  const error = /place ranker weights do not match the features/;
  assert.throws(() => checkWeights({ features: FEATURE_NAMES.slice(1), weights: new Array(n - 1).fill(0) }), error);
  assert.throws(() => checkWeights({ features: [...FEATURE_NAMES].reverse(), weights: new Array(n).fill(0) }), error);
  assert.throws(() => checkWeights({ features: FEATURE_NAMES, weights: [...new Array(n - 1).fill(0), Number.NaN] }), error);
});

test('the shipped weights fit the features and were trained on TR-News (the GeoNames convention)', () => {
  const model = shippedRanker();
  assert.deepEqual(model.features, [...FEATURE_NAMES]);
  assert.deepEqual(model.trainedOn, ['TR-News.xml']);
  // Sanity of the fit: focus and a named subdivision help, an alternate-name-only match hurts.
  assert.ok(model.weights[at('focus_country')]! > 0);
  assert.ok(model.weights[at('subdivision_named')]! > 0);
  assert.ok(model.weights[at('alternate_name_only')]! < 0);
});
