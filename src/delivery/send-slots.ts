/**
 * A counting semaphore for the worker's sends, first come first served, that can also tell when every
 * waiter queued so far has been let through (so the loop knows a batch is fully under way).
 */
export class SendSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  /** Slots granted since the start, and the waiters to wake when that count reaches a mark. */
  private granted = 0;
  private requested = 0;
  private readonly marks: { at: number; resolve: () => void }[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  acquire(): Promise<void> {
    this.requested += 1;
    if (this.free > 0) {
      this.free -= 1;
      this.grant();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => { this.grant(); resolve(); }));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(); else this.free += 1;
  }

  /** Resolves once every acquire() made so far has been granted. */
  whenAllGranted(): Promise<void> {
    const at = this.requested;
    if (this.granted >= at) return Promise.resolve();
    return new Promise((resolve) => this.marks.push({ at, resolve }));
  }

  private grant(): void {
    this.granted += 1;
    while (this.marks.length && this.marks[0]!.at <= this.granted) this.marks.shift()!.resolve();
  }
}
