/**
 * Near-duplicate documents: Jaccard similarity of word 5-gram sets, and a 16-row MinHash key in
 * 4 bands so candidates are found cheaply (`sharesBand`) before `similarity` confirms them.
 */
import { createHash } from 'node:crypto';

const SHINGLE_WORDS = 5;

function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Word 5-grams; texts shorter than five words give one shingle of all their words. */
export function shingles(text: string, size = SHINGLE_WORDS): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length === 0) return out;
  if (w.length < size) {
    out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + size <= w.length; i++) out.add(w.slice(i, i + size).join(' '));
  return out;
}

/** Jaccard similarity of the two texts' word 5-gram sets (1 = same wording). */
export function similarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let common = 0;
  for (const s of sa) if (sb.has(s)) common++;
  return common / (sa.size + sb.size - common);
}

/** 32-bit FNV-1a, seeded, so each MinHash row is a different hash function. */
function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const MINHASH_ROWS = 16;
const MINHASH_BANDS = 4;

/** MinHash signature over word 5-grams (16 rows). */
export function minHashSignature(text: string, rows = MINHASH_ROWS): number[] {
  const sig = new Array<number>(rows).fill(0xffffffff);
  for (const sh of shingles(text)) {
    for (let r = 0; r < rows; r++) {
      const h = fnv1a(sh, r * 0x9e3779b1);
      if (h < sig[r]!) sig[r] = h;
    }
  }
  return sig;
}

/**
 * A short key for near-duplicate bucketing: the MinHash signature in 4 bands of 4 rows,
 * hex, joined with '-'. Two texts with Jaccard s share a given band with probability s^4,
 * so re-worded copies (s ≳ 0.8) usually share at least one band: compare with `sharesBand`.
 */
export function nearDuplicateKey(text: string): string {
  const sig = minHashSignature(text);
  const per = MINHASH_ROWS / MINHASH_BANDS;
  const bands: string[] = [];
  for (let b = 0; b < MINHASH_BANDS; b++) {
    const band = sig.slice(b * per, (b + 1) * per).map((h) => h.toString(16).padStart(8, '0')).join('');
    bands.push(createHash('sha1').update(band).digest('hex').slice(0, 8));
  }
  return bands.join('-');
}

/** True when two near-duplicate keys share at least one band: candidates to confirm with `similarity`. */
export function sharesBand(keyA: string, keyB: string): boolean {
  const a = keyA.split('-');
  const b = keyB.split('-');
  return a.some((band, i) => band === b[i]);
}

export const NEAR_DUPLICATE_THRESHOLD = 0.8;

/** Whether two texts are near-duplicates (5-gram Jaccard ≥ threshold). */
export function isNearDuplicate(a: string, b: string, threshold = NEAR_DUPLICATE_THRESHOLD): boolean {
  return similarity(a, b) >= threshold;
}
