/**
 * Intake documents: the `SourceDocument` model, the typed one-line refusals, and the checks and
 * normalisation every input goes through before a format parser sees it (size from the raw
 * length, binary data, encoding, emptiness; NFC/LF text and its sha256 content hash).
 * The per-format parsers are in document-parsers.ts, near-duplicate keys in near-duplicates.ts.
 *
 * Pure: no database, no network.
 */
import { createHash } from 'node:crypto';

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
export function assertSize(input: string | Uint8Array, maxBytes: number): void {
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

/** Refuse text with NUL characters (binary) or nothing but whitespace. */
export function assertTextUsable(text: string): void {
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

/** A document from parsed fields: text normalised and hashed, empty title/url dropped. */
export function makeDocument(fields: { title?: string; text: string; publishedAt?: Date; url?: string }): SourceDocument {
  const text = normalizeText(fields.text);
  const doc: SourceDocument = { text, contentHash: contentHash(text) };
  const title = fields.title?.trim();
  if (title) doc.title = title;
  if (fields.publishedAt && !Number.isNaN(fields.publishedAt.getTime())) doc.publishedAt = fields.publishedAt;
  const url = fields.url?.trim();
  if (url) doc.url = url;
  return doc;
}

