/**
 * Trains the toponym candidate ranker (src/intake/text/place-ranker.ts) and the span classifier
 * (src/intake/text/span-classifier.ts) on gold sets shaped like TR-News.xml and writes their coefficients to
 * src/intake/text/place-ranker-weights.json and src/intake/text/span-classifier-weights.json.
 *
 *   npx tsx scripts/train-place-ranker.ts [--out=ranker.json] [--span-out=spans.json] [gold.xml ...]   (default: TR-News.xml)
 *
 * The shipped weights are fitted on TR-News only: its coordinates follow GeoNames, the gazetteer Warden
 * uses; GeoVirus (Wikipedia's points) is kept for scoring, so its figures are cross-set by construction.
 * An example is one recognised name that overlaps a gold toponym with coordinates and has two or more
 * candidate towns/subdivisions; the right candidate is the one nearest the gold point, if within 161 km.
 * A span example is one span the rules keep (with the classifier off): a place when a gold toponym overlaps it.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPlaces } from '../src/intake/text/places.js';
import { FEATURE_NAMES, type RankerWeights, type RankingExample, trainRanker } from '../src/intake/text/place-ranker.js';
import { SPAN_FEATURE_NAMES, type SpanExample, type SpanWeights, trainSpanClassifier } from '../src/intake/text/span-classifier.js';
import { haversineKm, loadGazetteer } from '../src/geo/index.js';
import { GOLD_DIR, readGold } from './geoparse-gold.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEIGHTS_FILE = resolve(repoRoot, 'src/intake/text/place-ranker-weights.json');
const SPAN_WEIGHTS_FILE = resolve(repoRoot, 'src/intake/text/span-classifier-weights.json');

export function rankingExamples(path: string): RankingExample[] {
  const examples: RankingExample[] = [];
  // Features do not depend on the weights; zeros keep collection independent of the shipped file.
  const ranker = { features: FEATURE_NAMES, weights: FEATURE_NAMES.map(() => 0) };
  for (const article of readGold(path).articles) {
    const gold = article.toponyms.filter((t) => t.lat !== undefined && t.lon !== undefined);
    findPlaces(article.text, {
      ranker,
      spanClassifier: 'off',
      onCandidates: (span, candidates) => {
        const g = gold.find((t) => span.start < t.end && t.start < span.end);
        if (!g || candidates.length < 2) return;
        const km = candidates.map((c) => haversineKm({ lat: c.hit.lat, lon: c.hit.lon }, { lat: g.lat!, lon: g.lon! }));
        const best = km.indexOf(Math.min(...km));
        if (km[best]! <= 161) examples.push({ candidates: candidates.map((c) => c.features), correct: best });
      },
    });
  }
  return examples;
}

export function spanExamples(path: string): SpanExample[] {
  const examples: SpanExample[] = [];
  for (const article of readGold(path).articles) {
    findPlaces(article.text, {
      spanClassifier: 'off',
      onSpan: (span, features) => examples.push({ features, place: article.toponyms.some((t) => span.start < t.end && t.start < span.end) }),
    });
  }
  return examples;
}

/** Fits the span classifier on the given gold files. */
export function fitSpanClassifier(paths: readonly string[]): SpanWeights {
  const examples = paths.flatMap(spanExamples);
  return { features: [...SPAN_FEATURE_NAMES], weights: trainSpanClassifier(examples), trainedOn: paths.map((p) => basename(p)) };
}

/** Fits the ranker on the given gold files. */
export function fitRanker(paths: readonly string[]): RankerWeights {
  const examples = paths.flatMap(rankingExamples);
  return { features: [...FEATURE_NAMES], weights: trainRanker(examples), trainedOn: paths.map((p) => basename(p)) };
}

function main(): void {
  const args = process.argv.slice(2);
  const out = args.find((a) => a.startsWith('--out='))?.slice(6) ?? WEIGHTS_FILE;
  const files = args.filter((a) => !a.startsWith('--'));
  loadGazetteer();
  const paths = files.length ? files : [resolve(GOLD_DIR, 'TR-News.xml')];
  const model = fitRanker(paths);
  writeFileSync(out, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`${paths.map((p) => basename(p)).join(', ')} → ${out}`);
  FEATURE_NAMES.forEach((f, i) => console.log(`  ${f.padEnd(26)} ${model.weights[i]!.toFixed(4)}`));
  const spanOut = args.find((a) => a.startsWith('--span-out='))?.slice(11) ?? SPAN_WEIGHTS_FILE;
  const spans = fitSpanClassifier(paths);
  writeFileSync(spanOut, `${JSON.stringify(spans, null, 2)}\n`);
  console.log(`span classifier → ${spanOut}`);
  SPAN_FEATURE_NAMES.forEach((f, i) => console.log(`  ${f.padEnd(26)} ${spans.weights[i]!.toFixed(4)}`));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
