/**
 * SMS through Vonage's (formerly Nexmo's) SMS API, behind the same Channel interface as the
 * Twilio-shaped channel; chosen with WARDEN_SMS_PROVIDER=vonage.
 *   POST {baseUrl}/sms/json  JSON { api_key, api_secret, from, to (digits, no "+"), text, type, client-ref, callback? }
 *   answer 200 with { "message-count", messages: [{ status: "0", "message-id", … } | { status: "<n>", "error-text" }] }
 * `client-ref` carries the delivery id, so delivery receipts (DLRs) name our row directly.
 * DLRs are signed with the account's signature secret: `sig` = HMAC-SHA256 (hex) of the
 * parameters other than sig, sorted by name, written `&name=value` with "&" and "=" in values
 * replaced by "_", plus a `timestamp` (Unix seconds) that must be recent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { classifyFetchError, classifyHttpFailure, excerpt, readBodySafely } from './http-outcome.js';
import { permanent, sent, transient, wrongChannel, type Channel, type OutgoingMessage, type SendResult } from './types.js';

export interface VonageSmsConfig {
  /** e.g. https://rest.nexmo.com */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  from: string;
  timeoutMs: number;
  /** Where Vonage should send delivery receipts (the account default when absent). */
  statusCallbackUrl?: string;
}

export const VONAGE_DEFAULTS = { baseUrl: 'https://rest.nexmo.com', timeoutMs: 10_000 } as const;

const E164 = /^\+[1-9]\d{6,14}$/;
/** Vonage status codes that mean "try again later" (throttling, outages, our account's state). */
const TRANSIENT_STATUSES = new Set(['1', '4', '5', '8', '9', '14']);

interface VonageAnswer { messages?: { status?: string; 'message-id'?: string; 'error-text'?: string }[] }

/** GSM-7 covers plain Latin text; anything else (Arabic, most accents) must go as unicode. */
const GSM7 = /^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅå_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

export class VonageSmsChannel implements Channel {
  readonly name = 'sms' as const;

  constructor(private readonly config: VonageSmsConfig) {}

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const misrouted = wrongChannel('sms', msg);
    if (misrouted) return misrouted;
    if (!E164.test(msg.to)) return permanent(`not an E.164 phone number: ${msg.to}`);
    const text = msg.sms ?? msg.text;
    const body = {
      api_key: this.config.apiKey, api_secret: this.config.apiSecret, from: this.config.from, to: msg.to.slice(1), text,
      type: GSM7.test(text) ? 'text' : 'unicode', 'client-ref': msg.deliveryId,
      ...(this.config.statusCallbackUrl ? { callback: this.config.statusCallbackUrl } : {}),
    };
    try {
      const response = await fetch(`${this.config.baseUrl.replace(/\/+$/, '')}/sms/json`, {
        method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(this.config.timeoutMs),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      });
      const answer = await readBodySafely(response);
      if (!response.ok) return classifyHttpFailure(response.status, excerpt(answer), response.headers.get('retry-after'));
      return classifyAnswer(answer, msg.deliveryId);
    } catch (error) {
      return classifyFetchError(error, this.config.timeoutMs);
    }
  }

  async close(): Promise<void> {
    // Stateless: fetch's global dispatcher owns the sockets.
  }
}

function classifyAnswer(answer: string, deliveryId: string): SendResult {
  let parsed: VonageAnswer | undefined;
  try { parsed = JSON.parse(answer) as VonageAnswer; } catch { parsed = undefined; }
  const parts = parsed?.messages ?? [];
  const failed = parts.find((m) => m.status !== '0');
  if (!failed && parts.length) return sent(parts[0]!['message-id'] || deliveryId);
  if (!failed) return transient(`unreadable provider answer: ${excerpt(answer)}`);
  const reason = `Vonage status ${failed.status}: ${failed['error-text'] ?? 'unknown error'}`;
  // A multi-part message with some parts accepted was sent in part: retrying would repeat those parts.
  if (parts.some((m) => m.status === '0')) return sent(parts.find((m) => m.status === '0')!['message-id'] || deliveryId);
  return TRANSIENT_STATUSES.has(String(failed.status)) ? transient(reason) : permanent(reason);
}

/** The string Vonage signs: parameters except sig, sorted by name, as &name=value with & and = in values made "_". */
function signedString(params: Record<string, string>): string {
  return Object.keys(params).filter((k) => k !== 'sig').sort()
    .map((k) => `&${k}=${params[k]!.replace(/[&=]/g, '_')}`).join('');
}

export function signVonageParams(secret: string, params: Record<string, string>): string {
  return createHmac('sha256', secret).update(signedString(params)).digest('hex');
}

/** True when `sig` matches and `timestamp` is within `toleranceSec` of now. */
export function verifyVonageSignature(secret: string, params: Record<string, string>, nowMs = Date.now(), toleranceSec = 300): boolean {
  const timestamp = Number(params.timestamp);
  if (!params.sig || !Number.isFinite(timestamp) || Math.abs(nowMs / 1000 - timestamp) > toleranceSec) return false;
  const expected = Buffer.from(signVonageParams(secret, params));
  const given = Buffer.from(params.sig.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
