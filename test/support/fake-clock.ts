/** A manual clock for timing tests: time moves only when the test calls advance(). */
import type { Clock } from '../../src/delivery/rate-limit.js';

export class FakeClock implements Clock {
  private current = 0;
  private timers: { at: number; wake: () => void }[] = [];

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.push({ at: this.current + ms, wake: resolve });
    });
  }

  /** Moves time forward, waking sleepers whose time has come, and lets their continuations run. */
  async advance(ms: number): Promise<void> {
    this.current += ms;
    const due = this.timers.filter((timer) => timer.at <= this.current);
    this.timers = this.timers.filter((timer) => timer.at > this.current);
    for (const timer of due) timer.wake();
    await new Promise((resolve) => setImmediate(resolve));
  }

  get pendingSleepers(): number {
    return this.timers.length;
  }
}
