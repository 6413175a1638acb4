/**
 * The shipped coefficients of intake's learned models (the candidate ranker, the span classifier): one JSON file
 * each beside the code, read once, checked against the code's feature list, never downloaded.
 */
import { createRequire } from 'node:module';

export interface ModelWeights {
  features: readonly string[];
  weights: readonly number[];
  /** What the weights were fitted on (file names), for the record. */
  trainedOn?: readonly string[];
}

/** Σ xᵢ·wᵢ over a feature vector. */
export function weightedSum(x: readonly number[], model: ModelWeights): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * model.weights[i]!;
  return s;
}

/** Checks that a weights file fits the code's features (a stale file is a bug, not a degraded mode). */
export function checkModelWeights<T extends ModelWeights>(model: T, featureNames: readonly string[], what: string): T {
  const same = model.features.length === featureNames.length && featureNames.every((f, i) => model.features[i] === f);
  if (!same || model.weights.length !== featureNames.length || !model.weights.every(Number.isFinite)) {
    throw new Error(`${what} weights do not match the features (${featureNames.join(', ')}); re-run scripts/train-place-ranker.ts`);
  }
  return model;
}

/** A model's shipped weights file (beside this module, under src/intake/text/): its check, and the file read once. */
export function modelFile(file: string, featureNames: readonly string[], what: string): { check(model: ModelWeights): ModelWeights; shipped(): ModelWeights } {
  let shipped: ModelWeights | undefined;
  const check = (model: ModelWeights) => checkModelWeights(model, featureNames, what);
  return {
    check,
    shipped: () => (shipped ??= check(createRequire(import.meta.url)(`./${file}`) as ModelWeights)),
  };
}

export interface FitOptions {
  iterations?: number;
  rate?: number;
  l2?: number;
}

/**
 * Full-batch gradient descent from zero weights (deterministic, so the same gold sets give the same file), with an
 * L2 penalty on every weight but those in `unpenalised` (a bias). `addLossGradient(w, grad)` adds the gradient
 * of the mean data loss at `w` to `grad`. Weights are rounded to four decimals for a readable file.
 */
export function fitByGradientDescent(
  n: number,
  defaults: Required<FitOptions>,
  opts: FitOptions,
  addLossGradient: (w: readonly number[], grad: number[]) => void,
  unpenalised: ReadonlySet<number> = new Set(),
): number[] {
  const w = new Array<number>(n).fill(0);
  const iterations = opts.iterations ?? defaults.iterations;
  const rate = opts.rate ?? defaults.rate;
  const l2 = opts.l2 ?? defaults.l2;
  for (let it = 0; it < iterations; it++) {
    const grad = w.map((wi, i) => (unpenalised.has(i) ? 0 : l2 * wi));
    addLossGradient(w, grad);
    for (let i = 0; i < n; i++) w[i]! -= rate * grad[i]!;
  }
  return w.map((wi) => Math.round(wi * 1e4) / 1e4);
}
