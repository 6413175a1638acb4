/** One person's outbox rows: their data export and the count their erasure keeps anonymously (src/travellers/privacy.ts). */
import type { Db } from '../db/index.js';

export async function deliveriesOfTraveller(db: Db, travellerId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id, alert_id, channel, address, state, attempts, last_error, created_at, sent_at, finished_at
       FROM deliveries WHERE traveller_id = $1 ORDER BY created_at`, [travellerId]);
  return rows;
}

export async function countDeliveriesOfTraveller(db: Db, travellerId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE traveller_id = $1', [travellerId]);
  return rows[0]!.n;
}
