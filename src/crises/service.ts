/**
 * The crisis: open (from scratch or from an intake incident), link alerts and incidents, send an Update
 * or the Cancel of its current alert (CAP references set by the alerts domain), per-crisis escalation,
 * "help handled", close. Every write runs in one transaction with its audit row and a timeline event that
 * bumps the crisis version; a write that names a version (If-Match) other than the current one gets a 409
 * listing what happened since.
 */
import { publishAlert } from '../alerts/publish.js';
import { alertsByIds, recipientsSql } from '../alerts/recipients.js';
import type { AlertInput, AlertView, CancelInput } from '../alerts/schema.js';
import { draftCancel, draftUpdate, submitAlert } from '../alerts/service.js';
import { recordAudit } from '../auth/audit.js';
import { hasRole, type Actor } from '../auth/roles.js';
import { escalateDue, setGroupEscalationPolicy, type EscalationDefaults } from '../checkins/escalation.js';
import { lastHistoryId } from '../checkins/across-alerts.js';
import type { Db } from '../db/index.js';
import { cancelQueuedDeliveries, pendingDeliveries } from '../delivery/by-alert.js';
import { conflict, invalid, invalidState, WardenError } from '../errors.js';
import { resolveArea } from '../geo/area.js';
import { getIncident } from '../intake/incidents.js';
import { assistanceFor } from '../posts/assistance.js';
import { listPosts } from '../posts/service.js';
import { processSettings } from '../process-settings.js';
import { personStatus } from './people.js';
import type { CrisisState, CrisisView, LinkInput, OpenCrisisInput } from './schema.js';
import * as store from './store.js';

const defaults = (): EscalationDefaults => processSettings().checkins.escalation;

function headlineOf(a: AlertView): string { return a.infos[0]?.headline ?? ''; }

/** The alert Updates and the Cancel refer to: the newest published one that is not itself a Cancel. */
export function currentAlert(alerts: AlertView[]): AlertView | null {
  const live = alerts.filter((a) => a.state === 'published' && a.msgType !== 'Cancel' && a.publishedAt);
  return live.sort((a, b) => b.publishedAt!.localeCompare(a.publishedAt!))[0] ?? null;
}

async function present(db: Db, row: store.CrisisRow): Promise<CrisisView> {
  const alerts = await alertsByIds(db, await store.crisisAlertIds(db, row.id));
  const d = defaults();
  return {
    id: row.id, name: row.name, area: row.area, areaDescription: row.area_description, startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null, state: row.state, version: row.version, incidentId: row.incident_id,
    openedBy: row.opened_by, openedAt: row.opened_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null, closedDeliveries: row.closed_deliveries,
    policy: { afterMinutes: row.after_minutes ?? d.afterMinutes, maxRounds: row.max_rounds ?? d.maxRounds, isDefault: row.after_minutes === null },
    alerts: alerts.map((a) => ({ id: a.id, msgType: a.msgType, state: a.state, headline: headlineOf(a), publishedAt: a.publishedAt, recipientCount: a.recipientCount, references: a.references })),
    currentAlertId: currentAlert(alerts)?.id ?? null,
    incidentIds: await store.crisisIncidentIds(db, row.id),
  };
}

export async function getCrisis(db: Db, id: string): Promise<CrisisView> {
  return present(db, await store.loadCrisis(db, id));
}

export async function listCrises(db: Db, state?: CrisisState): Promise<CrisisView[]> {
  const rows = await store.listCrisisRows(db, state);
  return Promise.all(rows.map((r) => present(db, r)));
}

/**
 * Locks the crisis for a write: it must exist, be open (unless allowClosed), and — when the caller names
 * a version — still be at that version; otherwise 409 with the events since that version.
 */
async function lockForWrite(tx: Db, id: string, expectedVersion: number | undefined, allowClosed = false): Promise<store.CrisisRow> {
  const row = await store.loadCrisis(tx, id, true);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    const changes = await store.eventsSince(tx, id, expectedVersion);
    throw new WardenError('conflict', `the crisis changed since version ${expectedVersion} (now ${row.version}): ${changes.join('; ') || 'see the timeline'}; reload and try again`,
      [{ field: 'If-Match', message: `crisis is at version ${row.version}` }, ...changes.map((c) => ({ field: 'changes', message: c }))]);
  }
  if (row.state === 'closed' && !allowClosed) throw invalidState('this crisis is closed');
  return row;
}

