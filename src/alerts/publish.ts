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
import { analyzeAfterBulkWrite } from '../db/maintenance.js';
import { forbidden, invalidState } from '../errors.js';
import type { AlertView } from './schema.js';
import { presentAlert, targetingOf, twoPersonThreshold, twoPersonWindowHours } from './service.js';
import { alertColumns, loadAlert, type AlertRow } from './store.js';
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
  /** Why nothing could be delivered (no channel configured, src/delivery/mailbox.ts): publishing is refused. */
  undeliverable?: string | null;
  /** Defaults to WARDEN_TWO_PERSON_WINDOW_HOURS (24). */
  twoPersonWindowHours?: number;
  /** When it was published, if not now: the demo replays the model case's alert at its own time (src/demo). */
  publishedAt?: string;
}

export interface PublishResult { alert: AlertView; recipients: number; deliveries: number }

export async function publishAlert(db: Db, actor: Actor, id: string, opts: PublishOptions = {}): Promise<PublishResult> {
  if (!hasRole(actor, 'approver')) throw forbidden('publishing an alert needs the approver role');
  if (opts.undeliverable) throw invalidState(`cannot publish: ${opts.undeliverable}`);
  const threshold = opts.twoPersonThreshold ?? twoPersonThreshold();
  const windowHours = opts.twoPersonWindowHours ?? twoPersonWindowHours();
  const published = await db.tx(async (tx) => {
    const row = await loadAlert(tx, id, true);
    if (row.state !== 'pending_approval') throw invalidState(`only an alert pending approval can be published; this alert is ${row.state}`);
    const publishedAt = opts.publishedAt ? new Date(opts.publishedAt) : new Date();
    if (row.expires && row.expires <= publishedAt) throw invalidState('this alert has expired; draft a new one');
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
    if (row.created_by !== null && row.created_by === actor.id) {
      if (recipients > threshold) throw forbidden(`this alert reaches ${recipients} people (more than ${threshold}): a second operator must approve it`);
      const busiest = await soloReachByCountry(tx, id, windowHours);
      if (busiest && busiest.people > threshold) {
        throw forbidden(`alerts sent without a second operator in the last ${windowHours} hours, this one included, reach ${busiest.people} people in ${busiest.country} (more than ${threshold}): a second operator must approve it`);
      }
    }
    const outbox = await tx.query(outboxSql, [id]);
    const { rows } = await tx.query<AlertRow>(
      `UPDATE alerts SET state = 'published', published_at = coalesce($4::timestamptz, now()), published_by = $2, recipient_count = $3 WHERE id = $1 RETURNING ${alertColumns}`,
      [id, actor.id, recipients, opts.publishedAt ?? null]);
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
  // The board and the workers read these rows within seconds; a planner that has not seen them yet takes the alert
  // for a handful of rows (src/db/maintenance.ts).
  await analyzeAfterBulkWrite(db, { alert_recipients: published.recipients, deliveries: published.deliveries });
  return published;
}

/**
 * The country where this alert's recipients plus those of the alerts published in the window by their own
 * author (no second operator) add up to the most people, and that number. Only the countries this alert
 * reaches count; a person reached twice counts twice (it is the number of messages one person sent alone).
 */
async function soloReachByCountry(tx: Db, alertId: string, windowHours: number): Promise<{ country: string; people: number } | undefined> {
  const { rows } = await tx.query<{ country: string; people: number }>(
    `WITH solo AS (
       SELECT id FROM alerts WHERE published_at > now() - make_interval(secs => $2::float8 * 3600) AND created_by IS NOT NULL AND created_by = published_by
       UNION ALL SELECT $1::uuid
     ), mine AS (
       SELECT DISTINCT t.country_code FROM alert_recipients r JOIN trips t ON t.id = r.trip_id WHERE r.alert_id = $1
     )
     SELECT t.country_code::text AS country, count(*)::int AS people
       FROM solo s JOIN alert_recipients r ON r.alert_id = s.id JOIN trips t ON t.id = r.trip_id
      WHERE t.country_code IN (SELECT country_code FROM mine)
      GROUP BY t.country_code ORDER BY people DESC LIMIT 1`, [alertId, windowHours]);
  return rows[0];
}
