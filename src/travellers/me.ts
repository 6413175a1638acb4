/**
 * The traveller's own view: sign-in by e-mail link (one-time, expiring, stored as sha256 only),
 * sessions (same), and "my trips, my alerts, my answers"; replacing my contact points.
 */
import { createHash, randomBytes } from 'node:crypto';
import { alertsOfTraveller } from '../alerts/recipients.js';
import { recordAudit } from '../auth/audit.js';
import { travellerActor } from '../auth/roles.js';
import { answersOfTraveller, currentAnswersOf } from '../checkins/across-alerts.js';
import type { CheckinSettings, WardenConfig } from '../config.js';
import type { Db } from '../db/index.js';
import { enqueueMessages } from '../delivery/outbox.js';
import { conflict, invalid, isUniqueViolation } from '../errors.js';
import { translator } from '../i18n/index.js';
import { normalizeContact } from './normalize.js';
import type { ChannelName } from './schema.js';

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** A sign-in token for the person owning this e-mail address, or null when nobody does (the caller answers the same either way). */
export async function createLoginToken(db: Db, email: string, minutes: number): Promise<{ token: string; travellerId: string; language: string } | null> {
  let address: string;
  try { address = normalizeContact('email', email, 'email'); } catch { return null; }
  const { rows } = await db.query<{ id: string; language: string }>(
    `SELECT t.id, t.language FROM contact_points c JOIN travellers t ON t.id = c.traveller_id WHERE c.channel = 'email' AND c.address = $1`, [address]);
  const person = rows[0];
  if (!person) return null;
  const token = newToken();
  await db.query(`INSERT INTO traveller_login_tokens (token_hash, traveller_id, expires_at) VALUES ($1, $2, now() + $3::float8 * interval '1 minute')`,
    [hash(token), person.id, minutes]);
  return { token, travellerId: person.id, language: person.language };
}

export interface SignInMailer {
  db: Db;
  publicUrl: string;
  linkMinutes: number;
}

/** What the self-service routes and enrolment share: the database and the settings (mail goes through the outbox). */
export interface SelfServiceParts {
  db: Db;
  config: WardenConfig;
  settings: CheckinSettings;
}

/** What emailSignInLink needs, from the self-service parts. */
export function signInMailer(s: Pick<SelfServiceParts, 'db' | 'config' | 'settings'>): SignInMailer {
  return { db: s.db, publicUrl: s.config.publicUrl, linkMinutes: s.settings.traveller.linkMinutes };
}

/**
 * POST /api/me/login and POST /api/public/enrol: queues a one-time sign-in link in the outbox for the person
 * owning this address (kind 'sign_in', or 'enrolment' when it confirms a self-enrolment), in the transaction
 * that stores the token; does nothing (but the same) when nobody owns the address, so callers answer alike
 * either way. The row's content, which holds the link, is blanked once sent (src/delivery/outbox.ts). Written in the person's stored
 * language (catalog key `signIn`).
 */
export async function emailSignInLink(m: SignInMailer, email: string, kind: 'sign_in' | 'enrolment' = 'sign_in'): Promise<void> {
  await m.db.tx(async (tx) => {
    const login = await createLoginToken(tx, email, m.linkMinutes);
    if (!login) return;
    // The page at /me exchanges the token for a session (GET /api/me/session) and drops it from the address bar.
    const link = `${m.publicUrl}/me?token=${login.token}`;
    const t = translator(login.language);
    const words = kind === 'enrolment' ? { subject: 'signIn.enrolmentSubject', text: 'signIn.enrolmentText' } : { subject: 'signIn.subject', text: 'signIn.text' };
    const text = t(words.text, { minutes: m.linkMinutes, link });
    // The Message-ID is built from the delivery id: never a piece of the token (headers are widely logged).
    await enqueueMessages(tx, [{ kind, channel: 'email', address: email.trim().toLowerCase(), travellerId: login.travellerId,
      content: { subject: t(words.subject), text } }]);
  });
}

/** Uses a sign-in token once; returns a new session token, or null when the link is unknown, used or expired. */
export async function consumeLoginToken(db: Db, token: string, sessionHours: number): Promise<{ session: string; expiresAt: Date } | null> {
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ traveller_id: string }>(
      `UPDATE traveller_login_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING traveller_id`, [hash(token)]);
    if (!rows[0]) return null;
    // Opening the link proves the address: a self-enrolled traveller becomes targetable (double opt-in).
    await tx.query('UPDATE travellers SET email_verified_at = now() WHERE id = $1 AND email_verified_at IS NULL', [rows[0].traveller_id]);
    const session = newToken();
    const { rows: s } = await tx.query<{ expires_at: Date }>(
      `INSERT INTO traveller_sessions (token_hash, traveller_id, expires_at) VALUES ($1, $2, now() + $3::float8 * interval '1 hour') RETURNING expires_at`,
      [hash(session), rows[0].traveller_id, sessionHours]);
    return { session, expiresAt: s[0]!.expires_at };
  });
}

export async function travellerOfSession(db: Db, session: string | undefined): Promise<string | null> {
  if (!session || session.length > 100) return null;
  const { rows } = await db.query<{ traveller_id: string }>('SELECT traveller_id FROM traveller_sessions WHERE token_hash = $1 AND expires_at > now()', [hash(session)]);
  return rows[0]?.traveller_id ?? null;
}

