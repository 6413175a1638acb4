/**
 * When to try a failed delivery again: exponential backoff with full jitter (a random
 * delay between 0 and min(maxMs, baseMs·2^(attempt-1))). Jitter spreads the retries of
 * thousands of deliveries that failed together (a relay restart) so they do not return
 * as one wave.
 */
import type { SendResult } from './channels/types.js';

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Uniform in [0, 1); injected for tests. */
  random?: () => number;
}

export interface RetryPolicy extends BackoffOptions {
  /** Attempts in total, the first included, before a transient failure becomes final. */
  maxAttempts: number;
}

/**
 * 8 attempts, 15 s base, 15 min cap: the 7 waits are at most 15 s, 30 s, 1, 2, 4, 8 and
 * 15 min, about 31 min in the worst case (half that on average) — long enough to ride out
 * a relay restart or a provider incident, short enough that escalation to the next channel
 * starts while the alert still matters.
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { baseMs: 15_000, maxMs: 15 * 60_000, maxAttempts: 8 };

/** Delay before the next try, after `attempt` (1-based) attempts have failed. */
export function nextAttemptDelayMs(attempt: number, options: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer ≥ 1, got ${attempt}`);
  const random = options.random ?? Math.random;
  // Cap the exponent first: 2 ** 1100 is Infinity, and Infinity * 0 is NaN.
  const exponent = Math.min(attempt - 1, 52);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Decides what happens to a delivery after a failed attempt. A provider's Retry-After is
 * honoured (up to maxMs) — retrying earlier only earns another 429.
 */
export function decideRetry(
  attempt: number,
  result: Exclude<SendResult, { outcome: 'sent' }>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision {
  if (result.outcome === 'permanent') return { retry: false, reason: result.reason };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts: ${result.reason}` };
  const backoff = nextAttemptDelayMs(attempt, policy);
  const requested = Math.min(result.retryAfterMs ?? 0, policy.maxMs);
  return { retry: true, delayMs: Math.max(backoff, requested) };
}
