/**
 * Webhooks: a signed JSON POST to a receiver's URL.
 *
 * Signature scheme (the one payment providers made familiar):
 *   Warden-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
 * The timestamp inside the signed string stops replays of old requests; receivers
 * verify with `verifyWebhookSignature`. Idempotency-Key carries the delivery id so a
 * receiver can drop a repeat of a delivery it already processed. Standard Webhooks headers
 * (webhook-id, webhook-timestamp, webhook-signature) are sent too: see standard-webhooks.ts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { urlProblem } from '../../net/address-guard.js';
import { guardedFetch } from '../../net/guarded-fetch.js';
import { HttpChannel } from './http-channel.js';
import { classifyHttpFailure, discardBody } from './http-outcome.js';
import { standardWebhookHeaders } from './standard-webhooks.js';
import { permanent, sent, type OutgoingMessage, type SendResult } from './types.js';

export const SIGNATURE_HEADER = 'Warden-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Receivers should refuse signatures older (or newer) than this many seconds. */
export const DEFAULT_SIGNATURE_TOLERANCE_SEC = 300;

export interface WebhookConfig {
  /** Shared secret used to sign every request. */
  secret: string;
  /** How long to wait for the receiver's answer. */
  timeoutMs: number;
  userAgent?: string;
  /** Injected for tests; seconds since the epoch. */
  nowSec?: () => number;
  /**
   * Let receivers on private and loopback addresses be called (WARDEN_FETCH_ALLOW_PRIVATE=1: tests, closed
   * networks). Off by default: travellers choose these URLs, so the server must not call inward for them.
   */
  allowPrivateAddresses?: boolean;
}

export const WEBHOOK_DEFAULTS = { timeoutMs: 10_000, userAgent: 'Warden-Webhooks/1' } as const;

export function signWebhookBody(secret: string, timestampSec: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
}

export function buildSignatureHeader(secret: string, timestampSec: number, body: string): string {
  return `t=${timestampSec},v1=${signWebhookBody(secret, timestampSec, body)}`;
}

/**
 * Checks a Warden-Signature header against the raw body. Accepts several v1 entries
 * (senders rotating secrets sign with both). Returns false for anything malformed.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined | null,
  body: string,
  toleranceSec: number = DEFAULT_SIGNATURE_TOLERANCE_SEC,
  nowSec: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  const parsed = parseSignatureHeader(header);
  if (parsed.timestamp === undefined || parsed.signatures.length === 0) return false;
  if (Math.abs(nowSec - parsed.timestamp) > toleranceSec) return false;
  const expected = Buffer.from(signWebhookBody(secret, parsed.timestamp, body), 'hex');
  return parsed.signatures.some((candidate) => sameBytes(expected, candidate));
}

function parseSignatureHeader(header: string): { timestamp?: number; signatures: Buffer[] } {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  return { timestamp, signatures };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The JSON body sent when the message carries no payload of its own. */
export function defaultWebhookPayload(msg: OutgoingMessage): unknown {
  return { deliveryId: msg.deliveryId, subject: msg.subject, text: msg.text, html: msg.html, sms: msg.sms };
}

export class WebhookChannel extends HttpChannel {
  readonly name = 'webhook' as const;

  constructor(private readonly config: WebhookConfig) {
    super(config.timeoutMs, true);
  }

  protected override refusal(msg: OutgoingMessage): string | undefined {
    const problem = urlProblem(msg.to, { allowPrivate: this.config.allowPrivateAddresses ?? false });
    return problem && `the webhook URL ${problem}`;
  }

  protected async request(msg: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
    const body = JSON.stringify(msg.payload ?? defaultWebhookPayload(msg));
    const timestamp = this.config.nowSec?.() ?? Math.floor(Date.now() / 1000);
    const response = await guardedFetch(msg.to, {
      method: 'POST',
      body,
      // A redirect would replay a signed request to a URL nobody configured.
      redirect: 'manual',
      signal,
      headers: {
        ...msg.headers,
        'Content-Type': 'application/json',
        'User-Agent': this.config.userAgent ?? WEBHOOK_DEFAULTS.userAgent,
        [SIGNATURE_HEADER]: buildSignatureHeader(this.config.secret, timestamp, body),
        [IDEMPOTENCY_HEADER]: msg.deliveryId,
        ...standardWebhookHeaders(this.config.secret, msg.deliveryId, timestamp, body),
      },
    }, { allowPrivate: this.config.allowPrivateAddresses ?? false });
    // The receiver's answer is never read into a reason: it would carry whatever an inward service said.
    await discardBody(response);
    if (response.status >= 200 && response.status < 300) return sent(response.headers.get('x-request-id') ?? msg.deliveryId);
    if (response.status >= 300 && response.status < 400) return permanent(`HTTP ${response.status}: redirects are not followed`);
    return classifyHttpFailure(response.status, '', response.headers.get('retry-after'));
  }
}
