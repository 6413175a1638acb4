/**
 * The outbox rows of an alert or a group of alerts, for the other domains: an alert's progress, the crisis room's
 * last delivery per channel, escalation's reminder rounds, and closing a crisis (pending, cancelling the queued).
 */
import type { Db } from '../db/index.js';
import type { DeliveryState } from '../vocabulary.js';

/**
 * Deliveries of these alerts not finished yet (queued or being sent). Used when a crisis closes.
 */
export async function pendingDeliveries(db: Db, alertIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE alert_id = ANY($1::uuid[]) AND state IN ('queued', 'sending')`, [alertIds]);
  return rows[0]!.n;
}

/**
 * Cancels the queued deliveries of these alerts (an operator's explicit choice when closing a crisis):
 * they become 'failed' with the reason, so the board shows them and nothing is silently dropped.
 * Rows a worker holds ('sending') finish: the send may already be under way.
 */
export async function cancelQueuedDeliveries(db: Db, alertIds: string[], reason: string): Promise<number> {
  const result = await db.query(
    `UPDATE deliveries SET state = 'failed', last_error = $2, finished_at = now()
      WHERE alert_id = ANY($1::uuid[]) AND state = 'queued'`, [alertIds, reason]);
  return result.rowCount;
}

/** Per channel and state: how many of an alert's deliveries, how many finished in the last `windowSec`, the last send. */
export async function deliveryCounts(db: Db, alertId: string, windowSec: number) {
  const { rows } = await db.query<{ channel: string; state: DeliveryState; n: number; recent: number; last_sent: Date | null }>(
    `SELECT channel, state, count(*)::int AS n,
            count(*) FILTER (WHERE finished_at > now() - make_interval(secs => $2))::int AS recent, max(sent_at) AS last_sent
       FROM deliveries WHERE alert_id = $1 GROUP BY channel, state`, [alertId, windowSec]);
  return rows;
}

/**
 * Per person and channel over the alerts (uuid[] parameter `alertIds`), for the person in `travellerColumn`: the
 * latest delivery's state and error as a jsonb list (the crisis room's lists compose it into their one query).
 */
export const lastDeliveriesSql = (alertIds: string, travellerColumn: string) => `
  SELECT coalesce(jsonb_agg(jsonb_build_object('channel', x.channel, 'state', x.state, 'error', x.last_error, 'at', x.at) ORDER BY x.channel), '[]'::jsonb)
    FROM (SELECT DISTINCT ON (d.channel) d.channel, d.state, d.last_error, coalesce(d.finished_at, d.created_at) AS at
            FROM deliveries d WHERE d.alert_id = ANY(${alertIds}::uuid[]) AND d.traveller_id = ${travellerColumn}
           ORDER BY d.channel, d.created_at DESC, d.round DESC) x`;

/** Reminder rounds (2 and up) queued for these alerts: when each started and how many it queued. */
export async function reminderRounds(db: Db, alertIds: string[]): Promise<{ alertId: string; round: number; at: Date; reminders: number }[]> {
  const { rows } = await db.query<{ alert_id: string; round: number; at: Date; n: number }>(
    `SELECT alert_id, round, min(created_at) AS at, count(*)::int AS n FROM deliveries
      WHERE alert_id = ANY($1::uuid[]) AND round > 1 GROUP BY alert_id, round ORDER BY at`, [alertIds]);
  return rows.map((r) => ({ alertId: r.alert_id, round: r.round, at: r.at, reminders: r.n }));
}
