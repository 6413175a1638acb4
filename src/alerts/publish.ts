/**
 * Approve and publish: in ONE transaction, freeze the recipient set (one INSERT … SELECT of the
 * targeting query into alert_recipients; each row draws its check-in number from a sequence) and write the
 * outbox (one INSERT … SELECT into deliveries: a row per recipient and channel, the contact point
 * of lowest priority per channel). Nothing is looped over in JavaScript, so a million recipients
 * cost the database a few seconds and this process no memory.
 */
import { recordAudit } from '../auth/audit.js';
import { hasRole, type Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { forbidden, invalidState } from '../errors.js';
import type { AlertView } from './schema.js';
import { alertColumns, loadAlert, presentAlert, targetingOf, twoPersonThreshold, type AlertRow } from './service.js';
import { targetParams, targetSql } from './targeting.js';

/** The outbox of a frozen recipient set ($1 = alert id): one row per recipient and channel, the contact point of lowest priority. */
export const outboxSql = `INSERT INTO deliveries (alert_id, traveller_id, channel, address)
  SELECT DISTINCT ON (r.traveller_id, c.channel) r.alert_id, r.traveller_id, c.channel, c.address
    FROM alert_recipients r JOIN contact_points c ON c.traveller_id = r.traveller_id
   WHERE r.alert_id = $1
   ORDER BY r.traveller_id, c.channel, c.priority, c.created_at, c.id`;

export interface PublishOptions {
  /** Defaults to WARDEN_TWO_PERSON_THRESHOLD (100). */
  twoPersonThreshold?: number;
}

export interface PublishResult { alert: AlertView; recipients: number; deliveries: number }

export async function publishAlert(db: Db, actor: Actor, id: string, opts: PublishOptions = {}): Promise<PublishResult> {
  if (!hasRole(actor, 'approver')) throw forbidden('publishing an alert needs the approver role');
  const threshold = opts.twoPersonThreshold ?? twoPersonThreshold();
  return db.tx(async (tx) => {
    const row = await loadAlert(tx, id, true);
    if (row.state !== 'pending_approval') throw invalidState(`only an alert pending approval can be published; this alert is ${row.state}`);
    if (row.expires && row.expires <= new Date()) throw invalidState('this alert has expired; draft a new one');
    let original: AlertRow | null = null;
    if (row.references_id) {
      original = await loadAlert(tx, row.references_id, true);
      if (original.state !== 'published') throw invalidState(`the alert this ${row.msg_type} replaces is ${original.state}, no longer published`);
    }
    // Sorting a million recipients within the default 4 MB spills to disk; this transaction may use more.
    await tx.query(`SET LOCAL work_mem = '256MB'`);
    const targeting = await targetingOf(tx, row);
    // $1..$7 targeting, $8 alert id.
    const frozen = await tx.query(
      `INSERT INTO alert_recipients (alert_id, traveller_id, trip_id)
       SELECT $8::uuid, t.traveller_id, t.trip_id FROM (${targetSql(1)}) t`,
      [...targetParams(targeting), id]);
    const recipients = frozen.rowCount;
    if (recipients > threshold && row.created_by !== null && row.created_by === actor.id) {
      throw forbidden(`this alert reaches ${recipients} people (more than ${threshold}): a second operator must approve it`);
    }
    const outbox = await tx.query(outboxSql, [id]);
    const { rows } = await tx.query<AlertRow>(
      `UPDATE alerts SET state = 'published', published_at = now(), published_by = $2, recipient_count = $3 WHERE id = $1 RETURNING ${alertColumns}`,
      [id, actor.id, recipients]);
    if (original) {
      await tx.query(`UPDATE alerts SET state = $2, replaced_at = now() WHERE id = $1`, [original.id, row.msg_type === 'Cancel' ? 'cancelled' : 'updated']);
    }
    // Wakes idle workers at once (they also poll); delivered at commit.
    await tx.query(`SELECT pg_notify('warden_outbox', $1)`, [id]);
    const alert = presentAlert(rows[0]!);
    await recordAudit(tx, actor, {
      action: 'alert.publish', entity: 'alert', entityId: id, before: { state: row.state },
      after: { state: alert.state, msgType: alert.msgType, references: alert.references, recipients, deliveries: outbox.rowCount },
    });
    return { alert, recipients, deliveries: outbox.rowCount };
  });
}
