/**
 * Geoparsing evaluation of src/intake/text/places.ts against gold sets shaped like TR-News.xml
 * (articles > toponyms > toponym{phrase,start,end,gaztag{lat,lon}}) or GeoVirus.xml
 * (articles > article{text, locations > location{name,start,end,lat,lon}}).
 *
 *   npm run eval:geoparse [-- file.xml ...] [--demonyms=auto|on|off] [--ranker=weights.json] [--cross] [--no-span-classifier] [--errors]
 *
 * Prints toponym precision/recall/F1 (exact span and overlapping span), Accuracy@161 km and
 * the median error over correctly recognised toponyms that have gold coordinates, and docs/s;
 * the last line is one JSON object with every figure.
 * Accuracy@161 km is given strictly and "areal-aware": a predicted country, or a US state or county, also
 * counts as right when the gold point lies inside its shape (countries: world-atlas; US states and counties:
 * us-atlas). Other subdivisions have no shapes in Warden's data, so they are scored strictly in both.
 * docs/s is per CPU-second of this process (user + system), after a warm-up, so that other work on a shared
 * machine does not count against it.
 * `--cross` also scores each set with the candidate ranker and the span classifier trained on the other set(s)
 * only (scripts/train-place-ranker.ts): the honest predictor of unseen news. `--no-span-classifier` also scores
 * each set with every span the rules keep (what the classifier adds).
 *
 * Gold offsets: some articles' offsets are shifted by a character or more (GeoVirus by one
 * throughout); a gold span whose text is not its phrase is moved to the nearest occurrence of
 * the phrase within 60 characters, else dropped (counted in `goldUnaligned`).
 * Demonyms: TR-News annotates nationality words ("Turkish" → Turkey) as toponyms, GeoVirus
 * does not; `auto` reports them only when at least 3% of the gold toponyms are demonyms.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_GOLD_FILES, type GoldSet, type GoldToponym, readGold } from './geoparse-gold.js';
import { findPlaces, type Place } from '../src/intake/text/places.js';
import { checkWeights, type RankerWeights } from '../src/intake/text/place-ranker.js';
import type { SpanWeights } from '../src/intake/text/span-classifier.js';
import { countryAt, countryByDemonym, haversineKm, loadGazetteer, usCountyContains, usStateAt } from '../src/geo/index.js';

interface Scores {
  file: string;
  docs: number;
  gold: number;
  goldUnaligned: number;
  predicted: number;
  demonyms: boolean;
  exact: { precision: number; recall: number; f1: number };
  overlap: { precision: number; recall: number; f1: number };
  resolved: number;
  accuracyAt161: number;
  /** Also right: a country, US state or US county whose shape holds the gold point. */
  accuracyAt161Areal: number;
  medianErrorKm: number;
  /** Accuracy@161 km by the kind of place predicted: countries and regions are scored against conventional points. */
  accuracyAt161ByKind: Record<string, { n: number; accuracy: number }>;
  docsPerSecond: number;
  /** The candidate ranker's training sets ("shipped" for the repository's weights). */
  ranker: string;
}

function prf(matched: number, predicted: number, gold: number): { precision: number; recall: number; f1: number } {
  const precision = predicted ? matched / predicted : 0;
  const recall = gold ? matched / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One-to-one greedy matching of predictions to gold spans. */
function matchSpans(pred: Place[], gold: GoldToponym[], overlap: boolean): Map<Place, GoldToponym> {
  const taken = new Set<GoldToponym>();
  const out = new Map<Place, GoldToponym>();
  for (const p of pred) {
    const g = gold.find((t) => !taken.has(t) && (overlap ? p.start < t.end && t.start < p.end : p.start === t.start && p.end === t.end));
    if (g) {
      taken.add(g);
      out.set(p, g);
    }
  }
  return out;
}

/** Does the gold set annotate nationality words? (TR-News: ~8% of its toponyms; GeoVirus: a handful, by accident.) */
function hasDemonyms(set: GoldSet): boolean {
  const all = set.articles.flatMap((a) => a.toponyms);
  const demonyms = all.filter((t) => countryByDemonym(t.phrase) !== undefined).length;
  return demonyms / Math.max(1, all.length) >= 0.03;
}

/** Is the gold point inside the predicted area's shape (countries, US states and counties; see the module comment)? */
function insideArea(p: Place, lat: number, lon: number): boolean {
  if (p.kind === 'country') return countryAt(lat, lon) === p.code;
  if (p.kind !== 'subdivision') return false;
  if (p.code.startsWith('fips:')) return usCountyContains(p.code.slice(5), lat, lon);
  return p.code.startsWith('US-') && usStateAt(lat, lon) === p.code;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export interface EvaluateOptions {
  ranker?: RankerWeights;
  rankerLabel?: string;
  errors?: string[];
  /** Span classifier coefficients, or 'off' (default: the shipped ones). */
  spanClassifier?: SpanWeights | 'off';
}

export function evaluate(path: string, demonymMode: 'auto' | 'on' | 'off', opts: EvaluateOptions = {}): Scores {
  const errors = opts.errors;
  const set = readGold(path);
  const demonyms = demonymMode === 'auto' ? hasDemonyms(set) : demonymMode === 'on';
  let gold = 0;
  let predicted = 0;
  let exact = 0;
  let overlapping = 0;
  const errorsKm: number[] = [];
  let arealRight = 0;
  const byKind = new Map<string, number[]>();
  const placeOptions = { demonyms, ...(opts.ranker ? { ranker: opts.ranker } : {}), ...(opts.spanClassifier ? { spanClassifier: opts.spanClassifier } : {}) };
  const started = cpuSeconds();
  const predictions = set.articles.map((a) => findPlaces(a.text, placeOptions));
  const seconds = cpuSeconds() - started;
  set.articles.forEach((a, i) => {
    const pred = predictions[i]!;
    gold += a.toponyms.length;
    predicted += pred.length;
    exact += matchSpans(pred, a.toponyms, false).size;
    const matched = matchSpans(pred, a.toponyms, true);
    overlapping += matched.size;
    for (const [p, g] of matched) {
      if (g.lat === undefined || g.lon === undefined) continue;
      const km = haversineKm({ lat: p.lat, lon: p.lon }, { lat: g.lat, lon: g.lon });
      errorsKm.push(km);
      if (km <= 161 || insideArea(p, g.lat, g.lon)) arealRight++;
      byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), km]);
      if (errors && km > 161) errors.push(`${basename(path)}: ${g.phrase} → ${p.name} (${p.kind} ${p.code}) ${Math.round(km)} km`);
    }
    if (errors) {
      const hit = new Set(matched.values());
      for (const g of a.toponyms) if (!hit.has(g)) errors.push(`${basename(path)}: missed ${g.phrase}`);
      for (const p of pred) if (!matched.has(p)) errors.push(`${basename(path)}: spurious ${p.surface} → ${p.name} (${p.kind})`);
    }
  });
  return {
    file: basename(path),
    docs: set.articles.length,
    gold,
    goldUnaligned: set.unaligned,
    predicted,
    demonyms,
    exact: prf(exact, predicted, gold),
    overlap: prf(overlapping, predicted, gold),
    resolved: errorsKm.length,
    accuracyAt161: round(errorsKm.filter((km) => km <= 161).length / Math.max(1, errorsKm.length)),
    accuracyAt161Areal: round(arealRight / Math.max(1, errorsKm.length)),
    medianErrorKm: round(median(errorsKm), 1),
    accuracyAt161ByKind: Object.fromEntries([...byKind].map(([kind, kms]) => [kind, { n: kms.length, accuracy: round(kms.filter((km) => km <= 161).length / kms.length) }])),
    docsPerSecond: round(set.articles.length / seconds, 1),
    ranker: opts.rankerLabel ?? 'shipped',
  };
}

