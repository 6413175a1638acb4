import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { getScenarioClock } from './scenario-clock.js';

/** The demo's scenario clock for the console (src/demo/scenario-clock.ts); asOf null without the demo. */
export async function demoRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  app.get('/api/scenario', {
    config: { access: 'viewer' },
    schema: {
      tags: ['demo'], summary: 'The moment the demo data stands for (the console\'s "now" while it holds the demo)',
      response: { 200: z.object({ name: z.string().nullable(), asOf: z.string().nullable() }) },
    },
  }, async () => (await getScenarioClock(db)) ?? { name: null, asOf: null });
}
