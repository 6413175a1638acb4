/**
 * Shared classification for the HTTP-based channels (webhook, SMS provider, web push),
 * so all three treat throttling, outages and network failures the same way.
 */
import { addressRefusalIn } from '../../net/address-guard.js';
import { permanent, transient, type SendResult } from './types.js';

/** Longest response excerpt kept in a failure reason (reasons end up in the outbox row). */
const REASON_EXCERPT_CHARS = 300;

/**
 * Converts a Retry-After header (delay in seconds, or an HTTP-date) into milliseconds
 * from `nowMs`. Returns undefined for absent or unparseable values.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/**
 * Statuses worth retrying: throttling (429), request timeout (408), too early (425)
 * and every server error. Every other 4xx means this request will never succeed.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Classifies a non-2xx HTTP answer. */
export function classifyHttpFailure(status: number, detail: string, retryAfterHeader?: string | null): SendResult {
  const reason = `HTTP ${status}${detail ? `: ${excerpt(detail)}` : ''}`;
  if (isRetryableStatus(status)) return transient(reason, parseRetryAfter(retryAfterHeader));
  return permanent(reason);
}

/**
 * Classifies an exception thrown by fetch. Every one of them is transient: the request
 * may not have reached the peer (DNS, refused, reset) or we stopped waiting (timeout).
 */
export function classifyFetchError(error: unknown, timeoutMs: number): SendResult {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return transient(`no answer within ${timeoutMs} ms`);
  }
  return transient(`network error: ${describeFetchError(error)}`);
}

/** classifyFetchError for guardedFetch: the guard's refusal is permanent, and says nothing about the network behind it. */
export function classifyGuardedFetchError(error: unknown, timeoutMs: number): SendResult {
  if (addressRefusalIn(error)) return permanent('refused: the address is not a public one');
  return classifyFetchError(error, timeoutMs);
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and hides the useful part (ECONNREFUSED, ENOTFOUND…) in cause.
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${code} ${cause.message}` : cause.message;
  }
  return error.message;
}

export function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > REASON_EXCERPT_CHARS ? `${oneLine.slice(0, REASON_EXCERPT_CHARS)}…` : oneLine;
}

/** Reads the body of an answer without ever throwing (a broken body must not hide the status). */
export async function readBodySafely(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

/** Lets the connection go without reading what the peer sent. */
export async function discardBody(response: { body: { cancel(): Promise<void> } | null }): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already closed: nothing to release.
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
