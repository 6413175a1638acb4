/**
 * The crises domain's tables: crises, crisis_alerts, crisis_incidents, crisis_events, crisis_members,
 * crisis_help_handled. Other domains reach them through the service, never directly.
 */
import { operatorNameSql } from '../auth/operator-names.js';
import type { Db } from '../db/index.js';
import type { AreaView } from '../geo/area.js';
import { notFound } from '../errors.js';
import type { CrisisState } from './schema.js';

export interface CrisisRow {
  id: string; name: string; area: AreaView; area_description: string; starts_at: Date; ends_at: Date | null; state: CrisisState;
  version: number; incident_id: string | null; after_minutes: number | null; max_rounds: number | null;
  opened_by: string | null; opened_at: Date; closed_at: Date | null; closed_deliveries: string | null;
}

const columns = `id, name, area, area_description, starts_at, ends_at, state, version, incident_id, after_minutes, max_rounds,
  opened_by, opened_at, closed_at, closed_deliveries`;

export async function insertCrisis(tx: Db, v: { name: string; area: unknown; areaDescription: string; startsAt: Date; endsAt: Date | null; incidentId: string | null; openedBy: string | null }): Promise<CrisisRow> {
  const { rows } = await tx.query<CrisisRow>(
    `INSERT INTO crises (name, area, area_description, starts_at, ends_at, incident_id, opened_by)
     VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7) RETURNING ${columns}`,
    [v.name, JSON.stringify(v.area), v.areaDescription, v.startsAt, v.endsAt, v.incidentId, v.openedBy]);
  return rows[0]!;
}

export async function loadCrisis(db: Db, id: string, lock = false): Promise<CrisisRow> {
  const { rows } = await db.query<CrisisRow>(`SELECT ${columns} FROM crises WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound(`crisis ${id}`);
  return rows[0];
}

export async function listCrisisRows(db: Db, state: CrisisState | undefined): Promise<CrisisRow[]> {
  const { rows } = await db.query<CrisisRow>(`SELECT ${columns} FROM crises WHERE ($1::text IS NULL OR state = $1) ORDER BY opened_at DESC LIMIT 200`, [state ?? null]);
  return rows;
}

export async function setPolicy(tx: Db, id: string, afterMinutes: number, maxRounds: number): Promise<void> {
  await tx.query('UPDATE crises SET after_minutes = $2, max_rounds = $3 WHERE id = $1', [id, afterMinutes, maxRounds]);
}

export async function markClosed(tx: Db, id: string, operatorId: string | null, queued: 'finish' | 'cancel' | null): Promise<void> {
  await tx.query(`UPDATE crises SET state = 'closed', closed_at = now(), closed_by = $2, closed_deliveries = $3 WHERE id = $1`, [id, operatorId, queued]);
}

export async function crisisAlertIds(db: Db, id: string): Promise<string[]> {
  const { rows } = await db.query<{ alert_id: string }>('SELECT alert_id FROM crisis_alerts WHERE crisis_id = $1 ORDER BY linked_at, alert_id', [id]);
  return rows.map((r) => r.alert_id);
}

/** Links alerts; returns the ids already linked to another crisis (nothing is written then). */
export async function linkAlerts(tx: Db, id: string, alertIds: string[], operatorId: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO crisis_alerts (crisis_id, alert_id, linked_by) SELECT $1, a, $3 FROM unnest($2::uuid[]) a ON CONFLICT (crisis_id, alert_id) DO NOTHING`,
    [id, alertIds, operatorId]);
}

export async function crisisOfAlerts(db: Db, alertIds: string[]): Promise<{ alertId: string; crisisId: string }[]> {
  const { rows } = await db.query<{ alert_id: string; crisis_id: string }>('SELECT alert_id, crisis_id FROM crisis_alerts WHERE alert_id = ANY($1::uuid[])', [alertIds]);
  return rows.map((r) => ({ alertId: r.alert_id, crisisId: r.crisis_id }));
}

