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
 * - Mail goes through the one outbox (src/delivery/outbox.ts) as kinds 'subscription_confirm' and
 *   'subscription_notice', with the subscription's id in the row; `subscriptionComposer` adds the
 *   unsubscribe link and headers when the worker sends it, so the token is never stored.
 * - `enqueueChangeNotices` finds advisory versions and public alerts published recently and
 *   queues one notice per matching confirmed subscriber (dedupe key per subscription and source,
 *   so running it often is harmless): the periodic job every runtime runs (mail-ticker.ts).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.js';
import { invalid, invalidState, notFound } from '../errors.js';
import type { Composer } from '../delivery/compose.js';
import { composeStored } from '../delivery/compose.js';
import { cancelQueuedMessages, enqueueMessages } from '../delivery/outbox.js';
import { getCountry } from '../geo/index.js';
import { levelLabels } from '../advisories/schema.js';
import { advisoryCapUrl, advisoryHeadline, advisoryPageUrl, type CapSite } from './advisory-cap.js';
import { listPublishedAdvisoryVersions } from './advisory-feed-service.js';
import { alertCapUrl, alertPageUrl, listPublicAlerts, prefixedHeadline } from './alert-cap.js';

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 48 * 3600_000;
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
       RETURNING id::text, email`, [email, countries, sha256(token), expires]);
    const names = countries.map((c) => getCountry(c)?.name ?? c).join(', ');
    const body = [
      `Someone (hopefully you) asked to receive travel advisory and alert changes for: ${names}.`,
      '',
      'To confirm, open this link:',
      confirmUrl(site.publicUrl, token),
      '',
      `The link works once and expires at ${expires.toUTCString()}. If you did not ask for this, ignore this message: nothing will be sent to you.`,
    ].join('\n');
    const id = rows[0]!.id;
    await enqueueMessages(tx, [{ kind: 'subscription_confirm', channel: 'email', address: email,
      content: { subject: 'Confirm your Warden subscription', text: body, subscriptionId: id }, dedupeKey: `subscription:${id}:confirm:${sha256(token).slice(0, 16)}` }]);
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
  // Notices still queued are not sent any more (a confirmation is: it may start a new subscription).
  await cancelQueuedMessages(db, 'subscription_notice', { field: 'subscriptionId', value: id }, 'unsubscribed');
}

/** Queues a notice for each recent advisory change and public alert to each matching confirmed subscriber. */
export async function enqueueChangeNotices(db: Db, site: CapSite, now = new Date()): Promise<{ queued: number }> {
  const since = new Date(now.getTime() - NOTICE_WINDOW_MS);
  let queued = 0;
  const insert = async (countries: string[], source: string, publishedAt: Date, subject: string, body: string) => {
    const { rowCount } = await db.query(
      `INSERT INTO deliveries (kind, channel, address, content, dedupe_key)
       SELECT 'subscription_notice', 'email', email, jsonb_build_object('subject', $3::text, 'text', $4::text, 'subscriptionId', id::text),
              'subscription:' || id || ':' || $2 FROM subscriptions
        WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL AND countries && $1::text[] AND confirmed_at <= $5
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`, [countries, source, subject, body, publishedAt]);
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

/**
 * The composer the feeds domain registers for its two kinds: the stored mail plus the RFC 8058
 * List-Unsubscribe and List-Unsubscribe-Post headers and the link in the body (derived from the
 * subscription id and the secret, never stored).
 */
export function subscriptionComposer(opts: { publicUrl: string; secret: string }): Composer {
  return (row) => {
    const message = composeStored(row);
    const id = String(row.content?.subscriptionId ?? '');
    const link = unsubscribeUrl(opts.publicUrl, unsubscribeToken(opts.secret, id));
    return { ...message, text: `${message.text}\n\n--\nUnsubscribe with one click: ${link}\n`,
      headers: { ...message.headers, 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
  };
}
