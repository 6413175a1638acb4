import type { AppContext, ZodApp } from '../http/app.js';

/** The checkins domain's HTTP routes. Every route declares config.access. */
export async function checkinRoutes(_app: ZodApp, _ctx: AppContext): Promise<void> {}