export async function linkIncidents(tx: Db, id: string, incidentIds: string[], operatorId: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO crisis_incidents (crisis_id, incident_id, linked_by) SELECT $1, i, $3 FROM unnest($2::uuid[]) i ON CONFLICT DO NOTHING`,
    [id, incidentIds, operatorId]);
}

export async function crisisIncidentIds(db: Db, id: string): Promise<string[]> {
  const { rows } = await db.query<{ incident_id: string }>('SELECT incident_id FROM crisis_incidents WHERE crisis_id = $1 ORDER BY linked_at', [id]);
  return rows.map((r) => r.incident_id);
}

export type EventKind = 'advisory' | 'post_status' | 'note' | 'opened' | 'closed' | 'policy' | 'departure';

/** Records an event of the timeline and bumps the crisis version in the same statement; returns the new version. */
export async function addEvent(tx: Db, id: string, kind: EventKind, summary: string, operatorId: string | null, ref: string | null = null): Promise<number> {
  const { rows } = await tx.query<{ version: number }>(
    `WITH v AS (UPDATE crises SET version = version + 1 WHERE id = $1 RETURNING version)
     INSERT INTO crisis_events (crisis_id, kind, summary, ref, actor_id, version) SELECT $1, $2, $3, $4, $5, v.version FROM v RETURNING version`,
    [id, kind, summary.slice(0, 1000), ref, operatorId]);
  return rows[0]!.version;
}

export async function listEvents(db: Db, id: string): Promise<{ kind: EventKind; summary: string; ref: string | null; at: Date; actor: string | null }[]> {
  const { rows } = await db.query<{ kind: EventKind; summary: string; ref: string | null; at: Date; actor: string | null }>(
    `SELECT e.kind, e.summary, e.ref, e.at, ${operatorNameSql('e.actor_id')} AS actor FROM crisis_events e
      WHERE e.crisis_id = $1 ORDER BY e.at, e.id`, [id]);
  return rows;
}

/** What happened after a version (a 409's "what changed"): "v5 by approver: Update sent …". */
export async function eventsSince(db: Db, id: string, version: number): Promise<string[]> {
  const { rows } = await db.query<{ summary: string; actor: string | null; version: number }>(
    `SELECT e.summary, ${operatorNameSql('e.actor_id')} AS actor, e.version FROM crisis_events e
      WHERE e.crisis_id = $1 AND e.version > $2 ORDER BY e.version`, [id, version]);
  return rows.map((r) => `v${r.version} by ${r.actor ?? 'system'}: ${r.summary}`);
}

/**
 * Copies the frozen recipients of the crisis's published alerts not yet copied into crisis_members
 * (ON CONFLICT keeps the first alert that reached each person, and its trip's place), then recomputes the
 * members' answers and reachability (crises_refresh_members). Recipients never change once an alert is
 * published, so each alert is copied once; cheap (one indexed probe) when nothing is new.
 * recipientsSql yields (alert_id, traveller_id, trip_id, published_at) for the given alert-ids parameter.
 * The refresh runs again after commit: an answer committed while the new members were not yet visible to
 * its trigger is counted then.
 */
export async function syncMembers(db: Db, id: string, publishedIds: string[], recipientsSql: (alertIds: string) => string): Promise<void> {
  if (!publishedIds.length) return;
  const synced = await db.tx(async (tx) => {
    const { rows } = await tx.query<{ alert_id: string }>(
      `SELECT alert_id FROM crisis_alerts WHERE crisis_id = $1 AND NOT members_synced AND alert_id = ANY($2::uuid[]) FOR UPDATE`, [id, publishedIds]);
    if (!rows.length) return false;
    const ids = rows.map((r) => r.alert_id);
    await tx.query(
      `INSERT INTO crisis_members (crisis_id, traveller_id, trip_id, city, lat, lon, first_alert_id, joined_at)
       SELECT DISTINCT ON (r.traveller_id) $1::uuid, r.traveller_id, r.trip_id, tr.place_name, tr.lat, tr.lon, r.alert_id, r.published_at
         FROM (${recipientsSql('$2')}) r LEFT JOIN trips tr ON tr.id = r.trip_id ORDER BY r.traveller_id, r.published_at
       ON CONFLICT (crisis_id, traveller_id) DO UPDATE SET first_alert_id = EXCLUDED.first_alert_id, joined_at = EXCLUDED.joined_at
        WHERE crisis_members.joined_at > EXCLUDED.joined_at`, [id, ids]);
    await tx.query('UPDATE crisis_alerts SET members_synced = true WHERE crisis_id = $1 AND alert_id = ANY($2::uuid[])', [id, ids]);
    await tx.query('SELECT crises_refresh_members($1)', [id]);
    return true;
  });
  if (synced) await db.query('SELECT crises_refresh_members($1)', [id]);
}

export async function recordHelpHandled(tx: Db, v: { crisisId: string; travellerId: string; upTo: number; note: string; operatorId: string | null }): Promise<void> {
  await tx.query('INSERT INTO crisis_help_handled (crisis_id, traveller_id, up_to_history_id, note, handled_by) VALUES ($1, $2, $3, $4, $5)',
    [v.crisisId, v.travellerId, v.upTo, v.note, v.operatorId]);
}

export async function helpHandlings(db: Db, crisisId: string, travellerId: string): Promise<{ note: string; by: string | null; at: string; upTo: number }[]> {
  const { rows } = await db.query<{ note: string; by: string | null; handled_at: Date; up_to_history_id: string }>(
    `SELECT h.note, ${operatorNameSql('h.handled_by')} AS by, h.handled_at, h.up_to_history_id FROM crisis_help_handled h
      WHERE h.crisis_id = $1 AND h.traveller_id = $2 ORDER BY h.id`, [crisisId, travellerId]);
  return rows.map((r) => ({ note: r.note, by: r.by, at: r.handled_at.toISOString(), upTo: Number(r.up_to_history_id) }));
}

export async function isMember(db: Db, crisisId: string, travellerId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM crisis_members WHERE crisis_id = $1 AND traveller_id = $2', [crisisId, travellerId]);
  return rows.length > 0;
}

/** The direct messages sent to departures of the crisis (their deliveries belong to the crisis too). */
export async function departureNoticeIds(db: Db, id: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT notice_alert_id AS id FROM departures WHERE crisis_id = $1 AND notice_alert_id IS NOT NULL', [id]);
  return rows.map((r) => r.id);
}
