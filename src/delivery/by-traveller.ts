/** One person's outbox rows: their data export and the count their erasure keeps anonymously (src/travellers/privacy.ts). */
import type { Db } from '../db/index.js';
import type { ChannelName, DeliveryState } from '../vocabulary.js';

export interface TravellerDelivery {
  id: string; alert_id: string | null; channel: ChannelName; address: string; state: DeliveryState; attempts: number; last_error: string | null;
  created_at: string; sent_at: string | null; finished_at: string | null;
}

/** Every outbox row to this person, oldest first, as stored (times as ISO strings). */
export async function deliveriesOfTraveller(db: Db, travellerId: string): Promise<TravellerDelivery[]> {
  const { rows } = await db.query<TravellerDelivery>(
    `SELECT id, alert_id, channel, address, state, attempts, last_error,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
            to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sent_at,
            to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at
       FROM deliveries WHERE traveller_id = $1 ORDER BY deliveries.created_at`, [travellerId]);
  return rows;
}

export async function countDeliveriesOfTraveller(db: Db, travellerId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE traveller_id = $1', [travellerId]);
  return rows[0]!.n;
}
