import type { AppContext, ZodApp } from '../http/app.js';

/** The delivery domain's HTTP routes. Every route declares config.access. */
export async function deliveryRoutes(_app: ZodApp, _ctx: AppContext): Promise<void> {}