function printScores(s: Scores): void {
  console.log(`${s.file} (ranker: ${s.ranker}): ${s.docs} docs, ${s.gold} gold toponyms (${s.goldUnaligned} unaligned, dropped), ${s.predicted} predicted, demonyms ${s.demonyms ? 'on' : 'off'}`);
  console.log(`  exact span    P ${s.exact.precision.toFixed(3)}  R ${s.exact.recall.toFixed(3)}  F1 ${s.exact.f1.toFixed(3)}`);
  console.log(`  overlap span  P ${s.overlap.precision.toFixed(3)}  R ${s.overlap.recall.toFixed(3)}  F1 ${s.overlap.f1.toFixed(3)}`);
  console.log(`  Accuracy@161km ${s.accuracyAt161.toFixed(3)} strict, ${s.accuracyAt161Areal.toFixed(3)} areal-aware, over ${s.resolved} matched toponyms with gold coordinates; median error ${s.medianErrorKm} km`);
  console.log(`  by kind: ${Object.entries(s.accuracyAt161ByKind).map(([k, v]) => `${k} ${v.accuracy.toFixed(3)} (n=${v.n})`).join(', ')}`);
  console.log(`  ${s.docsPerSecond} docs per CPU-second (places only, gazetteer loaded)`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode = (args.find((a) => a.startsWith('--demonyms='))?.split('=')[1] ?? 'auto') as 'auto' | 'on' | 'off';
  const verbose = args.includes('--errors');
  const rankerFile = args.find((a) => a.startsWith('--ranker='))?.slice(9);
  const files = args.filter((a) => !a.startsWith('--'));
  const paths = files.length ? files.map((f) => resolve(f)) : DEFAULT_GOLD_FILES;
  const load = loadGazetteer();
  console.log(`gazetteer: ${load.cities} cities loaded in ${Math.round(load.loadMs)} ms`);
  // Warm-up: the county shapes load on the first "X County", and the first calls compile the code paths.
  for (let i = 0; i < 3; i++) findPlaces('Flooding hit Scott County, Indiana, and Baghdad, Iraq, officials in London said.');
  const errors: string[] | undefined = verbose ? [] : undefined;
  const ranker = rankerFile ? checkWeights(JSON.parse(readFileSync(rankerFile, 'utf8')) as RankerWeights) : undefined;
  const results = paths.map((f) => evaluate(f, mode, { ...(errors ? { errors } : {}), ...(ranker ? { ranker, rankerLabel: basename(rankerFile!) } : {}) }));
  if (args.includes('--cross') && paths.length > 1) {
    const { fitRanker, fitSpanClassifier } = await import('./train-place-ranker.js');
    for (const path of paths) {
      const others = paths.filter((p) => p !== path);
      const label = `ranker and span classifier trained on ${others.map((p) => basename(p)).join(', ')}`;
      results.push(evaluate(path, mode, { ranker: fitRanker(others), spanClassifier: fitSpanClassifier(others), rankerLabel: label }));
    }
  }
  if (args.includes('--no-span-classifier')) {
    for (const path of paths) results.push(evaluate(path, mode, { spanClassifier: 'off', rankerLabel: 'shipped, span classifier off' }));
  }
  for (const r of results) printScores(r);
  if (errors) for (const e of errors) console.log(e);
  console.log(JSON.stringify({ geoparse: results }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
