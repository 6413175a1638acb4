/**
 * Public e-mail subscriptions to a country's advisory and alert changes.
 *
 * - Double opt-in: subscribing stores the countries as *pending* and mails a confirmation
 *   link; only confirming makes them active. The confirmation token is 32 random bytes,
 *   stored as its SHA-256, valid CONFIRM_TTL_MS, usable once. Subscribing again with the
 *   same address never reveals whether it was subscribed and never changes the active
 *   countries without a new confirmation.
 * - Unsubscribe tokens are `<id>.<HMAC-SHA256(secret, "unsubscribe:" + id)>`: unguessable,
 *   stored nowhere, valid for every mail ever sent (RFC 8058 one-click needs a stable link).
 * - Mail goes through a small queue (subscription_mail) claimed with FOR UPDATE SKIP LOCKED
 *   and a lease, sent by `processSubscriptionMail` with any delivery Channel (SmtpChannel).
 *   The alerts outbox (deliveries) is keyed by (alert, traveller, channel) and has no room
 *   for mail to people who are not travellers, hence this queue.
 * - `enqueueChangeNotices` finds advisory versions and public alerts published recently and
 *   queues one notice per matching confirmed subscriber (unique per subscription and
 *   source, so running it often is harmless). Whoever runs the workers calls both.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.js';
import { invalid, invalidState, notFound } from '../errors.js';
import type { Channel } from '../delivery/channels/types.js';
import { getCountry } from '../geo/index.js';
import { levelLabels } from '../advisories/schema.js';
import { advisoryCapUrl, advisoryHeadline, advisoryPageUrl, type CapSite } from './advisory-cap.js';
import { listPublishedAdvisoryVersions } from './advisory-feed-service.js';
import { alertCapUrl, alertPageUrl, listPublicAlerts, prefixedHeadline } from './alert-cap.js';

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 48 * 3600_000;
/** Sending: rows claimed per batch, attempts before a mail is given up, lease length. */
export const MAIL_DEFAULTS = { batchSize: 50, maxAttempts: 5, leaseMs: 60_000, retryDelayMs: 60_000 } as const;
/** Notices are queued for changes published within this window (older ones were handled by earlier runs). */
export const NOTICE_WINDOW_MS = 7 * 24 * 3600_000;

export interface SubscribeInput {
  email: string;
  countries: string[];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function normaliseCountries(countries: string[]): string[] {
  const out = new Set<string>();
  countries.forEach((c, i) => {
    const cc = c.trim().toUpperCase();
    if (!getCountry(cc)) throw invalid(`countries[${i}]`, `unknown country code ${c}`);
    out.add(cc);
  });
  if (out.size === 0) throw invalid('countries', 'choose at least one country');
  return [...out].sort();
}

export function confirmUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/api/public/subscriptions/confirm?token=${encodeURIComponent(token)}`;
}

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/api/public/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`;
}

export function unsubscribeToken(secret: string, subscriptionId: string): string {
  if (!secret) throw new Error('subscriptions need the server secret');
  const mac = createHmac('sha256', secret).update(`unsubscribe:${subscriptionId}`).digest('base64url');
  return `${subscriptionId}.${mac}`;
}

/**
 * Records (or refreshes) a pending subscription and queues the confirmation mail, in one
 * transaction. Returns nothing a caller could use to learn whether the address was known.
 */
