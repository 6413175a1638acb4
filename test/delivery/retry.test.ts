import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY_POLICY, decideRetry, nextAttemptDelayMs } from '../../src/delivery/retry.js';

const almostOne = () => 0.999999;

describe('nextAttemptDelayMs (exponential backoff, full jitter)', () => {
  it('doubles the ceiling per attempt up to maxMs', () => {
    // A draw just below 1 gives the ceiling minus one millisecond once floored.
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((attempt) => nextAttemptDelayMs(attempt, { baseMs: 1000, maxMs: 20_000, random: almostOne }) + 1);
    assert.deepEqual(ceilings, [1000, 2000, 4000, 8000, 16_000, 20_000, 20_000]);
  });

  it('draws uniformly between zero and the ceiling', () => {
    assert.equal(nextAttemptDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: () => 0 }), 0);
    assert.equal(nextAttemptDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: () => 0.5 }), 2000);
    for (let i = 0; i < 200; i += 1) {
      const delay = nextAttemptDelayMs(4, { baseMs: 100, maxMs: 10_000 });
      assert.ok(delay >= 0 && delay < 800);
    }
  });

  it('stays finite for very large attempt numbers', () => {
    assert.equal(nextAttemptDelayMs(5000, { baseMs: 1000, maxMs: 30_000, random: () => 0.5 }), 15_000);
  });

  it('rejects attempt numbers below one', () => {
    assert.throws(() => nextAttemptDelayMs(0, { baseMs: 1, maxMs: 1 }), RangeError);
  });
});

describe('decideRetry', () => {
  const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 3, random: () => 0.5 };

  it('never retries a permanent failure', () => {
    assert.deepEqual(decideRetry(1, { outcome: 'permanent', reason: '550 no such user' }, policy), { retry: false, reason: '550 no such user' });
  });

  it('retries a transient failure until maxAttempts, then gives up', () => {
    const failure = { outcome: 'transient', reason: '451 later' } as const;
    assert.deepEqual(decideRetry(1, failure, policy), { retry: true, delayMs: 500 });
    assert.deepEqual(decideRetry(2, failure, policy), { retry: true, delayMs: 1000 });
    assert.deepEqual(decideRetry(3, failure, policy), { retry: false, reason: 'gave up after 3 attempts: 451 later' });
  });

  it('waits at least as long as the provider asked (Retry-After), capped at maxMs', () => {
    assert.deepEqual(decideRetry(1, { outcome: 'transient', reason: '429', retryAfterMs: 30_000 }, policy), { retry: true, delayMs: 30_000 });
    assert.deepEqual(decideRetry(1, { outcome: 'transient', reason: '429', retryAfterMs: 999_999 }, policy), { retry: true, delayMs: 60_000 });
  });

  it('has a default policy with several attempts', () => {
    assert.ok(DEFAULT_RETRY_POLICY.maxAttempts >= 5);
    assert.ok(DEFAULT_RETRY_POLICY.baseMs < DEFAULT_RETRY_POLICY.maxMs);
  });
});
