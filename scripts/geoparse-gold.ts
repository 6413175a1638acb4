/**
 * Reading gold sets of toponyms shaped like TR-News.xml (articles > toponyms > toponym{phrase,start,end,
 * gaztag{lat,lon}}) or GeoVirus.xml (articles > article{text, locations > location{name,start,end,lat,lon}}).
 * Gold offsets: some articles' offsets are shifted by a character or more (GeoVirus by one throughout); a
 * gold span whose text is not its phrase is moved to the nearest occurrence of the phrase within 60
 * characters, else dropped (counted in `unaligned`).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GOLD_DIR = resolve(repoRoot, '../shared/testdata/geoparsing');
export const DEFAULT_GOLD_FILES = ['TR-News.xml', 'GeoVirus.xml'].map((f) => resolve(GOLD_DIR, f));

export interface GoldToponym {
  phrase: string;
  start: number;
  end: number;
  lat?: number;
  lon?: number;
}

export interface GoldArticle {
  text: string;
  toponyms: GoldToponym[];
}

export interface GoldSet {
  articles: GoldArticle[];
  unaligned: number;
}


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

