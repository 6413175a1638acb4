import type { AppContext } from '../http/app.js';

export interface RunningWorker { stop(): Promise<void> }

/** Starts an outbox worker in this process. (Filled in by the delivery work.) */
export async function startWorker(_ctx: AppContext): Promise<RunningWorker> {
  return { stop: async () => undefined };
}
