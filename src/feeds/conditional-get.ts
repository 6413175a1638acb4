/**
 * HTTP conditional GET (RFC 9110 §13) as a pure function, so feed routes can
 * answer 304 Not Modified without resending unchanged feeds. Call it for GET
 * and HEAD only; the HTTP layer applies the returned status and headers.
 */

export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface CacheValidators {
  /** Entity tag, quoted or not ("abc", "\"abc\"" or "W/\"abc\""). */
  etag?: string;
  lastModified?: Date;
}

export interface ConditionalGetResult {
  status: 200 | 304;
  /** ETag and Last-Modified, sent with both 200 and 304 (RFC 9110 §15.4.5). */
  headers: Record<string, string>;
}

export function conditionalGet(reqHeaders: RequestHeaders, validators: CacheValidators): ConditionalGetResult {
  const etag = validators.etag === undefined ? undefined : quoteEtag(validators.etag);
  const headers: Record<string, string> = {};
  if (etag) headers['ETag'] = etag;
  if (validators.lastModified) headers['Last-Modified'] = validators.lastModified.toUTCString();

  const ifNoneMatch = header(reqHeaders, 'if-none-match');
  // RFC 9110 §13.2.2: when If-None-Match is present, If-Modified-Since is ignored.
  if (ifNoneMatch !== undefined) {
    return { status: etag !== undefined && noneMatchHits(ifNoneMatch, etag) ? 304 : 200, headers };
  }
  const ifModifiedSince = header(reqHeaders, 'if-modified-since');
  if (ifModifiedSince !== undefined && validators.lastModified) {
    return { status: notModifiedSince(validators.lastModified, ifModifiedSince) ? 304 : 200, headers };
  }
  return { status: 200, headers };
}

function quoteEtag(etag: string): string {
  if (/^(W\/)?"[^"]*"$/.test(etag)) return etag;
  if (etag.includes('"')) throw new RangeError(`conditionalGet: malformed entity tag ${etag}`);
  return `"${etag}"`;
}

/** Header lookup ignoring case; repeated headers are joined as a list. */
function header(headers: RequestHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined) return Array.isArray(value) ? value.join(', ') : value;
  }
  return undefined;
}

/** If-None-Match uses weak comparison: W/"x" and "x" match. */
function noneMatchHits(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  const listed = ifNoneMatch.match(/(W\/)?"[^"]*"/g) ?? [];
  return listed.some((tag) => opaque(tag) === opaque(etag));
}

/** HTTP dates have whole seconds, so the resource's time is compared at that precision. */
function notModifiedSince(lastModified: Date, ifModifiedSince: string): boolean {
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false; // an invalid date is ignored (RFC 9110 §13.1.3)
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}
