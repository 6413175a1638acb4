/**
 * Intake documents: turn raw inputs (plain text, HTML, RSS/Atom, JSON lines)
 * into `SourceDocument`s, refusing bad input with a typed, one-line reason.
 *
 * Pure: no database, no network. rss-parser is only used on a string.
 */
import { createHash } from 'node:crypto';
import { convert as htmlToText } from 'html-to-text';
import Parser from 'rss-parser';

export interface SourceDocument {
  title?: string;
  /** Normalized text: NFC, LF line ends, no BOM, trimmed. Offsets of extractions refer to it. */
  text: string;
  publishedAt?: Date;
  url?: string;
  /** sha256 (hex) of the normalized text. */
  contentHash: string;
}

export type DocumentFormat = 'text' | 'html' | 'feed' | 'jsonl';

export type DocumentErrorCode =
  | 'empty'
  | 'binary'
  | 'too_large'
  | 'encoding'
  | 'malformed_feed'
  | 'malformed_json'
  | 'malformed_date';

/** A refused input. `message` is one line meant for an operator. */
export class DocumentError extends Error {
  readonly code: DocumentErrorCode;
  /** 1-based line number for malformed JSON lines. */
  readonly line?: number;

  constructor(code: DocumentErrorCode, message: string, line?: number) {
    super(message);
    this.name = 'DocumentError';
    this.code = code;
    if (line !== undefined) this.line = line;
  }
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface ParseOptions {
  /** Refuse inputs larger than this many bytes (default 5 MB). */
  maxBytes?: number;
  /** Skip format sniffing. */
  format?: DocumentFormat;
  /** Source address, kept on single-document formats. */
  url?: string;
}

// ---------------------------------------------------------------------------
// Decoding and guards
// ---------------------------------------------------------------------------

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Cheap size check first, so a huge input is refused before any decoding or parsing. */
function assertSize(input: string | Uint8Array, maxBytes: number): void {
  const bytes = typeof input === 'string' ? byteLengthIfLarge(input, maxBytes) : input.byteLength;
  if (bytes > maxBytes) {
    throw new DocumentError('too_large', `input is ${formatMb(bytes)}, over the ${formatMb(maxBytes)} limit`);
  }
}

/** UTF-8 length is at least the UTF-16 length, so only count bytes when it can matter. */
function byteLengthIfLarge(s: string, maxBytes: number): number {
  if (s.length > maxBytes) return s.length;
  if (s.length * 3 <= maxBytes) return s.length;
  return Buffer.byteLength(s, 'utf8');
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Decode bytes as UTF-8, telling binary data and other encodings apart for the error message. */
export function decodeInput(bytes: Uint8Array): string {
  if (hasUtf16Bom(bytes)) {
    throw new DocumentError('encoding', 'input is UTF-16 encoded; expected UTF-8');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DocumentError('binary', `input looks binary (NUL byte at offset ${nul})`);
  }
  try {
    return utf8Strict.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8Offset(bytes);
    const hex = bytes[bad]?.toString(16).padStart(2, '0') ?? '??';
    throw new DocumentError('encoding', `input is not valid UTF-8 (byte 0x${hex} at offset ${bad}); re-encode it as UTF-8`);
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (for the error message only). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return 0;
}

function assertTextUsable(text: string): void {
  if (text.includes('\u0000')) {
    throw new DocumentError('binary', `input looks binary (NUL character at offset ${text.indexOf('\u0000')})`);
  }
  if (text.trim() === '') throw new DocumentError('empty', 'input is empty');
}

/** Normalize for offsets and hashing: NFC, LF line ends, no BOM, no trailing spaces, trimmed. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function contentHash(normalizedText: string): string {
  return createHash('sha256').update(normalizedText, 'utf8').digest('hex');
}

function makeDocument(fields: { title?: string; text: string; publishedAt?: Date; url?: string }): SourceDocument {
  const text = normalizeText(fields.text);
  const doc: SourceDocument = { text, contentHash: contentHash(text) };
  const title = fields.title?.trim();
  if (title) doc.title = title;
  if (fields.publishedAt && !Number.isNaN(fields.publishedAt.getTime())) doc.publishedAt = fields.publishedAt;
  const url = fields.url?.trim();
  if (url) doc.url = url;
  return doc;
}

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

/** `date 2020-01-03` (or `Date: 2020-01-03`) at the very start, alone on its line or followed by the text. */
const DATE_HEADER = /^\s*date\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b[ \t]*\n?/i;

/** Plain text, with an optional leading `date YYYY-MM-DD` header; the date is UTC midnight. */
export function parseText(input: string, opts: ParseOptions = {}): SourceDocument {
  assertTextUsable(input);
  const header = DATE_HEADER.exec(input);
  let publishedAt: Date | undefined;
  let body = input;
  if (header) {
    const [, y, m, d] = header;
    publishedAt = utcDate(Number(y), Number(m), Number(d));
    if (!publishedAt) throw new DocumentError('malformed_date', `date header "${header[0].trim()}" is not a real date`);
    body = input.slice(header[0].length);
  }
  assertTextUsable(body);
  return makeDocument({ text: body, publishedAt, url: opts.url });
}

function utcDate(y: number, m: number, d: number): Date | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return valid ? date : undefined;
}

function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  return m?.[1] ? htmlToText(m[1], { wordwrap: false }).trim() : undefined;
}

function htmlPublished(html: string): Date | undefined {
  const meta =
    /<meta[^>]+(?:property|name|itemprop)=["'](?:article:published_time|datePublished|pubdate|date|dc\.date)["'][^>]*content=["']([^"']+)["']/i.exec(html) ??
    /<time[^>]+datetime=["']([^"']+)["']/i.exec(html);
  if (!meta?.[1]) return undefined;
  const date = new Date(meta[1]);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Article text of an HTML page: scripts, styles, navigation and images dropped, links as plain words. */
export function parseHtml(input: string, opts: ParseOptions = {}): SourceDocument {
  assertTextUsable(input);
  const text = htmlToText(input, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'nav', format: 'skip' },
      { selector: 'header', format: 'skip' },
      { selector: 'footer', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'title', format: 'skip' },
    ],
  });
  if (text.trim() === '') throw new DocumentError('empty', 'HTML page has no text');
  return makeDocument({ title: htmlTitle(input), text, publishedAt: htmlPublished(input), url: opts.url });
}

const feedParser = new Parser();

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim();
}

