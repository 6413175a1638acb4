import type { AppContext, ZodApp } from '../http/app.js';

/** The intake domain's HTTP routes. Every route declares config.access. */
export async function intakeRoutes(_app: ZodApp, _ctx: AppContext): Promise<void> {}