/** Writes the crisis's escalation policy onto all its alerts, so an answer to any of them counts for all. */
async function applyPolicy(tx: Db, row: store.CrisisRow, operatorId: string | null): Promise<void> {
  const ids = await store.crisisAlertIds(tx, row.id);
  if (!ids.length) return;
  const d = defaults();
  await setGroupEscalationPolicy(tx, ids, operatorId, { afterMinutes: row.after_minutes ?? d.afterMinutes, maxRounds: row.max_rounds ?? d.maxRounds });
}

async function linkAlertsChecked(tx: Db, row: store.CrisisRow, alertIds: string[], actor: Actor): Promise<void> {
  if (!alertIds.length) return;
  const found = await alertsByIds(tx, alertIds);
  const missing = alertIds.filter((id) => !found.some((a) => a.id === id));
  if (missing.length) throw invalid('alertIds', `no alert ${missing.join(', ')}`);
  const elsewhere = (await store.crisisOfAlerts(tx, alertIds)).filter((x) => x.crisisId !== row.id);
  if (elsewhere.length) throw conflict('alertIds', `alert ${elsewhere[0]!.alertId} already belongs to crisis ${elsewhere[0]!.crisisId}`);
  await store.linkAlerts(tx, row.id, alertIds, actor.id);
  await applyPolicy(tx, row, actor.id);
}

async function checkIncidents(db: Db, ids: string[]): Promise<void> {
  for (const [i, id] of ids.entries()) {
    try { await getIncident(db, id); } catch { throw invalid(`incidentIds[${i}]`, `no incident ${id}`); }
  }
}

