import { advisoryRoutes } from '../advisories/routes.js';
import { alertRoutes } from '../alerts/routes.js';
import { authRoutes } from '../auth/routes.js';
import { checkinRoutes } from '../checkins/routes.js';
import { crisisRoutes } from '../crises/routes.js';
import { deliveryRoutes } from '../delivery/routes.js';
import { demoRoutes } from '../demo/routes.js';
import { feedRoutes } from '../feeds/routes.js';
import { geoRoutes } from '../geo/routes.js';
import { intakeRoutes } from '../intake/routes.js';
import { postRoutes } from '../posts/routes.js';
import { travellerEnrolRoutes } from '../travellers/enrol-routes.js';
import { itineraryRoutes } from '../travellers/itinerary-routes.js';
import { travellerPrivacyRoutes } from '../travellers/privacy-routes.js';
import { travellerRoutes } from '../travellers/routes.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { webRoutes } from './web.js';

/** Every domain's routes, in one place, so the route table (and the role matrix test) sees them all. */
export async function registerRoutes(app: ZodApp, ctx: AppContext): Promise<void> {
  await authRoutes(app, ctx);
  await geoRoutes(app, ctx);
  await advisoryRoutes(app, ctx);
  await postRoutes(app, ctx);
  await travellerRoutes(app, ctx);
  await travellerPrivacyRoutes(app, ctx);
  await travellerEnrolRoutes(app, ctx);
  await itineraryRoutes(app, ctx);
  await alertRoutes(app, ctx);
  await deliveryRoutes(app, ctx);
  await checkinRoutes(app, ctx);
  await crisisRoutes(app, ctx);
  await intakeRoutes(app, ctx);
  await demoRoutes(app, ctx);
  await feedRoutes(app, ctx);
  await webRoutes(app, ctx);
}
