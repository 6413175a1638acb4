/**
 * Answers across a group of alerts (a crisis's first alert, its Updates, its Cancel), read through this
 * domain by the group's owner: one person's history, the latest answers, the last history id; and one
 * person's answers to every alert (their own page, /me).
 */
import type { Db } from '../db/index.js';
import type { Answer } from './schema.js';

export interface HistoryEntry { historyId: number; alertId: string; answer: Answer; message: string | null; place: string | null; channel: string; answeredAt: string }

/** One person's full answer history over the alerts, oldest first. */
export async function answerHistory(db: Db, alertIds: string[], travellerId: string): Promise<HistoryEntry[]> {
  const { rows } = await db.query<{ id: string; alert_id: string; answer: Answer; message: string | null; place: string | null; channel: string; answered_at: Date }>(
    `SELECT id, alert_id, answer, message, place, channel, answered_at FROM checkin_history
      WHERE alert_id = ANY($1::uuid[]) AND traveller_id = $2 ORDER BY id`, [alertIds, travellerId]);
  return rows.map((r) => ({ historyId: Number(r.id), alertId: r.alert_id, answer: r.answer, message: r.message, place: r.place, channel: r.channel, answeredAt: r.answered_at.toISOString() }));
}

/** Every answer to the alerts (the crisis timeline), newest first, at most `limit`. */
export async function recentAnswers(db: Db, alertIds: string[], limit: number): Promise<{ historyId: number; alertId: string; travellerId: string; answer: Answer; channel: string; answeredAt: Date }[]> {
  const { rows } = await db.query<{ id: string; alert_id: string; traveller_id: string; answer: Answer; channel: string; answered_at: Date }>(
    `SELECT id, alert_id, traveller_id, answer, channel, answered_at FROM checkin_history WHERE alert_id = ANY($1::uuid[]) ORDER BY id DESC LIMIT $2`, [alertIds, limit]);
  return rows.map((r) => ({ historyId: Number(r.id), alertId: r.alert_id, travellerId: r.traveller_id, answer: r.answer, channel: r.channel, answeredAt: r.answered_at }));
}

/** The highest history id of this person's answers to the alerts (what "help handled" covers), or null. */
export async function lastHistoryId(db: Db, alertIds: string[], travellerId: string): Promise<number | null> {
  const { rows } = await db.query<{ id: string | null }>(
    `SELECT max(id) AS id FROM checkin_history WHERE alert_id = ANY($1::uuid[]) AND traveller_id = $2`, [alertIds, travellerId]);
  return rows[0]?.id === null || rows[0]?.id === undefined ? null : Number(rows[0].id);
}

/** One person's current answer to each of these alerts (alert id → answer). */
export async function currentAnswersOf(db: Db, travellerId: string, alertIds: string[]): Promise<Map<string, { answer: Answer; answeredAt: Date }>> {
  const { rows } = await db.query<{ alert_id: string; answer: Answer; answered_at: Date }>(
    'SELECT alert_id, answer, answered_at FROM checkins WHERE traveller_id = $1 AND alert_id = ANY($2::uuid[])', [travellerId, alertIds]);
  return new Map(rows.map((r) => [r.alert_id, { answer: r.answer, answeredAt: r.answered_at }]));
}

/** One person's answers to any alert, newest first (at most 200). */
export async function answersOfTraveller(db: Db, travellerId: string) {
  const { rows } = await db.query<{ alert_id: string; answer: Answer; message: string | null; place: string | null; lat: number | null; lon: number | null; channel: string; answered_at: Date }>(
    'SELECT alert_id, answer, message, place, lat, lon, channel, answered_at FROM checkin_history WHERE traveller_id = $1 ORDER BY id DESC LIMIT 200', [travellerId]);
  return rows;
}
