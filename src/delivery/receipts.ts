/**
 * Delivery receipts and bounces from the providers, written per delivery: a receipt marks a sent
 * delivery delivered (delivered_at), a bounce marks it 'bounced' with the provider's reason, which
 * the accountability board counts as "not reachable" on that channel. Receipts are idempotent and
 * only touch sent deliveries of the channel they name; unknown ids are ignored (providers retry
 * webhooks, and a receipt must never reveal which deliveries exist).
 */
import type { Db } from '../db/index.js';

export interface Receipt {
  channel: 'sms' | 'email';
  /** Our delivery id (e-mail Message-ID, Vonage client-ref), when the provider echoes it. */
  deliveryId?: string;
  /** The provider's message id (Twilio MessageSid), when that is all it sends. */
  providerId?: string;
  outcome: 'delivered' | 'bounced';
  reason?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Applies receipts in one statement; answers how many deliveries they changed. */
export async function recordReceipts(db: Db, receipts: readonly Receipt[]): Promise<{ updated: number }> {
  const rows = receipts
    .filter((r) => (r.deliveryId && UUID.test(r.deliveryId)) || r.providerId)
    .map((r) => ({ delivery_id: r.deliveryId && UUID.test(r.deliveryId) ? r.deliveryId : null, provider_id: r.providerId ?? null, channel: r.channel, outcome: r.outcome, reason: r.reason?.slice(0, 500) ?? null }));
  if (!rows.length) return { updated: 0 };
  const result = await db.query(
    `UPDATE deliveries d
        SET delivered_at = CASE WHEN r.outcome = 'delivered' THEN coalesce(d.delivered_at, now()) ELSE d.delivered_at END,
            state = CASE WHEN r.outcome = 'bounced' THEN 'bounced' ELSE d.state END,
            last_error = CASE WHEN r.outcome = 'bounced' THEN coalesce(r.reason, 'bounced') ELSE d.last_error END,
            finished_at = CASE WHEN r.outcome = 'bounced' THEN now() ELSE d.finished_at END
       FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id uuid, provider_id text, channel text, outcome text, reason text)
      WHERE d.channel = r.channel AND d.state = 'sent'
        AND (d.id = r.delivery_id OR (r.delivery_id IS NULL AND d.provider_id = r.provider_id))
        AND (r.outcome = 'bounced' OR d.delivered_at IS NULL)`,
    [JSON.stringify(rows)]);
  return { updated: result.rowCount };
}

/** Twilio's MessageStatus → a receipt outcome (queued, sending, sent and accepted are not final). */
export function twilioOutcome(status: string | undefined): Receipt['outcome'] | undefined {
  if (status === 'delivered' || status === 'read') return 'delivered';
  if (status === 'undelivered' || status === 'failed') return 'bounced';
  return undefined;
}

/** Vonage DLR status → a receipt outcome (accepted, buffered and unknown are not final). */
export function vonageOutcome(status: string | undefined): Receipt['outcome'] | undefined {
  if (status === 'delivered') return 'delivered';
  if (status === 'failed' || status === 'rejected' || status === 'expired') return 'bounced';
  return undefined;
}

/** The delivery id in a Message-ID Warden wrote (<deliveryId@domain>). */
export function deliveryIdFromMessageId(messageId: string | undefined): string | undefined {
  const id = messageId?.trim().replace(/^</, '').split('@')[0];
  return id && UUID.test(id) ? id.toLowerCase() : undefined;
}
