import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { WardenError } from '../errors.js';
import { parseTravellersCsv } from './csv.js';
import { normalizeTraveller } from './normalize.js';
import { insertTravellerRows } from './service.js';

/** Imports a CSV of travellers in one transaction: every row is valid, or nothing is written. */
export async function importTravellersCsv(db: Db, actor: Actor, text: string): Promise<{ travellers: number; trips: number }> {
  const inputs = parseTravellersCsv(text);
  const rows = inputs.map((input, i) => {
    try {
      return normalizeTraveller(input);
    } catch (error) {
      if (error instanceof WardenError) throw new WardenError(error.kind, `line ${i + 2}: ${error.message}`, error.errors);
      throw error;
    }
  });
  await insertTravellerRows(db, actor, rows, (i, c) => `line ${i + 2}: contacts[${c}].address`);
  return { travellers: rows.length, trips: rows.reduce((n, r) => n + r.trips.length, 0) };
}
