/**
 * A traveller's rights over their data: export everything Warden holds about one person, and erase it.
 * Erasure keeps delivery statistics anonymous: the database trigger (migration 0010) gives each of the
 * person's (alert, recipient) pairs a fresh random id and drops addresses, errors and check-in token
 * hashes, so an alert's counts per state and channel still add up and nothing links back to the person.
 * Any other table holding a traveller_id (check-ins and what later domains add) is found from the
 * catalogue, exported, and its rows deleted on erasure, so a new table cannot silently keep a person.
 */
import { alertsReceivedBy, countAlertsReceivedBy } from '../alerts/recipients.js';
import { auditTrailOf, recordAudit } from '../auth/audit.js';
import { hasRole, type Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { countDeliveriesOfTraveller, deliveriesOfTraveller } from '../delivery/by-traveller.js';
import { forbidden, notFound } from '../errors.js';
import { getTraveller } from './service.js';

/** Tables whose traveller rows are handled explicitly (cascade from travellers, or pseudonymised by the trigger). */
const handled = new Set(['travellers', 'contact_points', 'trips', 'alert_recipients', 'deliveries']);

async function otherTravellerTables(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.column_name = 'traveller_id' ORDER BY c.table_name`);
  return rows.map((r) => r.table_name).filter((t) => !handled.has(t));
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function exportTraveller(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, 'editor')) throw forbidden('exporting personal data needs the editor role');
  return db.tx(async (tx) => {
    const traveller = await getTraveller(tx, id);
    const raw = await tx.query<Record<string, unknown>>('SELECT consent_at, opted_out_at, updated_at FROM travellers WHERE id = $1', [id]);
    const alerts = await alertsReceivedBy(tx, id);
    const deliveries = await deliveriesOfTraveller(tx, id);
    const other: Record<string, Record<string, unknown>[]> = {};
    for (const table of await otherTravellerTables(tx)) {
      const { rows } = await tx.query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(x) AS row FROM ${ident(table)} x WHERE traveller_id = $1`, [id]);
      if (rows.length) other[table] = rows.map((r) => r.row);
    }
    const history = await auditTrailOf(tx, 'traveller', id);
    await recordAudit(tx, actor, { action: 'traveller.export', entity: 'traveller', entityId: id });
    return {
      exportedAt: new Date().toISOString(),
      traveller: { ...traveller, consentAt: iso(raw.rows[0]?.consent_at), optedOutAt: iso(raw.rows[0]?.opted_out_at), updatedAt: iso(raw.rows[0]?.updated_at) },
      alerts: alerts.map((a) => ({ alertId: a.alert_id, headline: a.headline, publishedAt: a.published_at?.toISOString() ?? null, tripId: a.trip_id })),
      deliveries,
      other,
      history: history.map((h) => ({ at: h.at.toISOString(), action: h.action })),
    };
  });
}

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : value == null ? null : String(value);
}

export interface ErasureResult { id: string; erased: true; contacts: number; trips: number; alertsKeptAnonymously: number; deliveriesKeptAnonymously: number; otherRowsDeleted: number }

/** Erases one traveller in one transaction; audited without any of the erased data. */
export async function eraseTraveller(db: Db, actor: Actor, id: string): Promise<ErasureResult> {
  if (!hasRole(actor, 'approver')) throw forbidden('erasing a traveller needs the approver role');
  return db.tx(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM travellers WHERE id = $1 FOR UPDATE', [id]);
    if (!exists.rowCount) throw notFound('traveller');
    const count = async (sql: string) => (await tx.query<{ n: number }>(sql, [id])).rows[0]!.n;
    const contacts = await count('SELECT count(*)::int AS n FROM contact_points WHERE traveller_id = $1');
    const trips = await count('SELECT count(*)::int AS n FROM trips WHERE traveller_id = $1');
    const alerts = await countAlertsReceivedBy(tx, id);
    const deliveries = await countDeliveriesOfTraveller(tx, id);
    let otherRowsDeleted = 0;
    for (const table of await otherTravellerTables(tx)) {
      otherRowsDeleted += (await tx.query(`DELETE FROM ${ident(table)} WHERE traveller_id = $1`, [id])).rowCount;
    }
    await tx.query('DELETE FROM travellers WHERE id = $1', [id]);
    const result: ErasureResult = { id, erased: true, contacts, trips, alertsKeptAnonymously: alerts, deliveriesKeptAnonymously: deliveries, otherRowsDeleted };
    await recordAudit(tx, actor, { action: 'traveller.erase', entity: 'traveller', entityId: id, after: { ...result } });
    return result;
  });
}
