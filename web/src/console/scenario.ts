/**
 * The demo's scenario clock (GET /api/scenario, src/demo/scenario-clock.ts): while the database holds the
 * demo, the console stands at the model case's moment — its header says so and the composer's time window
 * starts there — instead of at the real now. Set once when the console opens, before any page renders.
 */
export interface ScenarioClock { name: string; asOf: string }

let current: ScenarioClock | null = null;

export function setScenarioClock(clock: { name: string | null; asOf: string | null } | null): void {
  current = clock?.asOf && clock.name ? { name: clock.name, asOf: clock.asOf } : null;
}

export const scenarioClock = (): ScenarioClock | null => current;

/** The console's "now": the scenario's moment with the demo, else the real present (ISO 8601). */
export const consoleNow = (): string => current?.asOf ?? new Date().toISOString();

/** "3 Jan 2020, 12:00 UTC". */
export const scenarioLabel = (asOf: string) =>
  `${new Date(asOf).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}, ${asOf.slice(11, 16)} UTC`;
