/** The outbox rows of a group of alerts (a crisis closing): how many are pending, and cancelling the queued ones. */
import type { Db } from '../db/index.js';

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
