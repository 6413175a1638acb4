import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CHANNEL_RATES, TokenBucket, channelRatesFromEnv } from '../../src/delivery/rate-limit.js';
import { FakeClock } from '../support/fake-clock.js';

/** Starts take() and reports whether it has finished, without awaiting it. */
function track(promise: Promise<void>): { done: () => boolean } {
  let finished = false;
  void promise.then(() => {
    finished = true;
  });
  return { done: () => finished };
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('TokenBucket', () => {
  it('lets a burst through at once, then one token per 1/rate seconds', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, clock);
    const takes = Array.from({ length: 5 }, () => track(bucket.take()));
    await settle();
    assert.deepEqual(takes.map((t) => t.done()), [true, true, true, false, false]);
    await clock.advance(99);
    assert.equal(takes[3]?.done(), false, 'not before 100 ms');
    await clock.advance(1);
    assert.deepEqual(takes.map((t) => t.done()), [true, true, true, true, false]);
    await clock.advance(100);
    assert.equal(takes[4]?.done(), true);
  });

  it('serves waiting callers in call order', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 1 }, clock);
    const order: number[] = [];
    const all = [0, 1, 2].map((i) => bucket.take().then(() => order.push(i)));
    await settle();
    await clock.advance(500);
    await clock.advance(500);
    await Promise.all(all);
    assert.deepEqual(order, [0, 1, 2]);
  });

  it('refills over idle time but never above the burst', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 4 }, clock);
    for (let i = 0; i < 4; i += 1) assert.equal(bucket.tryTake(), true);
    assert.equal(bucket.tryTake(), false);
    await clock.advance(10_000);
    assert.equal(bucket.available(), 4);
    assert.equal(bucket.tryTake(), true);
  });

  it('never lets more than burst + rate × elapsed through', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 20, burst: 5 }, clock);
    const takes = Array.from({ length: 100 }, () => track(bucket.take()));
    for (let elapsedMs = 0; elapsedMs <= 2000; elapsedMs += 50) {
      await settle();
      const passed = takes.filter((t) => t.done()).length;
      assert.ok(passed <= 5 + (20 * elapsedMs) / 1000, `${passed} passed after ${elapsedMs} ms`);
      await clock.advance(50);
    }
    await settle();
    // 2050 ms have passed: the burst of 5 plus 41 refills, and nothing more.
    assert.equal(clock.now(), 2050);
    assert.equal(takes.filter((t) => t.done()).length, 46);
  });

  it('rejects nonsensical limits', () => {
    assert.throws(() => new TokenBucket({ ratePerSecond: 0, burst: 1 }), RangeError);
    assert.throws(() => new TokenBucket({ ratePerSecond: 1, burst: 0 }), RangeError);
  });

  it('waits in real time with the system clock', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 1 });
    const started = performance.now();
    await bucket.take();
    await bucket.take();
    assert.ok(performance.now() - started >= 15, 'second token needs ~20 ms');
  });
});

describe('channel rates from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    assert.deepEqual(channelRatesFromEnv({}), DEFAULT_CHANNEL_RATES);
  });

  it('reads WARDEN_RATE_<CHANNEL>_PER_SEC and _BURST', () => {
    const rates = channelRatesFromEnv({ WARDEN_RATE_SMS_PER_SEC: '2.5', WARDEN_RATE_EMAIL_BURST: '500' });
    assert.deepEqual(rates.sms, { ratePerSecond: 2.5, burst: DEFAULT_CHANNEL_RATES.sms.burst });
    assert.deepEqual(rates.email, { ratePerSecond: DEFAULT_CHANNEL_RATES.email.ratePerSecond, burst: 500 });
  });

  it('refuses values that are not positive numbers', () => {
    assert.throws(() => channelRatesFromEnv({ WARDEN_RATE_WEBHOOK_PER_SEC: 'fast' }), /WARDEN_RATE_WEBHOOK_PER_SEC/);
    assert.throws(() => channelRatesFromEnv({ WARDEN_RATE_WEBPUSH_BURST: '0' }), /WARDEN_RATE_WEBPUSH_BURST/);
  });
});
