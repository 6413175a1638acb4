/**
 * The demo's scenario clock: the one moment the demo data stands for (the model case, 3 January 2020
 * at noon UTC, after the 08:00 alert and the morning's answers). The demo's records carry the case's
 * dates; the console shows this moment in its header and counts from it instead of from now.
 * What an operator does in the demo is still recorded when it happens (audit log, answers, deliveries).
 */
import type { Db } from '../db/index.js';

export interface ScenarioClock { name: string; asOf: string }

export const modelCaseClock: ScenarioClock = { name: 'Baghdad, 3 January 2020', asOf: '2020-01-03T12:00:00.000Z' };

export async function recordScenarioClock(db: Db, clock: ScenarioClock): Promise<void> {
  await db.query(
    `INSERT INTO demo_scenario (name, as_of) VALUES ($1, $2)
     ON CONFLICT (only_row) DO UPDATE SET name = EXCLUDED.name, as_of = EXCLUDED.as_of, loaded_at = now()`,
    [clock.name, clock.asOf]);
}

/** The scenario clock, or null when the database holds no demo (the console then works in real time). */
export async function getScenarioClock(db: Db): Promise<ScenarioClock | null> {
  const { rows } = await db.query<{ name: string; as_of: Date }>('SELECT name, as_of FROM demo_scenario');
  return rows[0] ? { name: rows[0].name, asOf: rows[0].as_of.toISOString() } : null;
}
