/**
 * Counts unknown check-in tokens per client address in a fixed window; past the limit every check-in
 * request from that address gets 429 with Retry-After until the window ends. In memory, per process:
 * guessing a 256-bit token is hopeless anyway — this keeps scanners from hammering the database.
 */
export class InvalidTries {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Seconds until this address may try again, or 0 when it is not blocked. */
  blockedFor(key: string): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    const now = this.now();
    if (now >= w.resetAt) { this.windows.delete(key); return 0; }
    return w.count >= this.max ? Math.ceil((w.resetAt - now) / 1000) : 0;
  }

  record(key: string): void {
    const now = this.now();
    const w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      if (this.windows.size > 100_000) this.windows.clear();
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      w.count += 1;
    }
  }
}
