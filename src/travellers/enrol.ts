/**
 * Self-enrolment and the traveller's own trips (like the US STEP). Double opt-in: a self-enrolled
 * traveller is stored with email_verified_at NULL and is not targeted until they open the sign-in
 * link e-mailed to them (GET /api/me/session sets it). The answer never tells whether the address
 * was already enrolled: an enrolled address simply gets a sign-in link instead.
 */
import { recordAudit } from '../auth/audit.js';
import { travellerActor } from '../auth/roles.js';
import { emailSignInLink, type SignInMailer } from './me.js';
import type { Db } from '../db/index.js';
import { isUniqueViolation, notFound, WardenError } from '../errors.js';
import { normalizeTraveller, normalizeTrip } from './normalize.js';
import { travellerInput, type TripInput } from './schema.js';
import { insertTravellerRows, presentTrip } from './service.js';
import { z } from 'zod';

/** The operators' enrolment shape, with an e-mail contact required (it is how the traveller confirms and signs in). */
export const enrolInput = travellerInput.omit({ externalRef: true }).refine((t) => t.contacts.some((c) => c.channel === 'email'), {
  path: ['contacts'], message: 'give an e-mail address: it is how you confirm and sign in',
});
export type EnrolInput = z.output<typeof enrolInput>;

export const enrolAnswer = { status: 'Check your e-mail: open the link we sent to confirm your enrolment and manage your trips' } as const;

/** Validates (problems name the field), stores the traveller unverified when the address is new, then e-mails a sign-in link. */
export async function enrolSelf(mailer: SignInMailer, input: EnrolInput): Promise<{ created: boolean }> {
  const rows = normalizeTraveller(input);
  const email = rows.contacts.find((c) => c.channel === 'email')!.address;
  let created = true;
  try {
    await insertTravellerRows(mailer.db, travellerActor(rows.traveller.id), [rows], (_i, c) => `contacts[${c}].address`, { unverified: true });
  } catch (error) {
    // Already enrolled (or a concurrent enrolment won the race): same answer, and a sign-in link instead.
    if (!(error instanceof WardenError && error.kind === 'conflict') && !isUniqueViolation(error)) throw error;
    created = false;
  }
  await emailSignInLink(mailer, email, created ? 'enrolment' : 'sign_in');
  return { created };
}

export async function addMyTrip(db: Db, travellerId: string, input: TripInput) {
  const trip = normalizeTrip(input, travellerId, 'body');
  return db.tx(async (tx) => {
    const { rows } = await tx.query<Parameters<typeof presentTrip>[0]>(
      `INSERT INTO trips (traveller_id, country_code, subdivision_code, city_id, place_name, lat, lon, starts_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [travellerId, trip.country_code, trip.subdivision_code, trip.city_id, trip.place_name, trip.lat, trip.lon, trip.starts_at, trip.ends_at]);
    const view = presentTrip(rows[0]!);
    await tx.query('UPDATE travellers SET updated_at = now() WHERE id = $1', [travellerId]);
    await recordAudit(tx, travellerActor(travellerId), { action: 'trip.create', entity: 'traveller', entityId: travellerId, after: { tripId: view.id, countryCode: view.countryCode } });
    return view;
  });
}

/** Removes one of my trips; someone else's trip (or an unknown id) is "not found", never "forbidden". */
export async function removeMyTrip(db: Db, travellerId: string, tripId: string): Promise<void> {
  await db.tx(async (tx) => {
    const { rows } = await tx.query<{ country_code: string }>('DELETE FROM trips WHERE id = $1 AND traveller_id = $2 RETURNING country_code', [tripId, travellerId]);
    if (!rows[0]) throw notFound('trip');
    await tx.query('UPDATE travellers SET updated_at = now() WHERE id = $1', [travellerId]);
    await recordAudit(tx, travellerActor(travellerId), { action: 'trip.delete', entity: 'traveller', entityId: travellerId, before: { tripId, countryCode: rows[0].country_code } });
  });
}

