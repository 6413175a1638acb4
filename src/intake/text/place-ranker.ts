/**
 * The learned candidate ranker of toponym resolution: which of a name's towns and subdivisions the text
 * means. A conditional logit model (a softmax over one name's candidates) over features of each candidate
 * against the text's other names; its coefficients are `place-ranker-weights.json`, trained by
 * `scripts/train-place-ranker.ts` on the dev gold sets (no download at run time). Countries, regions and the
 * abstention rules stay rules (places.ts, place-resolution.ts): the ranker only orders candidates.
 *
 * Features are scaled to about [0, 1] so that one learning rate fits all of them and the L2 penalty treats
 * them alike.
 */
import type { GazetteerHit } from './gazetteer.js';
import { type FitOptions, fitByGradientDescent, type ModelWeights, modelFile, weightedSum } from './model-weights.js';
import { type Context, distanceKm } from './place-resolution.js';

export const FEATURE_NAMES = [
  'log_population',
  'subdivision',
  'county',
  'focus_country',
  'dominant_country',
  'subdivision_named',
  'itself_named',
  'million',
  'national_capital',
  'admin_seat',
  'anchor_within_400km',
  'log_km_to_context',
  'no_context',
  'alternate_name_only',
  'approximate_point',
  'most_populous_candidate',
  'qualified',
  'state_support',
] as const;

export type RankerWeights = ModelWeights;

/** What a candidate is scored against besides the context: the name's other candidates and its qualifier. */
export interface CandidateSet {
  hits: readonly GazetteerHit[];
  qualified?: boolean | undefined;
}

/** The nearest of the text's anchors and focus countries' points, in km (undefined: the text has neither). */
function kmToContext(h: GazetteerHit, ctx: Context): number | undefined {
  let best: number | undefined;
  for (const p of [...ctx.anchors, ...ctx.focusPoints]) {
    const km = distanceKm(p, h);
    if (best === undefined || km < best) best = km;
  }
  return best;
}

export function candidateFeatures(h: GazetteerHit, set: CandidateSet, ctx: Context): number[] {
  const city = h.kind === 'city';
  const km = kmToContext(h, ctx);
  const topPopulation = Math.max(...set.hits.filter((c) => c.kind === 'city').map((c) => c.population), 0);
  return [
    city ? Math.log10(h.population + 10) / 7 : 0,
    h.kind === 'subdivision' && !h.county ? 1 : 0,
    h.county ? 1 : 0,
    ctx.focusCountries.has(h.countryCode) ? 1 : 0,
    ctx.dominantCountry === h.countryCode ? 1 : 0,
    h.subdivisionCode !== undefined && h.subdivisionCode !== h.code && ctx.subdivisionsNamedByOthers.has(h.subdivisionCode) ? 1 : 0,
    // A subdivision's own mention counts as naming it ("Wales", "California" over small towns of the name).
    h.kind === 'subdivision' && ctx.subdivisionsNamed.has(h.code) ? 1 : 0,
    city && h.population >= 1_000_000 ? 1 : 0,
    h.featureCode === 'PPLC' ? 1 : 0,
    h.featureCode === 'PPLA' ? 1 : 0,
    ctx.anchors.some((a) => distanceKm(a, h) < 400) ? 1 : 0,
    km === undefined ? 0 : Math.log10(1 + km) / 4,
    km === undefined ? 1 : 0,
    h.primary ? 0 : 1,
    h.approximate ? 1 : 0,
    city && h.population > 0 && h.population === topPopulation ? 1 : 0,
    set.qualified ? 1 : 0,
    ctx.support?.(h) ?? 0,
  ];
}

export function scoreFeatures(x: readonly number[], model: RankerWeights): number {
  return weightedSum(x, model);
}

const rankerFile = modelFile('place-ranker-weights.json', FEATURE_NAMES, 'place ranker');

/** Checks that a weights file fits this code's features (a stale file is a bug, not a degraded mode). */
export const checkWeights = (model: RankerWeights): RankerWeights => rankerFile.check(model);

/** The weights shipped in the repository. */
export const shippedRanker = (): RankerWeights => rankerFile.shipped();

/** One training example: the candidates' features and which of them is right (nearest the gold point, ≤ 161 km). */
export interface RankingExample {
  candidates: number[][];
  correct: number;
}

/**
 * Fits the conditional logit by full-batch gradient descent on the mean negative log-likelihood plus an L2
 * penalty. Deterministic (weights start at zero), so the same gold sets give the same file.
 */
export function trainRanker(examples: readonly RankingExample[], opts: FitOptions = {}): number[] {
  const n = FEATURE_NAMES.length;
  return fitByGradientDescent(n, { iterations: 2000, rate: 0.5, l2: 0.001 }, opts, (w, grad) => {
    for (const ex of examples) {
      const scores = ex.candidates.map((x) => x.reduce((s, xi, i) => s + xi * w[i]!, 0));
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const z = exps.reduce((a, b) => a + b, 0);
      ex.candidates.forEach((x, c) => {
        const p = exps[c]! / z - (c === ex.correct ? 1 : 0);
        for (let i = 0; i < n; i++) grad[i]! += (p * x[i]!) / examples.length;
      });
    }
  });
}
