/**
 * Itineraries pushed by travel agencies and HR systems: the trips of one booking, named by the
 * pusher's external reference. Putting the same reference again replaces that booking's trips
 * (idempotent: the traveller ends with exactly the trips of the last push); deleting it removes
 * them. A reference belongs to one traveller. Every change is audited in the same transaction.
 */
import { z } from 'zod';
import { recordAudit } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { conflict, invalid, notFound } from '../errors.js';
import { normalizeTrip } from './normalize.js';
import { tripInput, tripView, type TripInput } from './schema.js';
import { presentTrip } from './service.js';

export const itineraryRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/, 'must be 1-200 letters, digits and . _ : @ -');

/** Who the trips are for: exactly one of Warden's id, the pusher's employee/customer reference, or an enrolled e-mail. */
export const travellerRef = z.object({
  id: z.uuid().optional(),
  externalRef: z.string().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
}).refine((t) => [t.id, t.externalRef, t.email].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of id, externalRef, email' });
export type TravellerRef = z.infer<typeof travellerRef>;

export const itineraryInput = z.object({ traveller: travellerRef, trips: z.array(tripInput).min(1, 'at least one trip').max(50) });
export type ItineraryInput = z.output<typeof itineraryInput>;

export const itineraryView = z.object({ externalRef: z.string(), travellerId: z.string(), created: z.boolean(), trips: z.array(tripView) });
export type ItineraryView = z.infer<typeof itineraryView>;

async function findTraveller(db: Db, ref: TravellerRef): Promise<string> {
  const { rows } = ref.id
    ? await db.query<{ id: string }>('SELECT id::text FROM travellers WHERE id = $1', [ref.id])
    : ref.externalRef
      ? await db.query<{ id: string }>('SELECT id::text FROM travellers WHERE external_ref = $1 ORDER BY created_at LIMIT 2', [ref.externalRef])
      : await db.query<{ id: string }>(`SELECT traveller_id::text AS id FROM contact_points WHERE channel = 'email' AND address = $1`, [ref.email!.toLowerCase()]);
  const field = ref.id ? 'traveller.id' : ref.externalRef ? 'traveller.externalRef' : 'traveller.email';
  if (!rows.length) throw invalid(field, 'no enrolled traveller has it');
  if (rows.length > 1) throw conflict(field, 'more than one traveller has it; give traveller.id');
  return rows[0]!.id;
}

/** Creates or replaces the trips of booking `ref` (set-based, one transaction, audited). */
export async function putItinerary(db: Db, actor: Actor, ref: string, input: { traveller: TravellerRef; trips: TripInput[] }): Promise<ItineraryView> {
  const travellerId = await findTraveller(db, input.traveller);
  const trips = input.trips.map((trip, i) => ({ ...normalizeTrip(trip, travellerId, `trips[${i}]`), itinerary_ref: ref }));
  return db.tx(async (tx) => {
    const owner = await tx.query<{ traveller_id: string }>('SELECT DISTINCT traveller_id::text FROM trips WHERE itinerary_ref = $1', [ref]);
    if (owner.rows.some((r) => r.traveller_id !== travellerId)) throw conflict('externalRef', 'this reference belongs to another traveller\'s trips');
    const removed = await tx.query('DELETE FROM trips WHERE itinerary_ref = $1', [ref]);
    const { rows } = await tx.query<Parameters<typeof presentTrip>[0]>(
      `INSERT INTO trips (traveller_id, country_code, subdivision_code, city_id, place_name, lat, lon, starts_at, ends_at, itinerary_ref)
       SELECT traveller_id, country_code, subdivision_code, city_id, place_name, lat, lon, starts_at, ends_at, itinerary_ref
         FROM jsonb_to_recordset($1::jsonb) AS r(traveller_id uuid, country_code text, subdivision_code text, city_id int, place_name text,
              lat float8, lon float8, starts_at timestamptz, ends_at timestamptz, itinerary_ref text)
       RETURNING *`, [JSON.stringify(trips)]);
    const created = (removed.rowCount ?? 0) === 0;
    await recordAudit(tx, actor, {
      action: created ? 'itinerary.create' : 'itinerary.replace', entity: 'traveller', entityId: travellerId,
      after: { externalRef: ref, trips: rows.length, countries: [...new Set(rows.map((r) => r.country_code))] },
    });
    rows.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
    return { externalRef: ref, travellerId, created, trips: rows.map(presentTrip) };
  });
}

export async function getItinerary(db: Db, ref: string): Promise<Omit<ItineraryView, 'created'>> {
  const { rows } = await db.query<Parameters<typeof presentTrip>[0] & { traveller_id: string }>(
    'SELECT * FROM trips WHERE itinerary_ref = $1 ORDER BY starts_at', [ref]);
  if (!rows.length) throw notFound(`itinerary ${ref}`);
  return { externalRef: ref, travellerId: String(rows[0]!.traveller_id), trips: rows.map(presentTrip) };
}

/** Removes booking `ref`'s trips (a cancelled booking); idempotent: an unknown reference removes nothing. */
export async function deleteItinerary(db: Db, actor: Actor, ref: string): Promise<{ removed: number }> {
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ traveller_id: string }>('DELETE FROM trips WHERE itinerary_ref = $1 RETURNING traveller_id::text', [ref]);
    if (rows.length) {
      await recordAudit(tx, actor, { action: 'itinerary.delete', entity: 'traveller', entityId: rows[0]!.traveller_id, after: { externalRef: ref, trips: rows.length } });
    }
    return { removed: rows.length };
  });
}
