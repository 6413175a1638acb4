import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURE_NAMES } from '../../src/intake/text/place-ranker.js';
import { findPlaces } from '../../src/intake/text/places.js';
import {
  SPAN_FEATURE_NAMES,
  type SpanExample,
  checkSpanWeights,
  shippedSpanClassifier,
  spanProbability,
  trainSpanClassifier,
} from '../../src/intake/text/span-classifier.js';

const n = SPAN_FEATURE_NAMES.length;
const at = (name: (typeof SPAN_FEATURE_NAMES)[number]) => SPAN_FEATURE_NAMES.indexOf(name);
const vector = (set: Partial<Record<(typeof SPAN_FEATURE_NAMES)[number], number>>) => SPAN_FEATURE_NAMES.map((f) => (f === 'bias' ? 1 : (set[f] ?? 0)));

test('trainSpanClassifier learns which feature marks a place, and is deterministic', () => {
  // After "in" the chunk is a place; a word the text also writes in lower case is not.
  const examples: SpanExample[] = [
    ...Array.from({ length: 30 }, () => ({ features: vector({ locative_before: 1, main_name: 1 }), place: true })),
    ...Array.from({ length: 30 }, () => ({ features: vector({ written_lower_case_elsewhere: 1, main_name: 1 }), place: false })),
  ];
  const w = trainSpanClassifier(examples, { iterations: 500 });
  assert.equal(w.length, n);
  assert.ok(w[at('locative_before')]! > 0.5, `locative weight ${w[at('locative_before')]}`);
  assert.ok(w[at('written_lower_case_elsewhere')]! < -0.5, `lower-case weight ${w[at('written_lower_case_elsewhere')]}`);
  const model = { features: SPAN_FEATURE_NAMES, weights: w };
  for (const ex of examples) assert.equal(spanProbability(ex.features, model) >= 0.5, ex.place);
  assert.deepEqual(trainSpanClassifier(examples, { iterations: 500 }), w);
});

test('checkSpanWeights refuses the ranker\'s file or a stale one, naming the span classifier', () => {
  const stale = [
    { features: [...FEATURE_NAMES], weights: FEATURE_NAMES.map(() => 0) },
    { features: [...SPAN_FEATURE_NAMES, 'extra'], weights: new Array(n + 1).fill(0) },
    { features: [...SPAN_FEATURE_NAMES], weights: [Number.POSITIVE_INFINITY, ...new Array(n - 1).fill(0)] },
  ];
  for (const file of stale) assert.throws(() => checkSpanWeights(file), /^Error: span classifier weights do not match the features \(bias, /);
  assert.doesNotThrow(() => checkSpanWeights({ features: [...SPAN_FEATURE_NAMES], weights: new Array(n).fill(0) }));
});

test('the shipped span classifier fits the features, was trained on TR-News, and learned the expected signs', () => {
  const model = shippedSpanClassifier();
  assert.deepEqual(model.features, [...SPAN_FEATURE_NAMES]);
  assert.deepEqual(model.trainedOn, ['TR-News.xml']);
  assert.ok(model.weights[at('locative_before')]! > 0, 'after "in", "at", "from": a place');
  assert.ok(model.weights[at('country_reading')]! > 0, 'a country name is nearly always a place');
  assert.ok(model.weights[at('written_lower_case_elsewhere')]! < 0, 'a word also written in lower case is less likely one');
});

test('the classifier drops spans from findPlaces, and "off" keeps every span the rules keep', () => {
  const text = 'Officials in Mosul said the roads were closed.';
  const model = { features: SPAN_FEATURE_NAMES, weights: SPAN_FEATURE_NAMES.map((f) => (f === 'bias' ? -10 : 0)) };
  const off = findPlaces(text, { spanClassifier: 'off' });
  assert.ok(off.some((p) => p.surface === 'Mosul'), 'the rules keep "Mosul"');
  assert.deepEqual(findPlaces(text, { spanClassifier: model }).filter((p) => !p.demonym), [], 'a model that says no to everything drops every span');
  const seen: string[] = [];
  findPlaces(text, { spanClassifier: 'off', onSpan: (span, features) => { assert.equal(features.length, n); seen.push(span.surface); } });
  assert.deepEqual(seen, ['Mosul']);
  assert.ok(findPlaces(text).some((p) => p.surface === 'Mosul'), 'the shipped classifier keeps a town after "in"');
});
