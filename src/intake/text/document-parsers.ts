/**
 * Intake input formats: plain text (optional `date YYYY-MM-DD` header), HTML, RSS/Atom and JSON
 * lines, each turned into `SourceDocument`s; `parseDocuments` runs the guards of documents.ts
 * first, then sniffs the format (unless given) and dispatches.
 *
 * Pure: no database, no network. rss-parser is only used on a string.
 */
import { convert as htmlToText } from 'html-to-text';
import Parser from 'rss-parser';
import {
  DEFAULT_MAX_BYTES, DocumentError, assertSize, assertTextUsable, decodeInput, makeDocument,
  type DocumentFormat, type ParseOptions, type SourceDocument,
} from './documents.js';

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
