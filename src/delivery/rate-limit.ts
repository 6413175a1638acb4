/**
 * Per-channel send rate: a token bucket that refills `ratePerSecond` tokens a second and
 * holds at most `burst`. Providers throttle (SMS gateways at a few messages a second,
 * relays per connection); staying under their limit costs less than retrying 429s.
 *
 * `take()` reserves its token at once, letting the balance go negative, and then waits
 * for the deficit to refill. Callers are therefore served in call order and never race
 * each other for the same refill.
 */
import type { ChannelName } from './channels/types.js';

export interface Clock {
  /** Milliseconds, monotonic enough for measuring waits. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(limit.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    if (!(limit.burst >= 1)) throw new RangeError('burst must be ≥ 1');
    this.tokens = limit.burst;
    this.lastRefill = clock.now();
  }

  /** Takes a token if one is available now; never waits. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Waits until a token is available, then takes it. */
  async take(): Promise<void> {
    this.refill();
    this.tokens -= 1;
    const waitMs = this.tokens >= 0 ? 0 : (-this.tokens / this.limit.ratePerSecond) * 1000;
    if (waitMs > 0) await this.clock.sleep(waitMs);
  }

  /** Tokens available now (negative while callers wait). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedSec = Math.max(0, now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSec * this.limit.ratePerSecond);
  }
}

/**
 * Default rates per channel, each overridable by environment:
 *   WARDEN_RATE_EMAIL_PER_SEC   (50)   WARDEN_RATE_EMAIL_BURST   (100) — a local relay takes far more;
 *   WARDEN_RATE_SMS_PER_SEC     (10)   WARDEN_RATE_SMS_BURST     (20)  — typical paid SMS account;
 *   WARDEN_RATE_WEBHOOK_PER_SEC (50)   WARDEN_RATE_WEBHOOK_BURST (100);
 *   WARDEN_RATE_WEBPUSH_PER_SEC (100)  WARDEN_RATE_WEBPUSH_BURST (200) — push services are elastic.
 */
export const DEFAULT_CHANNEL_RATES: Readonly<Record<ChannelName, RateLimit>> = {
  email: { ratePerSecond: 50, burst: 100 },
  sms: { ratePerSecond: 10, burst: 20 },
  webhook: { ratePerSecond: 50, burst: 100 },
  webpush: { ratePerSecond: 100, burst: 200 },
};

export function channelRatesFromEnv(env: NodeJS.ProcessEnv): Record<ChannelName, RateLimit> {
  const rates = {} as Record<ChannelName, RateLimit>;
  for (const channel of Object.keys(DEFAULT_CHANNEL_RATES) as ChannelName[]) {
    const prefix = `WARDEN_RATE_${channel.toUpperCase()}`;
    const defaults = DEFAULT_CHANNEL_RATES[channel];
    rates[channel] = {
      ratePerSecond: positiveNumber(env[`${prefix}_PER_SEC`], defaults.ratePerSecond, `${prefix}_PER_SEC`),
      burst: positiveNumber(env[`${prefix}_BURST`], defaults.burst, `${prefix}_BURST`),
    };
  }
  return rates;
}

function positiveNumber(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got "${raw}"`);
  return value;
}
