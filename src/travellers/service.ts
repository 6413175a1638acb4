import { auditBulkRead, recordAudit } from '../auth/audit.js';
import { maySeePersonalData, type Actor } from '../auth/roles.js';
import { suppressCells, type ShownCount } from '../auth/small-counts.js';
import { resolveArea, type Area } from '../geo/area.js';
import { countPresent, listPresent, type PresentTraveller, type TimeWindow } from './presence.js';
import type { Db } from '../db/index.js';
import { conflict, isUniqueViolation, notFound } from '../errors.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import { z } from 'zod';
import { normalizeTraveller, normalizeTrip, type TravellerRows } from './normalize.js';
import type { TravellerInput, TravellerView, TripInput } from './schema.js';

/** The language a traveller chose (messages and pages in it), or undefined for an unknown id. */
export async function travellerLanguage(db: Db, travellerId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ language: string }>('SELECT language FROM travellers WHERE id = $1', [travellerId]);
  return rows[0]?.language;
}

/**
 * A person's name and their e-mail and SMS contacts ("email: a@b", by priority), for a duty officer's notice of
 * their "need help"; undefined once the person is erased.
 */
export async function travellerContactCard(db: Db, travellerId: string): Promise<{ fullName: string; contacts: string[] } | undefined> {
  const { rows } = await db.query<{ full_name: string; contacts: string[] | null }>(
    `SELECT t.full_name, (SELECT array_agg(cp.channel || ': ' || cp.address ORDER BY cp.priority) FROM contact_points cp
                          WHERE cp.traveller_id = t.id AND cp.channel IN ('email', 'sms')) AS contacts
       FROM travellers t WHERE t.id = $1`, [travellerId]);
  return rows[0] && { fullName: rows[0].full_name, contacts: rows[0].contacts ?? [] };
}

/**
 * Inserts many travellers with their contacts and trips: three set-based
 * INSERT … SELECT statements in one transaction, whatever the count.
 * An e-mail address already enrolled is refused, naming the field.
 * Operators' travellers count as verified; `unverified` (self-enrolment) leaves email_verified_at NULL
 * so they are not targeted until they open the e-mailed link.
 */
export async function insertTravellerRows(db: Db, actor: Actor, batch: TravellerRows[], fieldOf: (i: number, c: number) => string,
  options: { unverified?: boolean } = {}): Promise<string[]> {
  const contacts = batch.flatMap((t) => t.contacts);
  const seen = new Map<string, string>();
  batch.forEach((t, i) => t.contacts.forEach((c, ci) => {
    if (c.channel !== 'email') return;
    const key = `${c.channel}:${c.address}`;
    if (seen.has(key)) throw conflict(fieldOf(i, ci), `this e-mail address is also given at ${seen.get(key)}`);
    seen.set(key, fieldOf(i, ci));
  }));
  /** The field of the first e-mail address in the batch that someone already has, or null. */
  const takenField = async (q: Db): Promise<string | null> => {
    const taken = await q.query<{ channel: string; address: string }>(
      `SELECT c.channel, c.address FROM contact_points c JOIN unnest($1::text[], $2::text[]) AS n(channel, address)
         ON c.channel = n.channel AND c.address = n.address WHERE c.channel = 'email' LIMIT 1`, [contacts.map((c) => c.channel), contacts.map((c) => c.address)]);
    const hit = taken.rows[0];
    if (!hit) return null;
    const i = batch.findIndex((t) => t.contacts.some((c) => c.channel === hit.channel && c.address === hit.address));
    return fieldOf(i, batch[i]!.contacts.findIndex((c) => c.channel === hit.channel && c.address === hit.address));
  };
  const alreadyEnrolled = (field: string) => conflict(field, 'this e-mail address is already enrolled');
  return db.tx(async (tx) => {
    const field = await takenField(tx);
    if (field) throw alreadyEnrolled(field);
    await tx.query(
      `INSERT INTO travellers (id, full_name, language, organisation, emergency_contact, external_ref, consent_at, email_verified_at)
       SELECT id, full_name, language, organisation, emergency_contact, external_ref, now(), CASE WHEN $2::boolean THEN NULL ELSE now() END
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, full_name text, language text, organisation text, emergency_contact jsonb, external_ref text)`,
      [JSON.stringify(batch.map((t) => t.traveller)), options.unverified === true]);
    await tx.query(
      `INSERT INTO contact_points (traveller_id, channel, address, priority)
       SELECT traveller_id, channel, address, priority FROM jsonb_to_recordset($1::jsonb) AS r(traveller_id uuid, channel text, address text, priority smallint)`,
      [JSON.stringify(contacts)]);
    await tx.query(
      `INSERT INTO trips (traveller_id, country_code, subdivision_code, city_id, place_name, lat, lon, starts_at, ends_at)
       SELECT traveller_id, country_code, subdivision_code, city_id, place_name, lat, lon, starts_at, ends_at
         FROM jsonb_to_recordset($1::jsonb) AS r(traveller_id uuid, country_code text, subdivision_code text, city_id int, place_name text,
              lat float8, lon float8, starts_at timestamptz, ends_at timestamptz)`,
      [JSON.stringify(batch.flatMap((t) => t.trips))]);
    const ids = batch.map((t) => t.traveller.id);
    await recordAudit(tx, actor, {
      action: batch.length === 1 ? 'traveller.create' : 'traveller.import', entity: 'traveller', entityId: batch.length === 1 ? ids[0] : null,
      after: { count: ids.length, ids: ids.length <= 1000 ? ids : undefined },
    });
    return ids;
  }).catch(async (error: unknown) => {
    // A concurrent insert of the same address won the race after our check: name the field as the check would.
    if (!isUniqueViolation(error, 'contact_points_email')) throw error;
    throw alreadyEnrolled((await takenField(db)) ?? fieldOf(0, 0));
  });
}

