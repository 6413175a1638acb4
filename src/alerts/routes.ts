import type { AppContext, ZodApp } from '../http/app.js';

/** The alerts domain's HTTP routes. Every route declares config.access. */
export async function alertRoutes(_app: ZodApp, _ctx: AppContext): Promise<void> {}