/** RSS 2.0 or Atom: one document per item, text from content (HTML stripped) or summary. */
export async function parseFeed(input: string): Promise<SourceDocument[]> {
  assertTextUsable(input);
  let feed: Awaited<ReturnType<typeof feedParser.parseString>>;
  try {
    feed = await feedParser.parseString(input);
  } catch (err) {
    throw new DocumentError('malformed_feed', `malformed feed: ${firstLine(err instanceof Error ? err.message : String(err))}`);
  }
  const docs: SourceDocument[] = [];
  for (const item of feed.items ?? []) {
    const html = item.content ?? item.summary ?? item.contentSnippet ?? '';
    const text = htmlToText(String(html), { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] });
    const body = text.trim() === '' ? (item.title ?? '') : text;
    if (body.trim() === '') continue;
    const date = item.isoDate ?? item.pubDate;
    docs.push(makeDocument({ title: item.title, text: body, publishedAt: date ? new Date(date) : undefined, url: item.link }));
  }
  if (docs.length === 0) throw new DocumentError('malformed_feed', 'feed has no items with text');
  return docs;
}

interface JsonLineRecord {
  title?: unknown;
  text?: unknown;
  body?: unknown;
  date?: unknown;
  published?: unknown;
  url?: unknown;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** One JSON object per line: `{title?, text|body, date?|published?, url?}`. Blank lines are skipped. */
export function parseJsonLines(input: string): SourceDocument[] {
  assertTextUsable(input);
  const docs: SourceDocument[] = [];
  const lines = input.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    docs.push(jsonLineToDocument(line, i + 1));
  });
  return docs;
}

function jsonLineToDocument(line: string, lineNo: number): SourceDocument {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (err) {
    const why = err instanceof Error ? firstLine(err.message) : 'invalid JSON';
    throw new DocumentError('malformed_json', `line ${lineNo}: invalid JSON (${why})`, lineNo);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new DocumentError('malformed_json', `line ${lineNo}: expected a JSON object`, lineNo);
  }
  const r = record as JsonLineRecord;
  const text = optionalString(r.text) ?? optionalString(r.body);
  if (!text || text.trim() === '') {
    throw new DocumentError('malformed_json', `line ${lineNo}: missing "text" or "body"`, lineNo);
  }
  const dateString = optionalString(r.date) ?? optionalString(r.published);
  let publishedAt: Date | undefined;
  if (dateString !== undefined) {
    publishedAt = new Date(dateString);
    if (Number.isNaN(publishedAt.getTime())) {
      throw new DocumentError('malformed_json', `line ${lineNo}: unreadable date "${dateString}"`, lineNo);
    }
  }
  return makeDocument({ title: optionalString(r.title), text, publishedAt, url: optionalString(r.url) });
}

/** Guess the format from the first non-blank characters. */
export function sniffFormat(text: string): DocumentFormat {
  const head = text.trimStart().slice(0, 512).toLowerCase();
  if (head.startsWith('{')) return 'jsonl';
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:rdf)\b/.test(head)) return 'feed';
  if (head.startsWith('<')) return 'html';
  return 'text';
}

/**
 * Parse any supported input into documents. Guards run before any parsing:
 * size (from the raw length), then binary/encoding, then emptiness.
 */
export async function parseDocuments(input: string | Uint8Array, opts: ParseOptions = {}): Promise<SourceDocument[]> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  assertSize(input, maxBytes);
  const text = typeof input === 'string' ? input : decodeInput(input);
  assertTextUsable(text);
  const format = opts.format ?? sniffFormat(text);
  switch (format) {
    case 'jsonl':
      return parseJsonLines(text);
    case 'feed':
      return parseFeed(text);
    case 'html':
      return [parseHtml(text, opts)];
    case 'text':
      return [parseText(text, opts)];
  }
}

// ---------------------------------------------------------------------------
// Near-duplicates: shingle Jaccard and a MinHash key
// ---------------------------------------------------------------------------

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