export async function createTraveller(db: Db, actor: Actor, input: TravellerInput): Promise<TravellerView> {
  const rows = normalizeTraveller(input);
  const [id] = await insertTravellerRows(db, actor, [rows], (_i, c) => `contacts[${c}].address`);
  return getTraveller(db, id!);
}

interface TravellerRow { id: string; full_name: string; language: string; organisation: string | null; emergency_contact: TravellerView['emergencyContact']; external_ref: string | null; opted_out_at: Date | null; created_at: Date }
interface TripRow { id: string; country_code: string; subdivision_code: string | null; city_id: number | null; place_name: string; lat: number | null; lon: number | null; starts_at: Date; ends_at: Date | null }

export function presentTrip(t: TripRow) {
  return {
    id: t.id, countryCode: t.country_code, subdivisionCode: t.subdivision_code, cityId: t.city_id, placeName: t.place_name,
    lat: t.lat, lon: t.lon, startsAt: t.starts_at.toISOString(), endsAt: t.ends_at?.toISOString() ?? null, resident: t.ends_at === null,
  };
}

export async function getTraveller(db: Db, id: string): Promise<TravellerView> {
  const { rows } = await db.query<TravellerRow>('SELECT * FROM travellers WHERE id = $1', [id]);
  const t = rows[0];
  if (!t) throw notFound('traveller');
  const contacts = await db.query<{ id: string; channel: TravellerView['contacts'][number]['channel']; address: string; priority: number }>(
    'SELECT id, channel, address, priority FROM contact_points WHERE traveller_id = $1 ORDER BY priority, channel', [id]);
  const trips = await db.query<TripRow>('SELECT * FROM trips WHERE traveller_id = $1 ORDER BY starts_at', [id]);
  return {
    id: t.id, fullName: t.full_name, language: t.language, organisation: t.organisation, emergencyContact: t.emergency_contact,
    externalRef: t.external_ref, optedOut: t.opted_out_at !== null, createdAt: t.created_at.toISOString(),
    contacts: contacts.rows, trips: trips.rows.map(presentTrip),
  };
}

const cursorKey = z.tuple([z.string(), z.string()]);

