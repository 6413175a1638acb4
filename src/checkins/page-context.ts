/**
 * What the check-in page shows beyond one alert: the crisis the alert belongs to (its latest instruction,
 * my status across it, the post's emergency phone after "need help", the departure-assistance form).
 * The crises domain registers the provider for a database handle (it sits above check-ins, which never
 * import it); without one the page shows the alert alone.
 */
import type { Db } from '../db/index.js';

export interface CrisisPageContext {
  name: string;
  /** The crisis's current message in the traveller's language. */
  headline: string;
  instruction: string;
  /** Latest answer to any alert of the crisis (safe, need_help, departed) or null. */
  status: string | null;
  helpOpen: boolean;
  emergencyPhone: string | null;
  /** The departure-assistance form is offered (the crisis is open); with the request already made, if any. */
  departure: { partySize: number; phone: string } | null | 'none';
}

export type PageContextProvider = (db: Db, alertId: string, travellerId: string, language: string) => Promise<CrisisPageContext | null>;

const providers = new WeakMap<Db, PageContextProvider>();

export function registerPageContext(db: Db, provider: PageContextProvider): void {
  providers.set(db, provider);
}

export function pageContext(db: Db, alertId: string, travellerId: string, language: string): Promise<CrisisPageContext | null> {
  return providers.get(db)?.(db, alertId, travellerId, language) ?? Promise.resolve(null);
}
