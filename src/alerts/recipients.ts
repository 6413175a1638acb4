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

/** The alerts that reached one person, oldest first, for their data export (src/travellers/privacy.ts). */
export async function alertsReceivedBy(db: Db, travellerId: string) {
  const { rows } = await db.query<{ alert_id: string; headline: string | null; published_at: Date | null; trip_id: string | null }>(
    `SELECT r.alert_id, a.infos->0->>'headline' AS headline, a.published_at, r.trip_id
       FROM alert_recipients r LEFT JOIN alerts a ON a.id = r.alert_id WHERE r.traveller_id = $1 ORDER BY a.published_at`, [travellerId]);
  return rows;
}

/** How many alerts reached one person (their erasure keeps these rows, anonymously). */
export async function countAlertsReceivedBy(db: Db, travellerId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_recipients WHERE traveller_id = $1', [travellerId]);
  return rows[0]!.n;
}

export interface AlertOfTraveller { id: string; headline: string; state: string; published_at: Date; expires: Date | null; round: number }

/** The alerts that reached one person, newest first (at most 100), headed in their language when it has one (/me). */
export async function alertsOfTraveller(db: Db, travellerId: string, language: string): Promise<AlertOfTraveller[]> {
  const { rows } = await db.query<AlertOfTraveller>(
    `SELECT a.id, coalesce((SELECT i->>'headline' FROM jsonb_array_elements(a.infos) i WHERE i->>'language' = $2 LIMIT 1), a.infos->0->>'headline') AS headline,
            a.state, a.published_at, a.expires, r.round
       FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id
      WHERE r.traveller_id = $1 ORDER BY a.published_at DESC LIMIT 100`, [travellerId, language]);
  return rows;
}

/** The published alerts that reached this person, newest first (at most 200). */
export async function alertIdsOfTraveller(db: Db, travellerId: string): Promise<string[]> {
  const { rows } = await db.query<{ alert_id: string }>(
    `SELECT r.alert_id FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id WHERE r.traveller_id = $1 AND a.published_at IS NOT NULL
      ORDER BY a.published_at DESC LIMIT 200`, [travellerId]);
  return rows.map((r) => r.alert_id);
}
