/**
 * Where the domains register with the one runtime (src/delivery/runtime.ts): the periodic jobs they need
 * run (name, interval, an idempotent function) and the composers of the outbox kinds they queue. Both
 * `warden start` (in-process) and `warden worker` start the runtime through here, so they are the same.
 * src/delivery itself imports no domain: this file is the only place that knows them all.
 */
import type { WardenConfig } from './config.js';
import type { Db } from './db/index.js';
import { maintainTables } from './db/maintenance.js';
import { dutyComposer } from './checkins/duty.js';
import { escalationJob, type EscalationJobOptions } from './checkins/escalation.js';
import type { Composers } from './delivery/compose.js';
import { drainOutbox, startRuntime, type PeriodicJob, type Runtime, type RuntimeOptions } from './delivery/runtime.js';
import type { WorkerStats } from './delivery/worker.js';
import { subscriptionNoticesJob } from './feeds/mail-ticker.js';
import { subscriptionComposer } from './feeds/subscriptions.js';

export interface WardenContext { db: Db; config: WardenConfig }

export interface RegistrationOptions {
  /** Escalation with another clock or settings (tests); false leaves the job out. */
  escalation?: EscalationJobOptions | false;
  /** false leaves the subscribers' notice job out. */
  subscriptionNotices?: false;
  /** false leaves the embedded database's autovacuum out (it runs on PGlite only). */
  maintenance?: false;
}

/** autovacuum's naptime (PostgreSQL's default is 60 s; half that, since nothing else keeps PGlite's statistics). */
const embeddedMaintenanceEveryMs = 30_000;

/** Every domain's composers of outbox kinds. */
export function registeredComposers(ctx: WardenContext): Composers {
  const subscriptions = subscriptionComposer({ publicUrl: ctx.config.publicUrl, secret: ctx.config.secret });
  return { duty: dutyComposer(ctx.db, ctx.config.publicUrl), subscription_confirm: subscriptions, subscription_notice: subscriptions };
}

/** Every domain's periodic jobs. */
export function registeredJobs(ctx: WardenContext, opts: RegistrationOptions = {}): PeriodicJob[] {
  return [
    ...(opts.escalation === false ? [] : [escalationJob(ctx, opts.escalation)]),
    ...(opts.subscriptionNotices === false ? [] : [subscriptionNoticesJob(ctx)]),
    ...(opts.maintenance === false || ctx.db.kind !== 'pglite' ? [] : [embeddedMaintenanceJob(ctx.db)]),
  ];
}

/** PGlite has no autovacuum (src/db/maintenance.ts); the runtime of the process that holds it runs its pass. */
function embeddedMaintenanceJob(db: Db): PeriodicJob {
  return { name: 'embedded-maintenance', everyMs: embeddedMaintenanceEveryMs, run: async () => { await maintainTables(db); } };
}

type Overrides = RegistrationOptions & Partial<Pick<RuntimeOptions, 'channels' | 'delivery' | 'kinds' | 'log'>>;

function runtimeOptions(ctx: WardenContext, opts: Overrides): RuntimeOptions {
  const { messaging } = ctx.config;
  return {
    db: ctx.db, secret: ctx.config.secret, publicUrl: ctx.config.publicUrl, delivery: opts.delivery ?? messaging.delivery, capture: messaging.capture,
    jobs: registeredJobs(ctx, opts), composers: registeredComposers(ctx), channels: opts.channels, kinds: opts.kinds, log: opts.log,
  };
}

/** The runtime of `warden start` and `warden worker`: the outbox worker and every registered job. */
export function startWardenRuntime(ctx: WardenContext, opts: Overrides = {}): Runtime {
  return startRuntime(runtimeOptions(ctx, opts));
}

/**
 * `warden start` with its in-process worker turned off: on PGlite the server still owns the database, so its upkeep
 * runs here (the workers reach the database through the server's socket and cannot tell it is PGlite). Null on PostgreSQL.
 */
export function startDatabaseUpkeep(ctx: WardenContext): Runtime | null {
  if (ctx.db.kind !== 'pglite') return null;
  return startRuntime({ ...runtimeOptions(ctx, { escalation: false, subscriptionNotices: false }), channels: {} });
}

/** Sends what is due now (of these kinds) and returns: `warden feeds mail`, and tests. No periodic job runs. */
export function drainWardenOutbox(ctx: WardenContext, opts: Overrides & { timeoutMs?: number } = {}): Promise<WorkerStats> {
  return drainOutbox({ ...runtimeOptions(ctx, opts), jobs: [] }, opts.timeoutMs);
}
