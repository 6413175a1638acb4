/**
 * One session at a time on the embedded database. PGlite is a single backend: a statement or a
 * transaction of one client must never interleave with another's (an unnamed prepared statement
 * or an open BEGIN would be shared). The server's own queries and each client of the shared socket
 * hold this lock for a whole exchange (a statement, or BEGIN … COMMIT).
 */
export class SessionLock {
  #holder: unknown = null;
  #waiters: { owner: unknown; grant: () => void; refuse: (error: Error) => void }[] = [];

  holds(owner: unknown): boolean {
    return this.#holder === owner;
  }

  acquire(owner: unknown): Promise<void> {
    if (this.#holder === owner) return Promise.resolve();
    if (this.#holder === null) { this.#holder = owner; return Promise.resolve(); }
    return new Promise((grant, refuse) => this.#waiters.push({ owner, grant, refuse }));
  }

  release(owner: unknown): void {
    if (this.#holder !== owner) return;
    const next = this.#waiters.shift();
    this.#holder = next ? next.owner : null;
    next?.grant();
  }

  /** Refuses the waits of an owner that went away (a client that disconnected while queued). */
  forget(owner: unknown, reason: Error): void {
    this.#waiters = this.#waiters.filter((w) => (w.owner === owner ? (w.refuse(reason), false) : true));
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const owner = Symbol('local');
    await this.acquire(owner);
    try {
      return await fn();
    } finally {
      this.release(owner);
    }
  }
}
