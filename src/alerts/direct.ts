/**
 * A message to a chosen set of people (e.g. those assigned to a departure), sent through the same
 * outbox and workers as any alert: one published alert of kind 'message' (scope Restricted, so it is
 * never in public feeds), its recipients frozen from the given ids, one delivery per person and channel.
 * Set-based: two INSERT … SELECT, in the caller's transaction.
 */
import { recordAudit } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { notOptedOutSql } from '../travellers/presence.js';
import { outboxSql } from './publish.js';
import type { InfoInput } from './schema.js';

export interface DirectMessage {
  sender: string;
  areaDescription: string;
  infos: InfoInput[];
  assistance: { contacts: { name: string; phone?: string; email?: string; website?: string; address?: string }[]; notes: string[] };
  expires: Date | null;
}

export async function publishDirectMessage(db: Db, actor: Actor, message: DirectMessage, travellerIds: string[]): Promise<{ alertId: string; recipients: number; deliveries: number }> {
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO alerts (kind, msg_type, status, scope, categories, urgency, severity, certainty, sender, effective, expires,
         area, area_description, infos, assistance, asks_checkin, state, created_by, submitted_at, submitted_by, published_at, published_by)
       VALUES ('message', 'Alert', 'Actual', 'Restricted', ARRAY['Safety'], 'Immediate', 'Moderate', 'Observed', $1, now(), $2,
         '{}'::jsonb, $3, $4::jsonb, $5::jsonb, false, 'published', $6, now(), $6, now(), $6) RETURNING id`,
      [message.sender, message.expires, message.areaDescription, JSON.stringify(message.infos), JSON.stringify(message.assistance), actor.id]);
    const alertId = rows[0]!.id;
    const frozen = await tx.query(
      `INSERT INTO alert_recipients (alert_id, traveller_id)
       SELECT $1::uuid, t.id FROM (SELECT DISTINCT unnest($2::uuid[]) AS id) t WHERE ${notOptedOutSql('t.id')}`, [alertId, travellerIds]);
    const outbox = await tx.query(outboxSql, [alertId]);
    await tx.query('UPDATE alerts SET recipient_count = $2 WHERE id = $1', [alertId, frozen.rowCount]);
    await tx.query(`SELECT pg_notify('warden_outbox', $1)`, [alertId]);
    await recordAudit(tx, actor, { action: 'alert.publish.direct', entity: 'alert', entityId: alertId,
      after: { kind: 'message', recipients: frozen.rowCount, deliveries: outbox.rowCount } });
    return { alertId, recipients: frozen.rowCount, deliveries: outbox.rowCount };
  });
}
