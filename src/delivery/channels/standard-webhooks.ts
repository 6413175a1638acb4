/**
 * Standard Webhooks (standardwebhooks.com) headers, sent beside Warden-Signature so receivers can use
 * any Standard Webhooks library: webhook-id (the delivery id, also the idempotency key),
 * webhook-timestamp (Unix seconds) and webhook-signature ("v1,<base64 HMAC-SHA256 of id.timestamp.body>").
 * The key is WARDEN_WEBHOOK_SECRET's bytes as written (the library's "raw" format), the same secret as
 * Warden-Signature, so receivers configure one secret for either scheme.
 */
import { Webhook } from 'standardwebhooks';

export function standardWebhookHeaders(secret: string, deliveryId: string, timestampSec: number, body: string): Record<string, string> {
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': new Webhook(secret, { format: 'raw' }).sign(deliveryId, new Date(timestampSec * 1000), body),
  };
}
