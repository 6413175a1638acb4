/** Alerts' recipients and summaries for a group of alerts (read by the crises domain through these functions). */
import type { Db } from '../db/index.js';
import type { AlertRow } from './store.js';
import { presentAlert } from './service.js';
import { alertColumns } from './store.js';
import type { AlertView } from './schema.js';

/** (alert_id, traveller_id, trip_id, published_at): the frozen recipients of the alerts in the uuid[] parameter. */
export const recipientsSql = (alertIds: string) => `
  SELECT r.alert_id, r.traveller_id, r.trip_id, a.published_at FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id
   WHERE r.alert_id = ANY(${alertIds}::uuid[]) AND a.published_at IS NOT NULL`;

/** The alerts, oldest first. */
export async function alertsByIds(db: Db, ids: string[]): Promise<AlertView[]> {
  const { rows } = await db.query<AlertRow>(`SELECT ${alertColumns} FROM alerts WHERE id = ANY($1::uuid[]) ORDER BY created_at, id`, [ids]);
  return rows.map(presentAlert);
}

/** Per person and channel over the alerts: the latest delivery's state and error (lists of the crisis room). */
export const lastDeliveriesSql = (alertIds: string, travellerColumn: string) => `
  SELECT coalesce(jsonb_agg(jsonb_build_object('channel', x.channel, 'state', x.state, 'error', x.last_error, 'at', x.at) ORDER BY x.channel), '[]'::jsonb)
    FROM (SELECT DISTINCT ON (d.channel) d.channel, d.state, d.last_error, coalesce(d.finished_at, d.created_at) AS at
            FROM deliveries d WHERE d.alert_id = ANY(${alertIds}::uuid[]) AND d.traveller_id = ${travellerColumn}
           ORDER BY d.channel, d.created_at DESC, d.round DESC) x`;

/** The published alerts that reached this person, newest first (at most 200). */
/** The alerts that reached one person, oldest first, for their data export (src/travellers/privacy.ts). */
export async function alertsReceivedBy(db: Db, travellerId: string) {
  const { rows } = await db.query<{ alert_id: string; headline: string | null; published_at: Date | null; trip_id: string | null }>(
    `SELECT r.alert_id, a.infos->0->>'headline' AS headline, a.published_at, r.trip_id
       FROM alert_recipients r LEFT JOIN alerts a ON a.id = r.alert_id WHERE r.traveller_id = $1 ORDER BY a.published_at`, [travellerId]);
  return rows;
}

export async function alertIdsOfTraveller(db: Db, travellerId: string): Promise<string[]> {
  const { rows } = await db.query<{ alert_id: string }>(
    `SELECT r.alert_id FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id WHERE r.traveller_id = $1 AND a.published_at IS NOT NULL
      ORDER BY a.published_at DESC LIMIT 200`, [travellerId]);
  return rows.map((r) => r.alert_id);
}
