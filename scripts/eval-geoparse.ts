/**
 * Geoparsing evaluation of src/intake/places.ts against gold sets shaped like TR-News.xml
 * (articles > toponyms > toponym{phrase,start,end,gaztag{lat,lon}}) or GeoVirus.xml
 * (articles > article{text, locations > location{name,start,end,lat,lon}}).
 *
 *   npm run eval:geoparse [-- file.xml ...] [--demonyms=auto|on|off]
 *
 * Prints toponym precision/recall/F1 (exact span and overlapping span), Accuracy@161 km and
 * the median error over correctly recognised toponyms that have gold coordinates, and docs/s;
 * the last line is one JSON object with every figure.
 *
 * Gold offsets: some articles' offsets are shifted by a character or more (GeoVirus by one
 * throughout); a gold span whose text is not its phrase is moved to the nearest occurrence of
 * the phrase within 60 characters, else dropped (counted in `goldUnaligned`).
 * Demonyms: TR-News annotates nationality words ("Turkish" → Turkey) as toponyms, GeoVirus
 * does not; `auto` reports them only when at least 3% of the gold toponyms are demonyms.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { findPlaces, type Place } from '../src/intake/places.js';
import { countryByDemonym, haversineKm, loadGazetteer } from '../src/geo/index.js';

interface GoldToponym {
  phrase: string;
  start: number;
  end: number;
  lat?: number;
  lon?: number;
}

interface GoldArticle {
  text: string;
  toponyms: GoldToponym[];
}

interface GoldSet {
  articles: GoldArticle[];
  unaligned: number;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_FILES = ['TR-News.xml', 'GeoVirus.xml'].map((f) => resolve(repoRoot, '../shared/testdata/geoparsing', f));

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function str(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return String((v as Record<string, unknown>)['#text']);
  return '';
}

function num(v: unknown): number | undefined {
  const s = str(v).trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Moves a gold span onto its phrase when the offsets are shifted. */
function align(text: string, t: GoldToponym): GoldToponym | undefined {
  if (text.slice(t.start, t.end) === t.phrase) return t;
  let best: number | undefined;
  for (let i = text.indexOf(t.phrase, Math.max(0, t.start - 60)); i >= 0 && i <= t.start + 60; i = text.indexOf(t.phrase, i + 1)) {
    if (best === undefined || Math.abs(i - t.start) < Math.abs(best - t.start)) best = i;
  }
  return best === undefined ? undefined : { ...t, start: best, end: best + t.phrase.length };
}

type Raw = Record<string, unknown>;

function goldToponym(raw: Raw): GoldToponym | undefined {
  const phrase = str(raw.phrase ?? raw.name).trim();
  const start = num(raw.start);
  const end = num(raw.end);
  if (!phrase || start === undefined || end === undefined) return undefined;
  const gaz = raw.gaztag as Raw | undefined;
  const lat = num(gaz ? gaz.lat : raw.lat);
  const lon = num(gaz ? gaz.lon : raw.lon);
  return { phrase, start, end, ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}) };
}

export function readGold(path: string): GoldSet {
  const parser = new XMLParser({ ignoreAttributes: true, processEntities: true, trimValues: false, parseTagValue: false, htmlEntities: false });
  const xml = parser.parse(readFileSync(path, 'utf8')) as { articles?: { article?: Raw | Raw[] } };
  let unaligned = 0;
  const articles: GoldArticle[] = [];
  for (const a of asArray(xml.articles?.article)) {
    const text = str(a.text);
    const raws = [...asArray((a.toponyms as Raw | undefined)?.toponym as Raw | Raw[] | undefined), ...asArray((a.locations as Raw | undefined)?.location as Raw | Raw[] | undefined)];
    const toponyms: GoldToponym[] = [];
    for (const raw of raws) {
      const t = goldToponym(raw);
      const aligned = t && align(text, t);
      if (aligned) toponyms.push(aligned);
      else unaligned++;
    }
    articles.push({ text, toponyms });
  }
  return { articles, unaligned };
}

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
  medianErrorKm: number;
  /** Accuracy@161 km by the kind of place predicted: countries and regions are scored against conventional points. */
  accuracyAt161ByKind: Record<string, { n: number; accuracy: number }>;
  docsPerSecond: number;
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

export function evaluate(path: string, demonymMode: 'auto' | 'on' | 'off', errors?: string[]): Scores {
  const set = readGold(path);
  const demonyms = demonymMode === 'auto' ? hasDemonyms(set) : demonymMode === 'on';
  let gold = 0;
  let predicted = 0;
  let exact = 0;
  let overlapping = 0;
  const errorsKm: number[] = [];
  const byKind = new Map<string, number[]>();
  const started = performance.now();
  const predictions = set.articles.map((a) => findPlaces(a.text, { demonyms }));
  const seconds = (performance.now() - started) / 1000;
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
    medianErrorKm: round(median(errorsKm), 1),
    accuracyAt161ByKind: Object.fromEntries([...byKind].map(([kind, kms]) => [kind, { n: kms.length, accuracy: round(kms.filter((km) => km <= 161).length / kms.length) }])),
    docsPerSecond: round(set.articles.length / seconds, 1),
  };
}

function printScores(s: Scores): void {
  console.log(`${s.file}: ${s.docs} docs, ${s.gold} gold toponyms (${s.goldUnaligned} unaligned, dropped), ${s.predicted} predicted, demonyms ${s.demonyms ? 'on' : 'off'}`);
  console.log(`  exact span    P ${s.exact.precision.toFixed(3)}  R ${s.exact.recall.toFixed(3)}  F1 ${s.exact.f1.toFixed(3)}`);
  console.log(`  overlap span  P ${s.overlap.precision.toFixed(3)}  R ${s.overlap.recall.toFixed(3)}  F1 ${s.overlap.f1.toFixed(3)}`);
  console.log(`  Accuracy@161km ${s.accuracyAt161.toFixed(3)} over ${s.resolved} matched toponyms with gold coordinates; median error ${s.medianErrorKm} km`);
  console.log(`  by kind: ${Object.entries(s.accuracyAt161ByKind).map(([k, v]) => `${k} ${v.accuracy.toFixed(3)} (n=${v.n})`).join(', ')}`);
  console.log(`  ${s.docsPerSecond} docs/s (places only, gazetteer loaded)`);
}

function main(): void {
  const args = process.argv.slice(2);
  const mode = (args.find((a) => a.startsWith('--demonyms='))?.split('=')[1] ?? 'auto') as 'auto' | 'on' | 'off';
  const verbose = args.includes('--errors');
  const files = args.filter((a) => !a.startsWith('--'));
  const load = loadGazetteer();
  console.log(`gazetteer: ${load.cities} cities loaded in ${Math.round(load.loadMs)} ms`);
  const errors: string[] | undefined = verbose ? [] : undefined;
  const results = (files.length ? files : DEFAULT_FILES).map((f) => evaluate(f, mode, errors));
  for (const r of results) printScores(r);
  if (errors) for (const e of errors) console.log(e);
  console.log(JSON.stringify({ geoparse: results }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