export async function subscribe(db: Db, site: CapSite, input: SubscribeInput, now = new Date()): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const countries = normaliseCountries(input.countries);
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + CONFIRM_TTL_MS);
  await db.tx(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO subscriptions (email, pending_countries, confirm_token_hash, confirm_expires_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO UPDATE SET pending_countries = EXCLUDED.pending_countries,
         confirm_token_hash = EXCLUDED.confirm_token_hash, confirm_expires_at = EXCLUDED.confirm_expires_at, updated_at = now()
       RETURNING id::text`, [email, countries, sha256(token), expires]);
    const names = countries.map((c) => getCountry(c)?.name ?? c).join(', ');
    const body = [
      `Someone (hopefully you) asked to receive travel advisory and alert changes for: ${names}.`,
      '',
      'To confirm, open this link:',
      confirmUrl(site.publicUrl, token),
      '',
      `The link works once and expires at ${expires.toUTCString()}. If you did not ask for this, ignore this message: nothing will be sent to you.`,
    ].join('\n');
    await tx.query(
      `INSERT INTO subscription_mail (subscription_id, source, subject, body) VALUES ($1, $2, $3, $4)`,
      [rows[0]!.id, `confirm:${sha256(token).slice(0, 16)}`, 'Confirm your Warden subscription', body]);
  });
}

export interface SubscriptionState {
  countries: string[];
}

/** Confirms a pending subscription: works once, until the token expires. */
export async function confirmSubscription(db: Db, token: string, now = new Date()): Promise<SubscriptionState> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalid('token', 'is not a confirmation token');
  return db.tx(async (tx) => {
    const { rows } = await tx.query<{ id: string; confirm_expires_at: Date; pending_countries: string[] }>(
      'SELECT id::text, confirm_expires_at, pending_countries FROM subscriptions WHERE confirm_token_hash = $1 FOR UPDATE', [sha256(token)]);
    const row = rows[0];
    if (!row) throw notFound('confirmation token (already used or never issued)');
    if (new Date(row.confirm_expires_at).getTime() <= now.getTime()) throw invalidState('this confirmation link has expired; subscribe again to get a new one');
    await tx.query(
      `UPDATE subscriptions SET countries = pending_countries, pending_countries = '{}', confirm_token_hash = NULL, confirm_expires_at = NULL,
         confirmed_at = CASE WHEN confirmed_at IS NULL OR unsubscribed_at IS NOT NULL THEN $2 ELSE confirmed_at END,
         unsubscribed_at = NULL, updated_at = now() WHERE id = $1`, [row.id, now]);
    return { countries: row.pending_countries };
  });
}

/** One-click unsubscribe; idempotent. */
export async function unsubscribe(db: Db, secret: string, token: string): Promise<void> {
  const id = token.split('.')[0] ?? '';
  if (!/^[0-9a-f-]{36}$/.test(id)) throw invalid('token', 'is not an unsubscribe token');
  const expected = Buffer.from(unsubscribeToken(secret, id));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid('token', 'is not an unsubscribe token');
  const { rowCount } = await db.query(
    `UPDATE subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, now()), countries = '{}', pending_countries = '{}',
       confirm_token_hash = NULL, confirm_expires_at = NULL, updated_at = now() WHERE id = $1`, [id]);
  if (!rowCount) throw notFound('subscription');
}

/** Queues a notice for each recent advisory change and public alert to each matching confirmed subscriber. */
export async function enqueueChangeNotices(db: Db, site: CapSite, now = new Date()): Promise<{ queued: number }> {
  const since = new Date(now.getTime() - NOTICE_WINDOW_MS);
  let queued = 0;
  const insert = async (countries: string[], source: string, publishedAt: Date, subject: string, body: string) => {
    const { rowCount } = await db.query(
      `INSERT INTO subscription_mail (subscription_id, source, subject, body)
       SELECT id, $2, $3, $4 FROM subscriptions
        WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL AND countries && $1::text[] AND confirmed_at <= $5
       ON CONFLICT (subscription_id, source) DO NOTHING`, [countries, source, subject, body, publishedAt]);
    queued += rowCount;
  };
  for (const v of await listPublishedAdvisoryVersions(db, { limit: 1000 })) {
    if (v.publishedAt < since) break;
    const body = [
      advisoryHeadline(v), '', v.title, '', v.summary, '',
      `Level ${v.level}: ${levelLabels[v.level]}.`, `Details: ${advisoryPageUrl(site, v.countryCode)}`,
      `CAP: ${advisoryCapUrl(site, v.countryCode, v.version)}`,
    ].join('\n');
    await insert([v.countryCode], `advisory:${v.countryCode}:${v.version}`, v.publishedAt, `Travel advisory: ${advisoryHeadline(v)}`, body);
  }
  for (const a of await listPublicAlerts(db, site, { limit: 1000 })) {
    if (a.publishedAt < since) break;
    // Test and Exercise messages are for the systems that practise with them, not for the public's inboxes.
    if (!a.countries.length || a.status !== 'Actual') continue;
    const first = a.row.infos[0] ?? {};
    const headline = prefixedHeadline(a);
    const body = [
      headline, `Area: ${a.areaDescription}`, '', first.description ?? '', '', first.instruction ?? '', '',
      `Details: ${alertPageUrl(site, a.id)}`, `CAP: ${alertCapUrl(site, a.id)}`,
    ].join('\n');
    await insert(a.countries, `alert:${a.id}`, a.publishedAt, `${a.kindLabel}: ${headline}`, body);
  }
  return { queued };
}

export interface MailRunResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

interface ClaimedMail {
  id: string; subscription_id: string; source: string; subject: string; body: string; attempts: number;
  email: string; unsubscribed_at: Date | null;
}

/**
 * Sends due queued mail with the given channel (an SmtpChannel in production). Every mail
 * carries RFC 8058 List-Unsubscribe and List-Unsubscribe-Post headers and the link in the body.
 * Confirmation bodies (which hold the confirmation link) are blanked once sent.
 */
export async function processSubscriptionMail(
  db: Db, channel: Channel, opts: { publicUrl: string; secret: string; batchSize?: number; maxAttempts?: number },
): Promise<MailRunResult> {
  const batchSize = opts.batchSize ?? MAIL_DEFAULTS.batchSize;
  const maxAttempts = opts.maxAttempts ?? MAIL_DEFAULTS.maxAttempts;
  await db.query(`UPDATE subscription_mail SET state = 'queued', lease_until = NULL WHERE state = 'sending' AND lease_until < now()`);
  const { rows } = await db.query<ClaimedMail>(
    `WITH due AS (
       SELECT id FROM subscription_mail WHERE state = 'queued' AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE subscription_mail m SET state = 'sending', attempts = m.attempts + 1, lease_until = now() + make_interval(secs => $2)
       FROM due, subscriptions s WHERE m.id = due.id AND s.id = m.subscription_id
     RETURNING m.id::text, m.subscription_id::text, m.source, m.subject, m.body, m.attempts, s.email, s.unsubscribed_at`,
    [batchSize, MAIL_DEFAULTS.leaseMs / 1000]);
  const result: MailRunResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
  for (const mail of rows) {
    if (mail.unsubscribed_at && !mail.source.startsWith('confirm:')) {
      await db.query(`UPDATE subscription_mail SET state = 'failed', last_error = 'unsubscribed', lease_until = NULL WHERE id = $1`, [mail.id]);
      result.failed += 1;
      continue;
    }
    const link = unsubscribeUrl(opts.publicUrl, unsubscribeToken(opts.secret, mail.subscription_id));
    const outcome = await channel.send({
      deliveryId: mail.id,
      channel: 'email',
      to: mail.email,
      subject: mail.subject,
      text: `${mail.body}\n\n--\nUnsubscribe with one click: ${link}\n`,
      headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    if (outcome.outcome === 'sent') {
      await db.query(
        `UPDATE subscription_mail SET state = 'sent', sent_at = now(), provider_id = $2, lease_until = NULL, last_error = NULL,
           body = CASE WHEN source LIKE 'confirm:%' THEN '' ELSE body END WHERE id = $1`, [mail.id, outcome.providerId]);
      result.sent += 1;
    } else if (outcome.outcome === 'transient' && mail.attempts < maxAttempts) {
      const delay = outcome.retryAfterMs ?? MAIL_DEFAULTS.retryDelayMs * 2 ** (mail.attempts - 1);
      await db.query(
        `UPDATE subscription_mail SET state = 'queued', lease_until = NULL, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
        [mail.id, outcome.reason, delay / 1000]);
      result.retried += 1;
    } else {
      await db.query(`UPDATE subscription_mail SET state = 'failed', lease_until = NULL, last_error = $2 WHERE id = $1`, [mail.id, outcome.reason]);
      result.failed += 1;
    }
  }
  return result;
}

