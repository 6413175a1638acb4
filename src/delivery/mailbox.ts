/**
 * The local mailbox: a delivery channel ("capture") that stores each message exactly as it would be
 * sent — subject, text, HTML, SMS text, structured payload — instead of sending it. It stands in for
 * every channel that has no settings on the embedded database (so the model case runs with zero set-up),
 * and on PostgreSQL only when WARDEN_CAPTURE=1 (config.messaging.capture). Every kind of message goes
 * through the same channels, so the mailbox shows them all: alerts, reminders, duty notices, subscribers'
 * mail, sign-in links, enrolment confirmations. This module owns the captured_messages table.
 */
import { recordAudit } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import type { MessagingSettings } from '../config.js';
import { channels } from '../vocabulary.js';
import { sent, type Channel, type ChannelName, type OutgoingMessage, type SendResult } from './channels/types.js';
import { smsSegments, type SmsEncoding } from './messages/sms-segments.js';

/** Channels with real settings (SMTP, SMS provider, webhook secret, VAPID keys). */
export function configuredChannels(settings: MessagingSettings): ChannelName[] {
  const d = settings.delivery;
  return channelNames.filter((name) => Boolean({ email: d.smtp, sms: d.sms ?? d.vonage, webhook: d.webhook, webpush: d.webpush }[name]));
}

/**
 * What the server says at start-up and the console's banner shows: which channels are captured.
 * On PostgreSQL with no channel and no capture, publishing is refused (`refusal`) rather than queueing
 * messages nobody will send.
 */
export function deliveryMode(settings: MessagingSettings, onPostgres: boolean): { captured: ChannelName[]; refusal: string | null } {
  const configured = configuredChannels(settings);
  const captured = settings.capture ? channelNames.filter((n) => !configured.includes(n)) : [];
  const refusal = onPostgres && !configured.length && !captured.length
    ? 'no delivery channel is configured (WARDEN_SMTP_HOST, WARDEN_SMS_ACCOUNT_SID, WARDEN_WEBHOOK_SECRET or the VAPID keys), so nothing would be sent; configure one, or set WARDEN_CAPTURE=1 to capture the messages in the console\'s mailbox'
    : null;
  return { captured, refusal };
}

export const channelNames: readonly ChannelName[] = channels;

export class CaptureChannel implements Channel {
  constructor(readonly name: ChannelName, private readonly db: Db) {}

  async send(msg: OutgoingMessage): Promise<SendResult> {
    // A message sent twice (a lease that expired) is captured once, as a receiver would drop the copy by its id.
    await this.db.query(
      `INSERT INTO captured_messages (delivery_id, channel, recipient, subject, body_text, body_html, sms_text, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT (delivery_id) DO NOTHING`,
      [msg.deliveryId, this.name, msg.to, msg.subject ?? null, msg.text, msg.html ?? null,
        this.name === 'sms' ? (msg.sms ?? msg.text) : null, msg.payload === undefined ? null : JSON.stringify(msg.payload)]);
    return sent(`captured:${msg.deliveryId}`);
  }

  async close(): Promise<void> {}
}

export interface CapturedSummary {
  id: number; channel: string; recipient: string; subject: string | null; preview: string; capturedAt: string;
}
export interface CapturedMessage extends Omit<CapturedSummary, 'preview'> {
  deliveryId: string; text: string; html: string | null; sms: { text: string; segments: number; encoding: SmsEncoding } | null;
  payload: unknown; checkinUrl: string | null;
}

interface Row {
  id: string; delivery_id: string; channel: string; recipient: string; subject: string | null; body_text: string;
  body_html: string | null; sms_text: string | null; payload: unknown; captured_at: Date;
}

/** The newest captured messages, optionally for one recipient or channel (keyset on id). Audited: personal data. */
export async function listCaptured(db: Db, actor: Actor, opts: { recipient?: string; channel?: string; before?: number; limit: number }): Promise<{ items: CapturedSummary[]; total: number }> {
  return db.tx(async (tx) => {
    const result = await queryCaptured(tx, opts);
    await recordAudit(tx, actor, { action: 'mailbox.list', entity: 'mailbox', after: { filter: { recipient: opts.recipient ?? null, channel: opts.channel ?? null }, rows: result.items.length } });
    return result;
  });
}

async function queryCaptured(db: Db, opts: { recipient?: string; channel?: string; before?: number; limit: number }): Promise<{ items: CapturedSummary[]; total: number }> {
  const filter = `($1::text IS NULL OR recipient ILIKE '%' || $1 || '%') AND ($2::text IS NULL OR channel = $2)`;
  const params = [opts.recipient ?? null, opts.channel ?? null];
  const { rows } = await db.query<Row>(`SELECT id, channel, recipient, subject, left(coalesce(sms_text, body_text), 160) AS body_text, captured_at FROM captured_messages
      WHERE ${filter} AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4`, [...params, opts.before ?? null, opts.limit]);
  const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM captured_messages WHERE ${filter}`, params);
  return {
    items: rows.map((r) => ({ id: Number(r.id), channel: r.channel, recipient: r.recipient, subject: r.subject, preview: r.body_text, capturedAt: r.captured_at.toISOString() })),
    total: count.rows[0]!.n,
  };
}

/** One captured message, whole; the check-in link as sent (the first /c/ link of its text). Audited. */
export async function getCaptured(db: Db, actor: Actor, id: number): Promise<CapturedMessage> {
  return db.tx(async (tx) => {
    const { rows } = await tx.query<Row>('SELECT * FROM captured_messages WHERE id = $1', [id]);
    if (!rows[0]) throw notFound(`captured message ${id}`);
    await recordAudit(tx, actor, { action: 'mailbox.read', entity: 'captured_message', entityId: String(id) });
    return presentCaptured(rows[0]);
  });
}

function presentCaptured(r: Row): CapturedMessage {
  const link = /https?:\/\/[^\s"<>]+\/c\/[A-Za-z0-9_-]+/.exec(r.sms_text ?? r.body_text);
  const sms = r.sms_text === null ? null : { text: r.sms_text, ...smsSegments(r.sms_text) };
  return {
    id: Number(r.id), deliveryId: r.delivery_id, channel: r.channel, recipient: r.recipient, subject: r.subject, capturedAt: r.captured_at.toISOString(),
    text: r.body_text, html: r.body_html, sms: sms && { text: sms.text, segments: sms.segments, encoding: sms.encoding }, payload: r.payload, checkinUrl: link?.[0] ?? null,
  };
}
