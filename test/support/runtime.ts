/**
 * Tests start the one runtime (src/runtime.ts) as `warden start` does, with settings read from the
 * environment at the call (tests set WARDEN_* before starting), channels and escalation clock injectable.
 * Capture follows the old rule: on unless the config names a PostgreSQL URL or WARDEN_CAPTURE=0.
 */
import { loadMessagingSettings, type WardenConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import type { DeliveryConfig } from '../../src/delivery/config.js';
import type { Runtime } from '../../src/delivery/runtime.js';
import type { WorkerChannels } from '../../src/delivery/worker.js';
import type { EscalationJobOptions } from '../../src/checkins/escalation.js';
import { drainWardenOutbox, startWardenRuntime } from '../../src/runtime.js';
import type { MessageKind } from '../../src/vocabulary.js';

export type RunningWorker = Runtime;

export interface TestRuntimeOptions {
  delivery?: DeliveryConfig;
  channels?: WorkerChannels;
  escalation?: EscalationJobOptions | false;
  subscriptionMail?: false;
  kinds?: MessageKind[];
  log?: (m: string) => void;
}

function contextOf(ctx: { db: Db; config: WardenConfig }) {
  const messaging = loadMessagingSettings(process.env, { publicUrl: ctx.config.publicUrl, embedded: !ctx.config.databaseUrl });
  return { db: ctx.db, config: { ...ctx.config, messaging } };
}

export async function startWorker(ctx: { db: Db; config: WardenConfig }, opts: TestRuntimeOptions = {}): Promise<Runtime> {
  return startWardenRuntime(contextOf(ctx), { ...opts, subscriptionNotices: opts.subscriptionMail });
}

/** Sends what is due of these kinds (every kind when absent) and returns the worker's figures. */
export function drainKinds(ctx: { db: Db; config: WardenConfig }, opts: TestRuntimeOptions & { timeoutMs?: number } = {}) {
  return drainWardenOutbox(contextOf(ctx), { ...opts, escalation: false, subscriptionNotices: false });
}
