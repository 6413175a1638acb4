/**
 * Escalation: chase recipients who have not answered.
 *
 * Round 1 is the publish fan-out (every channel the person has). When a person's current round has a
 * delivery that was sent at least N minutes ago (the alert's policy, else WARDEN_ESCALATION_AFTER_MIN)
 * and they have not answered, round k+1 sends the alert again on ONE channel, the next one the person
 * has: their channels that reached them in round 1 (a 'sent' delivery) in escalation order (contact
 * priority, then SMS, push, e-mail, webhook); round 1 counts as the first of them, round k uses the
 * ((k−1) mod n)-th, so round 2 is the second channel, and a one-channel person is re-sent on it.
 * Up to max_rounds rounds in all (the first included).
 *
 * One set-based statement per tick advances alert_recipients.round (rows locked with SKIP LOCKED, and
 * only where the round is still the one read) and inserts the next round's deliveries into the same
 * outbox the workers drain. Advance and insert commit together, and deliveries_one_reminder_per_round
 * (unique on alert, traveller, round for round > 1) backs it: a restart or two workers can never chase
 * anyone twice in one round, and a round whose statement committed is sent after any restart.
 */
import { alertsTakingAnswersSql, loadAlert } from '../alerts/store.js';
import { recordAudit } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { invalidState } from '../errors.js';
import type { WardenConfig } from '../config.js';
import type { PeriodicJob } from '../delivery/runtime.js';
import type { CheckinSettings } from '../config.js';
import type { EscalationInput } from './schema.js';

export interface EscalationDefaults { afterMinutes: number; maxRounds: number }

const escalateSql = `
WITH policy AS (
  SELECT a.id AS alert_id, CASE WHEN $6::boolean THEN 0 ELSE coalesce(p.after_minutes, $1::float8) END AS after_min,
         coalesce(p.max_rounds, $2::int) AS max_rounds, coalesce(p.answered_on, ARRAY[a.id]) AS answered_on
    FROM (${alertsTakingAnswersSql('$3', '$5')}) a LEFT JOIN escalation_policies p ON p.alert_id = a.id
), due AS (
  SELECT r.alert_id, r.traveller_id, r.round
    FROM alert_recipients r JOIN policy p ON p.alert_id = r.alert_id
   WHERE r.round < p.max_rounds
     AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.alert_id = ANY(p.answered_on) AND c.traveller_id = r.traveller_id)
     AND EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = r.alert_id AND d.traveller_id = r.traveller_id AND d.round = r.round
                    AND d.state = 'sent' AND d.sent_at <= $3::timestamptz - CASE WHEN $6::boolean THEN 0 ELSE p.after_min END * interval '1 minute')
   ORDER BY r.round_at
   LIMIT $4
   FOR UPDATE OF r SKIP LOCKED
), ch AS (
  SELECT due.alert_id, due.traveller_id, due.round, d.channel, d.address,
         row_number() OVER w - 1 AS idx, count(*) OVER (PARTITION BY due.alert_id, due.traveller_id) AS n
    FROM due
    JOIN deliveries d ON d.alert_id = due.alert_id AND d.traveller_id = due.traveller_id AND d.round = 1 AND d.state = 'sent'
    LEFT JOIN contact_points cp ON cp.traveller_id = d.traveller_id AND cp.channel = d.channel AND cp.address = d.address
  WINDOW w AS (PARTITION BY due.alert_id, due.traveller_id
               ORDER BY coalesce(cp.priority, 0), array_position(ARRAY['sms', 'webpush', 'email', 'webhook'], d.channel))
), pick AS (
  SELECT * FROM ch WHERE idx = round % n
), advanced AS (
  UPDATE alert_recipients r SET round = pick.round + 1, round_at = $3::timestamptz
    FROM pick WHERE r.alert_id = pick.alert_id AND r.traveller_id = pick.traveller_id AND r.round = pick.round
  RETURNING r.alert_id, r.traveller_id, r.round
)
INSERT INTO deliveries (alert_id, traveller_id, channel, address, round)
SELECT advanced.alert_id, advanced.traveller_id, pick.channel, pick.address, advanced.round
  FROM advanced JOIN pick ON pick.alert_id = advanced.alert_id AND pick.traveller_id = advanced.traveller_id
ON CONFLICT DO NOTHING`;

export interface EscalateOptions {
  now?: Date;
  limit?: number;
  /** Only this alert (an operator's "escalate now"). */
  alertId?: string;
  /** Do not wait for the policy's delay: everyone whose current round was sent is due. */
  ignoreDelay?: boolean;
}

