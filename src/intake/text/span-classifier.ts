/**
 * The learned span classifier of place-finding: is this capitalised chunk, which the gazetteer reads and the
 * rules of place-spans.ts kept, a place here? A logistic model over features of the span and its context
 * (what the gazetteer holds for it, the words around it, how the text writes the same word elsewhere); its
 * coefficients are `span-classifier-weights.json`, trained by `scripts/train-place-ranker.ts` on the dev gold
 * sets (no download at run time). It only removes spans; the rules still decide what is a candidate.
 *
 * Features are scaled to about [0, 1], like the candidate ranker's.
 */
import { type FitOptions, fitByGradientDescent, type ModelWeights, modelFile, weightedSum } from './model-weights.js';
import type { Span } from './place-spans.js';
import { fold, type Token } from './tokens.js';

export const SPAN_FEATURE_NAMES = [
  'bias',
  'country_reading',
  'subdivision_reading',
  'region_reading',
  'log_population',
  'main_name',
  'log_readings',
  'sentence_initial',
  'locative_before',
  'the_before',
  'comma_name_after',
  'capitalised_after',
  'all_capitals',
  'words',
  'glued',
  'possessive',
  'log_mentions',
  'written_lower_case_elsewhere',
  'admin_suffix',
  'small_towns_only',
  'hyphenated',
  'qualified',
] as const;

export type SpanWeights = ModelWeights;

const LOCATIVES = new Set(['in', 'at', 'from', 'near', 'to', 'into', 'across', 'outside', 'inside', 'throughout', 'towards', 'toward', 'around', 'via', 'between', 'of', 'within', 'northern', 'southern', 'eastern', 'western', 'central']);

/** Below this probability a span is not reported as a place. */
export const SPAN_THRESHOLD = 0.5;

/** What the text says once, for all of its spans: how often each folded word is written, and written in lower case. */
export interface SpanTextFacts {
  mentions: Map<string, number>;
  lowerCase: Set<string>;
}

export function spanTextFacts(tokens: readonly Token[]): SpanTextFacts {
  const mentions = new Map<string, number>();
  const lowerCase = new Set<string>();
  for (const t of tokens) {
    const key = fold(t.text);
    mentions.set(key, (mentions.get(key) ?? 0) + 1);
    if (!t.capitalized && /^\p{Ll}/u.test(t.text)) lowerCase.add(key);
  }
  return { mentions, lowerCase };
}

export function spanFeatures(text: string, tokens: readonly Token[], span: Span, facts: SpanTextFacts): number[] {
  const first = tokens[span.first]!;
  const prev = tokens[span.first - 1];
  const next = tokens[span.last + 1];
  const cities = span.hits.filter((h) => h.kind === 'city');
  const topPopulation = Math.max(0, ...cities.map((h) => h.population));
  const words = span.last - span.first + 1;
  const key = fold(span.surface);
  const after = text.slice(span.end, span.end + 3);
  return [
    1,
    span.hits.some((h) => h.kind === 'country') ? 1 : 0,
    span.hits.some((h) => h.kind === 'subdivision') ? 1 : 0,
    span.hits.some((h) => h.kind === 'region') ? 1 : 0,
    Math.log10(topPopulation + 10) / 7,
    span.hits.some((h) => h.primary) ? 1 : 0,
    Math.log10(1 + span.hits.length) / 2,
    first.sentenceInitial ? 1 : 0,
    prev && prev.sentence === first.sentence && LOCATIVES.has(fold(prev.text)) ? 1 : 0,
    prev && prev.sentence === first.sentence && fold(prev.text) === 'the' ? 1 : 0,
    /^, ?\p{Lu}/u.test(after) ? 1 : 0,
    next && next.sentence === first.sentence && next.capitalized && /^\s+$/.test(text.slice(span.end, next.start)) ? 1 : 0,
    span.surface.length > 1 && span.surface === span.surface.toUpperCase() ? 1 : 0,
    Math.min(words, 5) / 5,
    span.glued ? 1 : 0,
    tokens[span.last]!.possessive ? 1 : 0,
    Math.log10(1 + (facts.mentions.get(key) ?? 1)) / 2,
    words === 1 && facts.lowerCase.has(key) ? 1 : 0,
    span.lookupName !== span.surface ? 1 : 0,
    cities.length > 0 && cities.length === span.hits.length && topPopulation < 5000 ? 1 : 0,
    span.surface.includes('-') ? 1 : 0,
    span.qualified ? 1 : 0,
  ];
}

/** The probability that the span is a place. */
export function spanProbability(x: readonly number[], model: SpanWeights): number {
  return 1 / (1 + Math.exp(-weightedSum(x, model)));
}

const classifierFile = modelFile('span-classifier-weights.json', SPAN_FEATURE_NAMES, 'span classifier');

/** Checks that a weights file fits this code's features (a stale file is a bug, not a degraded mode). */
export const checkSpanWeights = (model: SpanWeights): SpanWeights => classifierFile.check(model);

/** The weights shipped in the repository. */
export const shippedSpanClassifier = (): SpanWeights => classifierFile.shipped();

/** One training example: a span's features and whether a gold toponym overlaps it. */
export interface SpanExample {
  features: number[];
  place: boolean;
}

/**
 * Fits the logistic model by full-batch gradient descent on the mean log-loss plus an L2 penalty (not on the
 * bias). Deterministic (weights start at zero), so the same gold sets give the same file.
 */
export function trainSpanClassifier(examples: readonly SpanExample[], opts: FitOptions = {}): number[] {
  const n = SPAN_FEATURE_NAMES.length;
  return fitByGradientDescent(n, { iterations: 3000, rate: 1, l2: 0.001 }, opts, (w, grad) => {
    const model = { features: SPAN_FEATURE_NAMES, weights: w };
    for (const ex of examples) {
      const err = spanProbability(ex.features, model) - (ex.place ? 1 : 0);
      for (let i = 0; i < n; i++) grad[i]! += (err * ex.features[i]!) / examples.length;
    }
  }, new Set([0]));
}
