/**
 * Fetching an http(s) URL for intake with a size bound (checked on Content-Length and while
 * streaming) and a time bound. Used by the CLI and by the CAP import route.
 */
import { DEFAULT_MAX_BYTES, type DocumentFormat } from './text/documents.js';
import { addressRefusalIn, privateFetchAllowed } from '../net/address-guard.js';
import { guardedFetch } from '../net/guarded-fetch.js';

/** Bounds on fetching a URL: the same size limit as the API, and a time limit. */
export const FETCH_LIMITS = { maxBytes: DEFAULT_MAX_BYTES, timeoutMs: 15_000 } as const;

const maxRedirects = 3;

/**
 * Fetch an http(s) URL with a size and time bound; the body is read as bytes (the parser checks the encoding).
 * Private and loopback addresses are refused at connection time, every redirect hop included (see
 * src/net/guarded-fetch.ts), unless allowPrivate: the host
 * administrator's CLI allows them, the HTTP API only with WARDEN_FETCH_ALLOW_PRIVATE=1.
 */
export async function fetchBounded(url: string, limits: { maxBytes: number; timeoutMs: number } = FETCH_LIMITS, accept = 'text/html, application/rss+xml, application/atom+xml, text/plain;q=0.9, */*;q=0.1', allowPrivate = privateFetchAllowed()): Promise<{ bytes: Uint8Array; format?: DocumentFormat }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let target = url;
  let response: Awaited<ReturnType<typeof guardedFetch>>;
  for (let hop = 0; ; hop += 1) {
    if (!/^https?:$/.test(new URL(target).protocol)) throw new Error(`${target}: only http(s) URLs can be fetched`);
    response = await guardedFetch(target, { signal, redirect: 'manual', headers: { accept } }, { allowPrivate }).catch((error: unknown) => {
      const refusal = addressRefusalIn(error);
      throw refusal ? new Error(`${target}: resolves to a private or loopback address (${refusal.address}); refused`) : error;
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    if (hop >= maxRedirects) throw new Error(`${url}: more than ${maxRedirects} redirects`);
    target = new URL(location, target).toString();
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes) throw new Error(`${url}: ${(declared / 1048576).toFixed(1)} MB, over the ${(limits.maxBytes / 1048576).toFixed(1)} MB limit`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.maxBytes) {
      await reader.cancel();
      throw new Error(`${url}: over the ${(limits.maxBytes / 1048576).toFixed(1)} MB limit`);
    }
    chunks.push(value);
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const format: DocumentFormat | undefined = type === 'text/html' ? 'html' : /(rss|atom)\+xml|^(application|text)\/xml$/.test(type) ? 'feed' : undefined;
  return { bytes: Buffer.concat(chunks), ...(format ? { format } : {}) };
}

