/**
 * Operator review of an incident: reviewed, dismissed, linked to an existing alert, or back to new.
 * Audited as `incident.review` with before/after.
 *
 * Services take plain data and a database handle; they never import the web framework.
 */
import { alertExists } from '../alerts/store.js';
import { recordAudit } from '../auth/audit.js';
import type { Actor as Operator } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { invalid, invalidState } from '../errors.js';
import { getIncident, loadIncident, type IncidentDetail, type IncidentStatus } from './incidents.js';

export interface ReviewInput {
  status: IncidentStatus;
  alertId?: string;
  note?: string;
}

/** Operator review: reviewed, dismissed, linked to an alert (or back to new). Audited. */
export async function reviewIncident(db: Db, actor: Operator, id: string, input: ReviewInput): Promise<IncidentDetail> {
  if (input.status === 'linked' && !input.alertId) throw invalid('alertId', 'linking needs the id of the alert');
  if (input.status !== 'linked' && input.alertId) throw invalid('alertId', `only a linked incident has an alert; status is ${input.status}`);
  await db.tx(async (tx) => {
    const row = await loadIncident(tx, id, true);
    if (input.alertId && !(await alertExists(tx, input.alertId))) throw invalid('alertId', `no alert ${input.alertId}`);
    if (row.status === input.status && (row.linked_alert_id ?? undefined) === input.alertId && (input.note === undefined || input.note === row.review_note)) {
      throw invalidState(`the incident is already ${row.status}`);
    }
    await tx.query(
      `UPDATE incidents SET status = $2, linked_alert_id = $3, review_note = coalesce($4, review_note), reviewed_by = $5, reviewed_at = now(), updated_at = now() WHERE id = $1`,
      [id, input.status, input.alertId ?? null, input.note ?? null, actor.id]);
    await recordAudit(tx, actor, {
      action: 'incident.review', entity: 'incident', entityId: id,
      before: { status: row.status, linkedAlertId: row.linked_alert_id }, after: { status: input.status, linkedAlertId: input.alertId ?? null, note: input.note ?? null },
    });
  });
  return getIncident(db, id);
}

