/**
 * Departure assistance: a traveller asks "I need help to leave" (party size, phone) from their check-in
 * link; operators group requests into departures (a flight, bus or convoy with a capacity, a time and an
 * assembly point), notify the people assigned through the alerts' outbox, and export the manifest.
 * Tables: departure_requests, departures, departure_assignments. Every change audited.
 */
import { publishDirectMessage } from '../alerts/direct.js';
import { answerAsRecipient, type Recorded } from '../checkins/answers.js';
import type { DutyTarget } from '../checkins/duty.js';
import { recordAudit } from '../auth/audit.js';
import { travellerActor, type Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { conflict, invalid, invalidState, notFound } from '../errors.js';
import { toCsv } from './people.js';
import type { DepartureInput, DepartureRequestInput } from './schema.js';
import * as store from './store.js';
import { assistanceFor } from '../posts/assistance.js';

export interface DepartureRequestView {
  id: string; travellerId: string; name: string; city: string | null; partySize: number; phone: string; note: string | null;
  createdAt: string; departureId: string | null; departureLabel: string | null;
}
export interface DepartureView {
  id: string; kind: string; label: string; capacity: number; departsAt: string; assemblyPoint: string; seatsTaken: number; requests: number;
  noticeAlertId: string | null; createdAt: string;
}

/**
 * Records the request of a crisis member (upserted: asking again changes party size and phone) and their
 * answer "need help" with the request as its message, in one transaction.
 */
export async function requestDeparture(db: Db, v: { alertId: string; travellerId: string; input: DepartureRequestInput; duty: DutyTarget[] }): Promise<{ request: DepartureRequestView; recorded: Recorded | null }> {
  const [link] = await store.crisisOfAlerts(db, [v.alertId]);
  if (!link) throw invalidState('this alert is not part of a crisis with departure assistance');
  const crisis = await store.loadCrisis(db, link.crisisId);
  if (crisis.state === 'closed') throw invalidState('this crisis is closed');
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO departure_requests (crisis_id, traveller_id, party_size, phone, note) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (crisis_id, traveller_id) DO UPDATE SET party_size = EXCLUDED.party_size, phone = EXCLUDED.phone, note = EXCLUDED.note, updated_at = now()
       RETURNING id`, [crisis.id, v.travellerId, v.input.partySize, v.input.phone, v.input.note ?? null]);
    const id = rows[0]!.id;
    const assigned = await tx.query<{ seats: number; capacity: number }>(
      `SELECT (SELECT sum(r.party_size)::int FROM departure_assignments a2 JOIN departure_requests r ON r.id = a2.request_id WHERE a2.departure_id = d.id) AS seats, d.capacity
         FROM departure_assignments a JOIN departures d ON d.id = a.departure_id WHERE a.request_id = $1`, [id]);
    if (assigned.rows[0] && assigned.rows[0].seats > assigned.rows[0].capacity) throw conflict('partySize', `the departure you are assigned to has no room for ${v.input.partySize} people; call the embassy`);
    const recorded = await answerAsRecipient(tx, v.alertId, v.travellerId,
      { answer: 'need_help', message: `Needs help to leave: party of ${v.input.partySize}, phone ${v.input.phone}${v.input.note ? `. ${v.input.note}` : ''}`.slice(0, 1000) }, 'link', v.duty);
    await recordAudit(tx, travellerActor(v.travellerId), { action: 'crisis.departure-request', entity: 'crisis', entityId: crisis.id, after: { requestId: id, partySize: v.input.partySize } });
    return { request: (await listRequests(tx, crisis.id, id))[0]!, recorded };
  });
}

export async function listRequests(db: Db, crisisId: string, onlyId?: string): Promise<DepartureRequestView[]> {
  const { rows } = await db.query<{ id: string; traveller_id: string; full_name: string; city: string | null; party_size: number; phone: string; note: string | null; created_at: Date; departure_id: string | null; label: string | null }>(
    `SELECT q.id, q.traveller_id, t.full_name, tr.place_name AS city, q.party_size, q.phone, q.note, q.created_at, a.departure_id, d.label
       FROM departure_requests q JOIN travellers t ON t.id = q.traveller_id
       LEFT JOIN crisis_members m ON m.crisis_id = q.crisis_id AND m.traveller_id = q.traveller_id
       LEFT JOIN trips tr ON tr.id = m.trip_id
       LEFT JOIN departure_assignments a ON a.request_id = q.id LEFT JOIN departures d ON d.id = a.departure_id
      WHERE q.crisis_id = $1 AND ($2::uuid IS NULL OR q.id = $2) ORDER BY q.created_at, q.id`, [crisisId, onlyId ?? null]);
  return rows.map((r) => ({ id: r.id, travellerId: r.traveller_id, name: r.full_name, city: r.city, partySize: r.party_size, phone: r.phone, note: r.note,
    createdAt: r.created_at.toISOString(), departureId: r.departure_id, departureLabel: r.label }));
}

const departureColumns = `d.id, d.kind, d.label, d.capacity, d.departs_at, d.assembly_point, d.notice_alert_id, d.created_at,
  coalesce((SELECT sum(r.party_size) FROM departure_assignments a JOIN departure_requests r ON r.id = a.request_id WHERE a.departure_id = d.id), 0)::int AS seats,
  (SELECT count(*) FROM departure_assignments a WHERE a.departure_id = d.id)::int AS requests`;

interface DepartureRow { id: string; kind: string; label: string; capacity: number; departs_at: Date; assembly_point: string; notice_alert_id: string | null; created_at: Date; seats: number; requests: number; crisis_id?: string }

const presentDeparture = (r: DepartureRow): DepartureView => ({ id: r.id, kind: r.kind, label: r.label, capacity: r.capacity, departsAt: r.departs_at.toISOString(),
  assemblyPoint: r.assembly_point, seatsTaken: r.seats, requests: r.requests, noticeAlertId: r.notice_alert_id, createdAt: r.created_at.toISOString() });

export async function listDepartures(db: Db, crisisId: string): Promise<DepartureView[]> {
  const { rows } = await db.query<DepartureRow>(`SELECT ${departureColumns} FROM departures d WHERE d.crisis_id = $1 ORDER BY d.departs_at, d.id`, [crisisId]);
  return rows.map(presentDeparture);
}

async function loadDeparture(db: Db, crisisId: string, id: string, lock = false): Promise<DepartureRow> {
  const { rows } = await db.query<DepartureRow>(`SELECT ${departureColumns} FROM departures d WHERE d.crisis_id = $1 AND d.id = $2${lock ? ' FOR UPDATE' : ''}`, [crisisId, id]);
  if (!rows[0]) throw notFound(`departure ${id}`);
  return rows[0];
}

export async function createDeparture(db: Db, actor: Actor, crisisId: string, input: DepartureInput): Promise<DepartureView> {
  return db.tx(async (tx) => {
    const crisis = await store.loadCrisis(tx, crisisId, true);
    if (crisis.state === 'closed') throw invalidState('this crisis is closed');
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO departures (crisis_id, kind, label, capacity, departs_at, assembly_point, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [crisisId, input.kind, input.label, input.capacity, new Date(input.departsAt), input.assemblyPoint, actor.id]);
    const id = rows[0]!.id;
    await store.addEvent(tx, crisisId, 'departure', `Departure ${input.kind} “${input.label}” planned: ${input.capacity} seats, ${new Date(input.departsAt).toISOString().slice(0, 16).replace('T', ' ')} UTC at ${input.assemblyPoint}`, actor.id, id);
    await recordAudit(tx, actor, { action: 'crisis.departure.create', entity: 'departure', entityId: id, after: { crisisId, ...input } });
    return presentDeparture(await loadDeparture(tx, crisisId, id));
  });
}

/**
 * Assigns requests to a departure. The departure row is locked, so two operators filling the same
 * departure at once are serialised; over capacity is refused with the count and nothing is written.
 * A request assigned elsewhere moves here.
 */
export async function assignToDeparture(db: Db, actor: Actor, crisisId: string, departureId: string, requestIds: string[]): Promise<DepartureView> {
  return db.tx(async (tx) => {
    if ((await store.loadCrisis(tx, crisisId)).state === 'closed') throw invalidState('this crisis is closed');
    const dep = await loadDeparture(tx, crisisId, departureId, true);
    const { rows } = await tx.query<{ id: string; party_size: number; departure_id: string | null }>(
      `SELECT q.id, q.party_size, a.departure_id FROM departure_requests q LEFT JOIN departure_assignments a ON a.request_id = q.id
        WHERE q.crisis_id = $1 AND q.id = ANY($2::uuid[])`, [crisisId, requestIds]);
    const unknown = requestIds.filter((id) => !rows.some((r) => r.id === id));
    if (unknown.length) throw invalid('requestIds', `not a departure request of this crisis: ${unknown.join(', ')}`);
    const adding = rows.filter((r) => r.departure_id !== departureId).reduce((n, r) => n + r.party_size, 0);
    if (dep.seats + adding > dep.capacity) {
      throw conflict('requestIds', `over capacity: ${dep.capacity} seats, ${dep.seats} taken, ${adding} more requested (${dep.seats + adding - dep.capacity} too many)`);
    }
    await tx.query(
      `INSERT INTO departure_assignments (request_id, departure_id, assigned_by) SELECT r, $2, $3 FROM unnest($1::uuid[]) r
       ON CONFLICT (request_id) DO UPDATE SET departure_id = EXCLUDED.departure_id, assigned_by = EXCLUDED.assigned_by, assigned_at = now()`,
      [requestIds, departureId, actor.id]);
    await store.addEvent(tx, crisisId, 'departure', `${requestIds.length} request(s), ${adding} people, assigned to “${dep.label}”`, actor.id, departureId);
    await recordAudit(tx, actor, { action: 'crisis.departure.assign', entity: 'departure', entityId: departureId, after: { requestIds, seats: dep.seats + adding } });
    return presentDeparture(await loadDeparture(tx, crisisId, departureId));
  });
}

/** Tells the people assigned, through the outbox: one direct message (kind 'message') to them, recorded on the departure. */
export async function notifyDeparture(db: Db, actor: Actor, crisisId: string, departureId: string): Promise<{ departure: DepartureView; alertId: string; recipients: number; deliveries: number }> {
  return db.tx(async (tx) => {
    const crisis = await store.loadCrisis(tx, crisisId, true);
    if (crisis.state === 'closed') throw invalidState('this crisis is closed');
    const dep = await loadDeparture(tx, crisisId, departureId, true);
    const people = (await listRequests(tx, crisisId)).filter((r) => r.departureId === departureId);
    if (!people.length) throw invalidState('nobody is assigned to this departure yet');
    const when = dep.departs_at.toISOString().slice(0, 16).replace('T', ' ');
    const sent = await publishDirectMessage(tx, actor, {
      sender: crisis.name, areaDescription: crisis.area_description, expires: new Date(Math.max(dep.departs_at.getTime(), Date.now()) + 86_400_000),
      assistance: await assistanceFor(tx, crisis.area),
      infos: [{ language: 'en', event: 'Departure assistance', headline: `Your departure: ${dep.label} (${dep.kind}), ${when} UTC`,
        description: `You asked for help to leave. You have a place on ${dep.label} (${dep.kind}) for your party.`,
        instruction: `Be at ${dep.assembly_point} before ${when} UTC.\nBring your passport and the documents of everyone in your party.\nAnswer your check-in link if your plans change.` }],
    }, people.map((p) => p.travellerId));
    await tx.query('UPDATE departures SET notice_alert_id = $2 WHERE id = $1', [departureId, sent.alertId]);
    await store.addEvent(tx, crisisId, 'departure', `“${dep.label}”: ${sent.recipients} people notified (${sent.deliveries} deliveries)`, actor.id, sent.alertId);
    await recordAudit(tx, actor, { action: 'crisis.departure.notify', entity: 'departure', entityId: departureId, after: { alertId: sent.alertId, recipients: sent.recipients } });
    return { departure: presentDeparture(await loadDeparture(tx, crisisId, departureId)), ...sent };
  });
}

/** The manifest: one line per party assigned (name, party size, phone, place). */
export async function manifestCsv(db: Db, crisisId: string, departureId: string): Promise<{ csv: string; label: string }> {
  const dep = await loadDeparture(db, crisisId, departureId);
  const people = (await listRequests(db, crisisId)).filter((r) => r.departureId === departureId);
  const rows = people.map((p) => ({ departure: dep.label, departsAt: dep.departs_at.toISOString(), assemblyPoint: dep.assembly_point, name: p.name, partySize: p.partySize, phone: p.phone, city: p.city, note: p.note }));
  return { csv: toCsv(['departure', 'departsAt', 'assemblyPoint', 'name', 'partySize', 'phone', 'city', 'note'], rows), label: dep.label };
}
