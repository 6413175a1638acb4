import type { CheckinSettings, TwoPersonSettings, WardenConfig } from './config.js';

/**
 * The few settings read by code that has no AppContext to read them from: the address guard under intake's
 * fetch and the enrolment form's URL check, the CAP schema under every CAP writer, the two-person rule and
 * the escalation defaults under the alert and crisis services (called from routes, the CLI, the demo).
 * Whatever builds the process's context (buildApp, the CLI) applies its WardenConfig here once; until then
 * the documented defaults hold. Tests change a setting by changing the config object they built the app with.
 */
interface ProcessSettings {
  fetchAllowPrivate: boolean;
  capSchemaPath?: string;
  twoPerson: TwoPersonSettings;
  checkins: Pick<CheckinSettings, 'escalation'>;
}

/** The defaults src/config.ts gives these settings (it imports them from here, so they are written once). */
export const TWO_PERSON_DEFAULTS: Readonly<TwoPersonSettings> = { threshold: 100, windowHours: 24 };
export const ESCALATION_DEFAULTS: Readonly<CheckinSettings['escalation']> = { afterMinutes: 30, maxRounds: 3, everyMs: 15_000 };

const defaults: ProcessSettings = { fetchAllowPrivate: false, twoPerson: TWO_PERSON_DEFAULTS, checkins: { escalation: ESCALATION_DEFAULTS } };
let applied: WardenConfig | null = null;

/** Keeps the configuration itself (not a copy): a test that changes its config object changes these too. */
export function applyProcessSettings(config: WardenConfig): void {
  applied = config;
}

export function processSettings(): Readonly<ProcessSettings> {
  if (!applied) return defaults;
  const { fetchAllowPrivate, capSchemaPath, twoPerson, messaging } = applied;
  return { fetchAllowPrivate, ...(capSchemaPath ? { capSchemaPath } : {}), twoPerson, checkins: messaging.checkins };
}
