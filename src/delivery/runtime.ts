/**
 * The runtime: what `warden worker` runs, and `warden start` in-process — the outbox worker (when this
 * process has a channel) and the periodic jobs domains register (escalation rounds, subscribers' change
 * notices…). It knows no domain: src/runtime.ts collects the registrations. Every job must be idempotent,
 * since every runtime process runs every job; a job's errors are logged and it runs again next interval.
 */
import type { Db } from '../db/index.js';
import type { MessageKind } from '../vocabulary.js';
import type { Composers } from './compose.js';
import type { DeliveryConfig } from './config.js';
import { channelsFrom, OutboxWorker, type WorkerChannels, type WorkerStats } from './worker.js';

export interface PeriodicJob {
  /** Shown in logs. */
  name: string;
  everyMs: number;
  /** Idempotent; returns a line to log when it did something. */
  run(): Promise<string | null | void>;
  close?(): Promise<void>;
}

export interface RuntimeOptions {
  db: Db;
  secret: string;
  publicUrl: string;
  delivery: DeliveryConfig;
  /** Capture channels without settings into the mailbox (WARDEN_CAPTURE). */
  capture: boolean;
  jobs: PeriodicJob[];
  composers: Composers;
  /** Channels to use instead of those built from the settings (tests). */
  channels?: WorkerChannels;
  /** Only these kinds (tests that drain one kind). */
  kinds?: MessageKind[];
  log?: (message: string) => void;
}

export interface Runtime { readonly stats: WorkerStats; stop(): Promise<void> }

/** Runs one job every `everyMs` until stopped, never two runs of it at once. */
function schedule(job: PeriodicJob, log: (m: string) => void): { stop(): Promise<void> } {
  let running = true;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = job.run().then((line) => { if (line) log(`${job.name}: ${line}`); },
      (error: Error) => log(`${job.name} error (retrying): ${error.message}`))
      .finally(() => { if (running) timer = setTimeout(tick, job.everyMs); });
  };
  tick();
  return {
    stop: async () => {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
      await job.close?.();
    },
  };
}

export function startRuntime(opts: RuntimeOptions): Runtime {
  const log = opts.log ?? (() => undefined);
  const channels = opts.channels ?? channelsFrom(opts.delivery, opts.capture ? opts.db : undefined);
  const worker = new OutboxWorker({ db: opts.db, settings: opts.delivery, channels, composers: opts.composers, secret: opts.secret, publicUrl: opts.publicUrl, kinds: opts.kinds, log });
  // No channel configured: nothing to claim, so do not poll the database (the jobs still queue work for other workers).
  if (worker.hasChannels) worker.start();
  const jobs = opts.jobs.map((job) => schedule(job, log));
  return {
    stats: worker.stats,
    stop: async () => {
      await Promise.all(jobs.map((j) => j.stop()));
      if (worker.hasChannels) await worker.stop();
    },
  };
}

/** Rows of these channels (and kinds) still queued and due, or being sent. */
async function pendingCount(db: Db, channels: string[], kinds: MessageKind[] | undefined): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE ((state = 'queued' AND next_attempt_at <= now()) OR state = 'sending')
        AND channel = ANY($1::text[]) AND ($2::text[] IS NULL OR kind = ANY($2::text[]))`, [channels, kinds ?? null]);
  return rows[0]!.n;
}

/**
 * Runs a worker until nothing due is left for its channels (and kinds), then stops it and returns its
 * figures: sending on demand (`warden feeds mail`) through the same claim path as the runtime.
 */
export async function drainOutbox(opts: RuntimeOptions, timeoutMs = 30_000): Promise<WorkerStats> {
  const channels = opts.channels ?? channelsFrom(opts.delivery, opts.capture ? opts.db : undefined);
  const names = Object.keys(channels).filter((n) => n !== 'operatorWebhook');
  const runtime = startRuntime({ ...opts, channels, jobs: [] });
  const until = Date.now() + timeoutMs;
  try {
    await new Promise((r) => setTimeout(r, 50));
    for (;;) {
      const n = await pendingCount(opts.db, names, opts.kinds);
      if (n === 0) return runtime.stats;
      if (Date.now() > until) throw new Error(`${n} messages still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await runtime.stop();
  }
}
