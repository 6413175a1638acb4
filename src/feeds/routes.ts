import type { AppContext, ZodApp } from '../http/app.js';

/** The feeds domain's HTTP routes. Every route declares config.access. */
export async function feedRoutes(_app: ZodApp, _ctx: AppContext): Promise<void> {}