/**
 * Runs one escalation pass (at most `limit` people per statement); returns how many reminders were queued.
 * A policy's answered_on (a crisis's alerts) makes an answer to any of those alerts count.
 */
export async function escalateDue(db: Db, defaults: EscalationDefaults, opts: EscalateOptions = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 5000;
  let total = 0;
  for (;;) {
    const result = await db.query(escalateSql, [defaults.afterMinutes, defaults.maxRounds, now, limit, opts.alertId ?? null, opts.ignoreDelay ?? false]);
    total += result.rowCount;
    if (result.rowCount < limit) return total;
  }
}

/**
 * "Escalate now" from the console: the next round for this alert's recipients without an answer, at
 * once. Refused unless the alert is published and asks for check-ins. Audited with the count.
 */
export async function escalateAlertNow(db: Db, actor: Actor, alertId: string, defaults: EscalationDefaults): Promise<{ queued: number }> {
  return db.tx(async (tx) => {
    const alert = await loadAlert(tx, alertId);
    if (alert.state !== 'published') throw invalidState(`only a published alert can be escalated; this alert is ${alert.state}`);
    if (!alert.asks_checkin) throw invalidState('this alert does not ask for check-ins: there is no one to chase');
    const queued = await escalateDue(tx, defaults, { alertId, ignoreDelay: true });
    // Wakes idle workers at once (they also poll); delivered at commit.
    if (queued) await tx.query(`SELECT pg_notify('warden_outbox', $1)`, [alertId]);
    await recordAudit(tx, actor, { action: 'alert.escalate_now', entity: 'alert', entityId: alertId, after: { queued } });
    return { queued };
  });
}

export async function setEscalationPolicy(db: Db, alertId: string, operatorId: string | null, input: EscalationInput): Promise<EscalationInput & { alertId: string }> {
  await db.query(
    `INSERT INTO escalation_policies (alert_id, after_minutes, max_rounds, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (alert_id) DO UPDATE SET after_minutes = EXCLUDED.after_minutes, max_rounds = EXCLUDED.max_rounds, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [alertId, input.afterMinutes, input.maxRounds, operatorId]);
  return { alertId, ...input };
}

/**
 * One policy for a group of alerts answered together (a crisis): each gets the same delay and rounds,
 * and an answer to any of them counts for all. One statement.
 */
export async function setGroupEscalationPolicy(db: Db, alertIds: string[], operatorId: string | null, input: EscalationInput): Promise<void> {
  await db.query(
    `INSERT INTO escalation_policies (alert_id, after_minutes, max_rounds, updated_by, answered_on)
     SELECT a, $2, $3, $4, $1::uuid[] FROM unnest($1::uuid[]) a
     ON CONFLICT (alert_id) DO UPDATE SET after_minutes = EXCLUDED.after_minutes, max_rounds = EXCLUDED.max_rounds,
       updated_by = EXCLUDED.updated_by, answered_on = EXCLUDED.answered_on, updated_at = now()`,
    [alertIds, input.afterMinutes, input.maxRounds, operatorId]);
}

export async function getEscalationPolicy(db: Db, alertId: string, defaults: EscalationDefaults): Promise<EscalationInput & { alertId: string; isDefault: boolean }> {
  const { rows } = await db.query<{ after_minutes: number; max_rounds: number }>('SELECT after_minutes, max_rounds FROM escalation_policies WHERE alert_id = $1', [alertId]);
  const row = rows[0];
  return row ? { alertId, afterMinutes: row.after_minutes, maxRounds: row.max_rounds, isDefault: false } : { alertId, ...defaults, isDefault: true };
}

export interface EscalationJobOptions {
  /** Injected clock (tests); defaults to the wall clock. */
  now?: () => Date;
  /** Settings other than the configuration's (tests). */
  settings?: CheckinSettings;
}

/** The periodic job the checkins domain registers with the runtime (src/runtime.ts): escalation rounds. */
export function escalationJob(ctx: { db: Db; config: WardenConfig }, opts: EscalationJobOptions = {}): PeriodicJob {
  const settings = opts.settings ?? ctx.config.messaging.checkins;
  return {
    name: 'escalation',
    everyMs: settings.escalation.everyMs,
    async run() {
      const queued = await escalateDue(ctx.db, settings.escalation, { now: opts.now?.() });
      return queued ? `queued ${queued} reminders` : null;
    },
  };
}