/** Operators' traveller search: by name (similarity) or organisation, paginated by (name, id). Audited (a list of people). */
export async function searchTravellers(db: Db, actor: Actor, opts: { q?: string; organisation?: string; limit: number; cursor?: string }): Promise<Page<{ id: string; fullName: string; organisation: string | null; language: string }>> {
  const after = decodeCursor(opts.cursor, cursorKey);
  const { rows } = await db.query<{ id: string; full_name: string; organisation: string | null; language: string }>(
    `SELECT id, full_name, organisation, language FROM travellers
      WHERE ($1::text IS NULL OR full_name ILIKE '%' || $1 || '%' OR full_name % $1)
        AND ($2::text IS NULL OR organisation = $2)
        AND ($3::text IS NULL OR (full_name, id::text) > ($3, $4))
      ORDER BY full_name, id LIMIT $5`,
    [opts.q ?? null, opts.organisation ?? null, after?.[0] ?? null, after?.[1] ?? null, opts.limit + 1]);
  const page = toPage(rows, opts.limit, (r) => [r.full_name, r.id]);
  await auditBulkRead(db, actor, { action: 'traveller.search', entity: 'traveller', filter: { q: opts.q, organisation: opts.organisation, limit: opts.limit, cursor: opts.cursor }, rows: page.items.length });
  return { ...page, items: page.items.map((r) => ({ id: r.id, fullName: r.full_name, organisation: r.organisation, language: r.language })) };
}

/** Who is in an area during a window, with their trips' exact coordinates: audited with the area, the window and the row count. */
export async function listPresentFor(db: Db, actor: Actor, input: Area, window: TimeWindow, opts: { limit: number; afterId?: string }): Promise<{ area: string; items: PresentTraveller[] }> {
  const area = await resolveArea(db, input);
  const items = await listPresent(db, area, window, opts);
  await auditBulkRead(db, actor, { action: 'presence.list', entity: 'traveller',
    filter: { area: input, from: window.from.toISOString(), to: window.to?.toISOString() ?? null, limit: opts.limit, after: opts.afterId }, rows: items.length });
  return { area: area.description, items };
}

export interface PresenceCountView { area: string; people: ShownCount; unreachable: ShownCount; byChannel: Record<string, ShownCount> }

/** How many people are in an area, per channel: exact for roles that may see the people, small cells suppressed for the others. */
export async function countPresentFor(db: Db, actor: Actor, input: Area, window: TimeWindow): Promise<PresenceCountView> {
  const area = await resolveArea(db, input);
  const counts = await countPresent(db, area, window);
  if (maySeePersonalData(actor)) return { area: area.description, ...counts };
  const shown = suppressCells({ people: counts.people, unreachable: counts.unreachable }, counts.people);
  return { area: area.description, ...shown, byChannel: suppressCells(counts.byChannel, counts.people) };
}

export async function addTrip(db: Db, actor: Actor, travellerId: string, input: TripInput) {
  const trip = normalizeTrip(input, travellerId, 'body');
  return db.tx(async (tx) => {
    const exists = await tx.query('SELECT 1 FROM travellers WHERE id = $1', [travellerId]);
    if (!exists.rowCount) throw notFound('traveller');
    const { rows } = await tx.query<TripRow>(
      `INSERT INTO trips (traveller_id, country_code, subdivision_code, city_id, place_name, lat, lon, starts_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [travellerId, trip.country_code, trip.subdivision_code, trip.city_id, trip.place_name, trip.lat, trip.lon, trip.starts_at, trip.ends_at]);
    const view = presentTrip(rows[0]!);
    await recordAudit(tx, actor, { action: 'trip.create', entity: 'traveller', entityId: travellerId, after: { tripId: view.id, countryCode: view.countryCode } });
    return view;
  });
}

/** A traveller who opts out is never targeted again; their record stays for the history of past alerts. */
export async function setOptOut(db: Db, actor: Actor, travellerId: string, optedOut: boolean): Promise<void> {
  await db.tx(async (tx) => {
    const { rowCount } = await tx.query(`UPDATE travellers SET opted_out_at = CASE WHEN $2 THEN coalesce(opted_out_at, now()) ELSE NULL END, updated_at = now() WHERE id = $1`, [travellerId, optedOut]);
    if (!rowCount) throw notFound('traveller');
    await recordAudit(tx, actor, { action: optedOut ? 'traveller.opt_out' : 'traveller.opt_in', entity: 'traveller', entityId: travellerId });
  });
}