export async function endSession(db: Db, session: string): Promise<void> {
  await db.query('DELETE FROM traveller_sessions WHERE token_hash = $1', [hash(session)]);
}

export async function myOverview(db: Db, travellerId: string) {
  const person = await db.query<{ full_name: string; language: string; organisation: string | null }>('SELECT full_name, language, organisation FROM travellers WHERE id = $1', [travellerId]);
  const contacts = await db.query<{ channel: ChannelName; address: string; priority: number }>(
    'SELECT channel, address, priority FROM contact_points WHERE traveller_id = $1 ORDER BY priority, channel, created_at', [travellerId]);
  const trips = await db.query<{ id: string; country_code: string; place_name: string; starts_at: Date; ends_at: Date | null }>(
    'SELECT id, country_code, place_name, starts_at, ends_at FROM trips WHERE traveller_id = $1 ORDER BY starts_at DESC', [travellerId]);
  const p = person.rows[0]!;
  const alerts = await alertsOfTraveller(db, travellerId, p.language);
  const current = await currentAnswersOf(db, travellerId, alerts.map((a) => a.id));
  const answers = await answersOfTraveller(db, travellerId);
  return {
    name: p.full_name, language: p.language, organisation: p.organisation, contacts: contacts.rows,
    trips: trips.rows.map((t) => ({ id: t.id, countryCode: t.country_code, placeName: t.place_name, startsAt: t.starts_at.toISOString(), endsAt: t.ends_at?.toISOString() ?? null })),
    alerts: alerts.map((a) => ({ id: a.id, headline: a.headline, state: a.state, publishedAt: a.published_at.toISOString(), expires: a.expires?.toISOString() ?? null,
      round: a.round, answer: current.get(a.id)?.answer ?? null, answeredAt: current.get(a.id)?.answeredAt.toISOString() ?? null })),
    answers: answers.map((h) => ({ alertId: h.alert_id, answer: h.answer, message: h.message, place: h.place, lat: h.lat, lon: h.lon, channel: h.channel, answeredAt: h.answered_at.toISOString() })),
  };
}

/** Replaces my contact points, validated like enrolment; keeps at least one e-mail (it is how I sign in). Audited as the traveller. */
export async function replaceMyContacts(db: Db, travellerId: string, contacts: { channel: ChannelName; address: string; priority?: number }[]) {
  const rows = contacts.map((c, i) => ({ channel: c.channel, address: normalizeContact(c.channel, c.address, `contacts[${i}].address`), priority: c.priority ?? 0 }));
  if (!rows.some((r) => r.channel === 'email')) throw invalid('contacts', 'keep at least one e-mail address: it is how you sign in');
  const seen = new Set<string>();
  rows.forEach((r, i) => { const key = `${r.channel}:${r.address}`; if (seen.has(key)) throw invalid(`contacts[${i}].address`, 'is listed twice'); seen.add(key); });
  try {
    await db.tx(async (tx) => {
      await tx.query('DELETE FROM contact_points WHERE traveller_id = $1', [travellerId]);
      await tx.query(`INSERT INTO contact_points (traveller_id, channel, address, priority)
        SELECT $1, channel, address, priority FROM jsonb_to_recordset($2::jsonb) AS r(channel text, address text, priority smallint)`, [travellerId, JSON.stringify(rows)]);
      await tx.query('UPDATE travellers SET updated_at = now() WHERE id = $1', [travellerId]);
      // Audited like every write; the channels only, not the addresses (the audit log is read by admins, the addresses are the person's).
      await recordAudit(tx, travellerActor(travellerId), { action: 'traveller.contacts_replace', entity: 'traveller', entityId: travellerId,
        after: { channels: rows.map((r) => r.channel) } });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'contact_points_email')) throw conflict('contacts', 'one of these e-mail addresses belongs to someone else');
    throw error;
  }
  return (await myOverview(db, travellerId)).contacts;
}

/**
 * Adds this browser's push subscription to the person's contact points (from the check-in page, which the
 * check-in link authorises); the same subscription twice is one contact point. Audited as the traveller,
 * channel only (the endpoint identifies the device).
 */
export async function addPushContact(db: Db, travellerId: string, subscription: string): Promise<{ added: boolean }> {
  const address = normalizeContact('webpush', subscription, 'subscription');
  return db.tx(async (tx) => {
    const { rowCount } = await tx.query(
      `INSERT INTO contact_points (traveller_id, channel, address, priority)
       SELECT $1, 'webpush', $2, coalesce((SELECT max(priority) + 1 FROM contact_points WHERE traveller_id = $1), 0)
        WHERE NOT EXISTS (SELECT 1 FROM contact_points WHERE traveller_id = $1 AND channel = 'webpush' AND address = $2)`, [travellerId, address]);
    if (rowCount) {
      await tx.query('UPDATE travellers SET updated_at = now() WHERE id = $1', [travellerId]);
      await recordAudit(tx, travellerActor(travellerId), { action: 'traveller.contact_add', entity: 'traveller', entityId: travellerId, after: { channel: 'webpush' } });
    }
    return { added: Boolean(rowCount) };
  });
}
