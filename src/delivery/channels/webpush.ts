/**
 * Web push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291).
 *
 * web-push builds the encrypted request; we send it with fetch ourselves because
 * web-push's own sender insists on https and hides 404/410/429 behind one error type.
 */
import webpush from 'web-push';
import { urlProblem } from '../../net/address-guard.js';
import { guardedFetch } from '../../net/guarded-fetch.js';
import { HttpChannel } from './http-channel.js';
import { classifyHttpFailure, discardBody, isHttpUrl } from './http-outcome.js';
import { permanent, sent, type OutgoingMessage, type SendResult } from './types.js';

export interface VapidKeys {
  /** "mailto:" address or https URL the push service can contact about our traffic. */
  subject: string;
  publicKey: string;
  privateKey: string;
}

export interface WebPushConfig {
  vapid: VapidKeys;
  /** How long the push service keeps an undelivered notification, in seconds. */
  ttlSeconds: number;
  timeoutMs: number;
  urgency?: 'very-low' | 'low' | 'normal' | 'high';
  /** Let push endpoints on private and loopback addresses, over http too, be called (WARDEN_FETCH_ALLOW_PRIVATE=1: tests). */
  allowPrivateAddresses?: boolean;
}

/** A day: a crisis alert older than that has been replaced by newer ones or by other channels. */
export const WEBPUSH_DEFAULTS = { ttlSeconds: 86_400, timeoutMs: 10_000, urgency: 'high' } as const;

interface PushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export function parsePushSubscription(to: string): PushSubscription | undefined {
  let value: unknown;
  try {
    value = JSON.parse(to);
  } catch {
    return undefined;
  }
  const candidate = value as Partial<PushSubscription> | null;
  if (!candidate || typeof candidate.endpoint !== 'string' || !isHttpUrl(candidate.endpoint)) return undefined;
  const keys = candidate.keys;
  if (!keys || typeof keys.p256dh !== 'string' || typeof keys.auth !== 'string') return undefined;
  return { endpoint: candidate.endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

/** What the service worker receives when the message carries no payload of its own. */
export function defaultPushPayload(msg: OutgoingMessage): unknown {
  return { deliveryId: msg.deliveryId, title: msg.subject ?? '', body: msg.sms ?? msg.text };
}

/**
 * A Topic lets the push service replace a still-undelivered copy of the same delivery
 * instead of showing it twice. It must be ≤ 32 URL-safe base64 characters: a uuid
 * without dashes is exactly 32 hex digits.
 */
export function topicFor(deliveryId: string): string | undefined {
  const compact = deliveryId.replace(/-/g, '');
  return /^[A-Za-z0-9_-]{1,32}$/.test(compact) ? compact : undefined;
}

export class WebPushChannel extends HttpChannel {
  readonly name = 'webpush' as const;

  constructor(private readonly config: WebPushConfig) {
    super(config.timeoutMs, true);
  }

  protected async request(msg: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
    const subscription = parsePushSubscription(msg.to);
    if (!subscription) return permanent('not a valid push subscription');
    const problem = urlProblem(subscription.endpoint, this.addressRules());
    if (problem) return permanent(`the push endpoint ${problem}`);
    let request: webpush.RequestDetails;
    try {
      request = webpush.generateRequestDetails(subscription, JSON.stringify(msg.payload ?? defaultPushPayload(msg)), {
        vapidDetails: this.config.vapid,
        TTL: this.config.ttlSeconds,
        urgency: this.config.urgency ?? WEBPUSH_DEFAULTS.urgency,
        topic: topicFor(msg.deliveryId),
        contentEncoding: 'aes128gcm',
      });
    } catch (error) {
      // Bad subscription keys (wrong length, not on the curve) never get better.
      return permanent(`cannot encrypt for this subscription: ${(error as Error).message}`);
    }
    const response = await guardedFetch(request.endpoint, {
      method: 'POST',
      headers: stringHeaders(request.headers),
      body: request.body ? new Uint8Array(request.body) : undefined,
      redirect: 'manual',
      signal,
    }, { allowPrivate: this.addressRules().allowPrivate });
    // The push service's answer is never read into a reason (see webhook.ts).
    await discardBody(response);
    if (response.status === 201 || response.status === 202) return sent(response.headers.get('location') ?? request.endpoint);
    if (response.status === 404 || response.status === 410) return permanent(`HTTP ${response.status}: subscription gone`);
    return classifyHttpFailure(response.status, '', response.headers.get('retry-after'));
  }

  /** Public https endpoints only, unless private addresses are allowed (then http on loopback too, for tests). */
  private addressRules(): { httpsOnly: boolean; allowPrivate: boolean } {
    const allowPrivate = this.config.allowPrivateAddresses ?? false;
    return { httpsOnly: !allowPrivate, allowPrivate };
  }
}

/** fetch wants string values and computes Content-Length from the body itself. */
function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-length' || value === undefined) continue;
    result[name] = String(value);
  }
  return result;
}
