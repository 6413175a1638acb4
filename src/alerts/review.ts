/**
 * Review of a submitted alert before it is published. An approver other than the author sends it
 * back to draft with a reason (the author is notified in the console: the draft carries the
 * rejection, and the dashboard lists the author's returned drafts); the author withdraws a draft
 * or a submitted alert, which keeps it for the record but out of every queue. Both are audited.
 *
 *   pending_approval --reject (approver, not the author)--> draft
 *   draft | pending_approval --withdraw (the author)--> withdrawn
 */
import { recordAudit } from '../auth/audit.js';
import { hasRole, type Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { forbidden, invalidState } from '../errors.js';
import type { AlertView } from './schema.js';
import { presentAlert } from './service.js';
import { alertColumns, loadAlert, type AlertRow } from './store.js';

export async function rejectAlert(db: Db, actor: Actor, id: string, reason: string): Promise<AlertView> {
  if (!hasRole(actor, 'approver')) throw forbidden('rejecting an alert needs the approver role');
  return db.tx(async (tx) => {
    const row = await loadAlert(tx, id, true);
    if (row.state !== 'pending_approval') throw invalidState(`only an alert pending approval can be rejected; this alert is ${row.state}`);
    if (row.created_by !== null && row.created_by === actor.id) throw forbidden('you wrote this alert: withdraw it instead of rejecting it');
    const { rows } = await tx.query<AlertRow>(
      `UPDATE alerts SET state = 'draft', submitted_at = NULL, submitted_by = NULL, rejected_reason = $2, rejected_by = $3, rejected_at = now()
        WHERE id = $1 RETURNING ${alertColumns}`, [id, reason, actor.id]);
    await recordAudit(tx, actor, { action: 'alert.reject', entity: 'alert', entityId: id, before: { state: row.state }, after: { state: 'draft', reason } });
    return presentAlert(rows[0]!);
  });
}

export async function withdrawAlert(db: Db, actor: Actor, id: string, reason?: string): Promise<AlertView> {
  return db.tx(async (tx) => {
    const row = await loadAlert(tx, id, true);
    if (row.state !== 'draft' && row.state !== 'pending_approval') throw invalidState(`only a draft or an alert pending approval can be withdrawn; this alert is ${row.state}`);
    if (row.created_by === null || row.created_by !== actor.id) throw forbidden('only the author of an alert can withdraw it');
    const { rows } = await tx.query<AlertRow>(
      `UPDATE alerts SET state = 'withdrawn', withdrawn_at = now() WHERE id = $1 RETURNING ${alertColumns}`, [id]);
    await recordAudit(tx, actor, { action: 'alert.withdraw', entity: 'alert', entityId: id, before: { state: row.state }, after: { state: 'withdrawn', ...(reason ? { reason } : {}) } });
    return presentAlert(rows[0]!);
  });
}