export async function openCrisis(db: Db, actor: Actor, input: OpenCrisisInput): Promise<CrisisView> {
  const incident = input.incidentId ? await getIncident(db, input.incidentId).catch(() => { throw invalid('incidentId', `no incident ${input.incidentId}`); }) : null;
  const name = input.name ?? incident?.title;
  if (!name) throw invalid('name', 'required (or give an incidentId)');
  const areaInput = input.area ?? (incident?.countryCodes.length ? { countries: incident.countryCodes, subdivisions: [], cities: [], sites: [], circles: [], polygons: [] } : undefined);
  if (!areaInput) throw invalid('area', 'required (or give an incidentId with places)');
  const area = await resolveArea(db, areaInput, 'area');
  const startsAt = new Date(input.startsAt ?? incident?.firstSeen ?? new Date().toISOString());
  const endsAt = input.endsAt ? new Date(input.endsAt) : null;
  if (endsAt && endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
  return db.tx(async (tx) => {
    const row = await store.insertCrisis(tx, { name, area: areaInput, areaDescription: area.description, startsAt, endsAt, incidentId: incident?.id ?? null, openedBy: actor.id });
    await linkAlertsChecked(tx, row, input.alertIds, actor);
    if (incident) await store.linkIncidents(tx, row.id, [incident.id], actor.id);
    await store.addEvent(tx, row.id, 'opened', `Crisis opened${incident ? ` from incident “${incident.title}”` : ''}`, actor.id, incident?.id ?? null);
    const view = await present(tx, await store.loadCrisis(tx, row.id));
    await recordAudit(tx, actor, { action: 'crisis.open', entity: 'crisis', entityId: row.id, after: { name, area: areaInput, startsAt, endsAt, incidentId: incident?.id ?? null, alertIds: input.alertIds } });
    return view;
  });
}

export async function linkToCrisis(db: Db, actor: Actor, id: string, input: LinkInput, expectedVersion?: number): Promise<CrisisView> {
  await checkIncidents(db, input.incidentIds);
  return db.tx(async (tx) => {
    const row = await lockForWrite(tx, id, expectedVersion);
    await linkAlertsChecked(tx, row, input.alertIds, actor);
    await store.linkIncidents(tx, id, input.incidentIds, actor.id);
    const what = [input.alertIds.length ? `${input.alertIds.length} alert(s)` : '', input.incidentIds.length ? `${input.incidentIds.length} incident(s)` : ''].filter(Boolean).join(' and ');
    if (what) await store.addEvent(tx, id, 'note', `Linked ${what}`, actor.id);
    if (input.note) await store.addEvent(tx, id, 'note', input.note, actor.id);
    await recordAudit(tx, actor, { action: 'crisis.link', entity: 'crisis', entityId: id, after: input });
    return present(tx, await store.loadCrisis(tx, id));
  });
}

export interface SendResult { crisis: CrisisView; alert: AlertView; published: boolean; reason: string | null }

/**
 * Drafts, submits and — when the actor may approve it alone — publishes in ONE transaction (a savepoint
 * keeps the submitted draft when the two-person rule needs a second approver).
 */
async function submitAndMaybePublish(tx: Db, actor: Actor, alertId: string): Promise<{ published: boolean; reason: string | null }> {
  await submitAlert(tx, actor, alertId);
  if (!hasRole(actor, 'approver')) return { published: false, reason: 'waiting for an approver' };
  await tx.query('SAVEPOINT crisis_publish');
  try {
    await publishAlert(tx, actor, alertId);
    await tx.query('RELEASE SAVEPOINT crisis_publish');
    return { published: true, reason: null };
  } catch (error) {
    if (!(error instanceof WardenError) || error.kind !== 'forbidden') throw error;
    await tx.query('ROLLBACK TO SAVEPOINT crisis_publish');
    return { published: false, reason: error.message };
  }
}

async function replaceCurrent(db: Db, actor: Actor, id: string, expectedVersion: number | undefined, kind: 'Update' | 'Cancel',
  draft: (tx: Db, current: AlertView) => Promise<AlertView>): Promise<SendResult> {
  return db.tx(async (tx) => {
    const row = await lockForWrite(tx, id, expectedVersion);
    const current = currentAlert(await alertsByIds(tx, await store.crisisAlertIds(tx, id)));
    if (!current) throw invalidState('this crisis has no published alert to update or cancel');
    const drafted = await draft(tx, current);
    await store.linkAlerts(tx, id, [drafted.id], actor.id);
    await applyPolicy(tx, row, actor.id);
    const sent = await submitAndMaybePublish(tx, actor, drafted.id);
    await store.addEvent(tx, id, 'note', `${kind} “${headlineOf(drafted)}” ${sent.published ? 'sent' : `submitted (${sent.reason})`}, replacing “${headlineOf(current)}”`, actor.id, drafted.id);
    await recordAudit(tx, actor, { action: `crisis.${kind.toLowerCase()}`, entity: 'crisis', entityId: id, after: { alertId: drafted.id, references: current.id, published: sent.published } });
    const alert = (await alertsByIds(tx, [drafted.id]))[0]!;
    return { crisis: await present(tx, await store.loadCrisis(tx, id)), alert, ...sent };
  });
}

export async function sendCrisisUpdate(db: Db, actor: Actor, id: string, input: AlertInput, expectedVersion?: number): Promise<SendResult> {
  return replaceCurrent(db, actor, id, expectedVersion, 'Update', async (tx, current) => {
    const row = await store.loadCrisis(tx, id);
    const assistance = input.assistance.contacts.length ? input.assistance : await assistanceFor(tx, row.area);
    return draftUpdate(tx, actor, current.id, { ...input, assistance });
  });
}

export async function sendCrisisCancel(db: Db, actor: Actor, id: string, input: CancelInput, expectedVersion?: number): Promise<SendResult> {
  return replaceCurrent(db, actor, id, expectedVersion, 'Cancel', (tx, current) => draftCancel(tx, actor, current.id, input));
}

export async function setCrisisPolicy(db: Db, actor: Actor, id: string, input: { afterMinutes: number; maxRounds: number }, expectedVersion?: number): Promise<CrisisView> {
  return db.tx(async (tx) => {
    const before = await lockForWrite(tx, id, expectedVersion);
    await store.setPolicy(tx, id, input.afterMinutes, input.maxRounds);
    await applyPolicy(tx, await store.loadCrisis(tx, id), actor.id);
    await store.addEvent(tx, id, 'policy', `Escalation: after ${input.afterMinutes} min, up to ${input.maxRounds} rounds`, actor.id);
    await recordAudit(tx, actor, { action: 'crisis.escalation', entity: 'crisis', entityId: id,
      before: { afterMinutes: before.after_minutes, maxRounds: before.max_rounds }, after: input });
    return present(tx, await store.loadCrisis(tx, id));
  });
}

/** "Escalate now": chase, on their next channel, everyone with no answer to any alert of the crisis, without waiting for the delay. */
export async function escalateCrisisNow(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<{ crisis: CrisisView; reminders: number }> {
  return db.tx(async (tx) => {
    const row = await lockForWrite(tx, id, expectedVersion);
    const current = currentAlert(await alertsByIds(tx, await store.crisisAlertIds(tx, id)));
    if (!current) throw invalidState('this crisis has no published alert to chase with');
    if (!current.asksCheckin) throw invalidState('the current alert does not ask for check-in');
    await applyPolicy(tx, row, actor.id);
    const reminders = await escalateDue(tx, defaults(), { alertId: current.id, ignoreDelay: true });
    await store.addEvent(tx, id, 'policy', `Escalated now: ${reminders} reminder(s) queued`, actor.id, current.id);
    await recordAudit(tx, actor, { action: 'crisis.escalate', entity: 'crisis', entityId: id, after: { alertId: current.id, reminders } });
    return { crisis: await present(tx, await store.loadCrisis(tx, id)), reminders };
  });
}

/** Copies members of newly published crisis alerts (see store.syncMembers); every read of people calls it first. */
export async function ensureMembers(db: Db, id: string): Promise<string[]> {
  const alerts = await alertsByIds(db, await store.crisisAlertIds(db, id));
  await store.syncMembers(db, id, alerts.filter((a) => a.publishedAt).map((a) => a.id), recipientsSql);
  return alerts.map((a) => a.id);
}

export async function markHelpHandled(db: Db, actor: Actor, id: string, travellerId: string, note: string, expectedVersion?: number): Promise<{ crisis: CrisisView; handled: { by: string | null; at: string; note: string; upTo: number }[] }> {
  const alertIds = await ensureMembers(db, id);
  return db.tx(async (tx) => {
    await lockForWrite(tx, id, expectedVersion, true);
    const status = await personStatus(tx, id, travellerId);
    if (!status) throw invalid('travellerId', 'is not a member of this crisis');
    if (!status.helpOpen) throw invalidState('this person has no open "need help"');
    const upTo = (await lastHistoryId(tx, alertIds, travellerId))!;
    await store.recordHelpHandled(tx, { crisisId: id, travellerId, upTo, note, operatorId: actor.id });
    await store.addEvent(tx, id, 'note', `Help handled: ${note}`, actor.id, travellerId);
    await recordAudit(tx, actor, { action: 'crisis.help-handled', entity: 'crisis', entityId: id, after: { travellerId, upTo, note } });
    return { crisis: await present(tx, await store.loadCrisis(tx, id)), handled: await store.helpHandlings(tx, id, travellerId) };
  });
}

/**
 * Closes the crisis. Deliveries of its alerts still queued or being sent are never dropped silently:
 * the caller must choose to let them finish or to cancel the queued ones (recorded as failed "crisis closed").
 */
export async function closeCrisis(db: Db, actor: Actor, id: string, choice: 'finish' | 'cancel' | undefined, expectedVersion?: number): Promise<{ crisis: CrisisView; pending: number; cancelled: number }> {
  return db.tx(async (tx) => {
    await lockForWrite(tx, id, expectedVersion);
    const alertIds = [...await store.crisisAlertIds(tx, id), ...await store.departureNoticeIds(tx, id)];
    const pending = await pendingDeliveries(tx, alertIds);
    if (pending > 0 && !choice) {
      throw conflict('queuedDeliveries', `${pending} deliveries of this crisis are still queued or sending: choose "finish" (let them be sent) or "cancel"`);
    }
    const cancelled = choice === 'cancel' ? await cancelQueuedDeliveries(tx, alertIds, 'cancelled: crisis closed') : 0;
    await store.markClosed(tx, id, actor.id, pending > 0 ? choice! : null);
    const fate = choice === 'cancel' ? `${cancelled} queued cancelled, ${pending - cancelled} already being sent finish` : 'left to finish';
    await store.addEvent(tx, id, 'closed', `Crisis closed${pending ? ` (${pending} deliveries pending: ${fate})` : ''}`, actor.id);
    await recordAudit(tx, actor, { action: 'crisis.close', entity: 'crisis', entityId: id, after: { pending, choice: choice ?? null, cancelled } });
    return { crisis: await present(tx, await store.loadCrisis(tx, id)), pending, cancelled };
  });
}
