/**
 * SMS through Vonage's (formerly Nexmo's) SMS API, behind the same Channel interface as the
 * Twilio-shaped channel; chosen with WARDEN_SMS_PROVIDER=vonage.
 *   POST {baseUrl}/sms/json  JSON { api_key, api_secret, from, to (digits, no "+"), text, type, client-ref, callback? }
 *   answer 200 with { "message-count", messages: [{ status: "0", "message-id", … } | { status: "<n>", "error-text" }] }
 * `client-ref` carries the delivery id, so delivery receipts (DLRs) name our row directly.
 * Signed webhooks (delivery receipts and inbound SMS, Vonage's "Signing messages" guide): the
 * parameters other than `sig` — query and body alike —, sorted by name, written `&name=value` with
 * "&" and "=" in values replaced by "_"; then, by the method chosen on the account's dashboard,
 * `md5hash` (Vonage's default): MD5 of that string followed by the signature secret, or an HMAC
 * (MD5, SHA-1, SHA-256, SHA-512) of the string keyed with the secret. Vonage writes the hex in
 * either case (lower for md5hash, upper for HMACs): compared case-insensitively, as its SDK does.
 * The `timestamp` parameter (Unix seconds) must be recent, so a captured request cannot be replayed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SmsProviderChannel } from './http-channel.js';
import { classifyHttpFailure, excerpt, readBodySafely } from './http-outcome.js';
import { permanent, sent, transient, type OutgoingMessage, type SendResult } from './types.js';

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

/** Vonage status codes that mean "try again later" (throttling, outages, our account's state). */
const TRANSIENT_STATUSES = new Set(['1', '4', '5', '8', '9', '14']);

interface VonageAnswer { messages?: { status?: string; 'message-id'?: string; 'error-text'?: string }[] }

/** GSM-7 covers plain Latin text; anything else (Arabic, most accents) must go as unicode. */
const GSM7 = /^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅå_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

export class VonageSmsChannel extends SmsProviderChannel {
  constructor(private readonly config: VonageSmsConfig) {
    super(config.timeoutMs);
  }

  protected async request(msg: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
    const text = msg.sms ?? msg.text;
    const body = {
      api_key: this.config.apiKey, api_secret: this.config.apiSecret, from: this.config.from, to: msg.to.slice(1), text,
      type: GSM7.test(text) ? 'text' : 'unicode', 'client-ref': msg.deliveryId,
      ...(this.config.statusCallbackUrl ? { callback: this.config.statusCallbackUrl } : {}),
    };
    const response = await fetch(`${this.config.baseUrl.replace(/\/+$/, '')}/sms/json`, {
      method: 'POST', body: JSON.stringify(body), signal,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
    const answer = await readBodySafely(response);
    if (!response.ok) return classifyHttpFailure(response.status, excerpt(answer), response.headers.get('retry-after'));
    return classifyAnswer(answer, msg.deliveryId);
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

/** The dashboard's "signature method" values, as WARDEN_VONAGE_SIGNATURE_METHOD takes them. */
export const vonageSignatureMethods = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const;
export type VonageSignatureMethod = (typeof vonageSignatureMethods)[number];

/** The string Vonage signs: parameters except sig, sorted by name, as &name=value with & and = in values made "_". */
function signedString(params: Record<string, string>): string {
  return Object.keys(params).filter((k) => k !== 'sig').sort()
    .map((k) => `&${k}=${params[k]!.replace(/[&=]/g, '_')}`).join('');
}

/** Lower-case hex signature of `params` (sig itself excluded) by the account's method. */
export function signVonageParams(secret: string, params: Record<string, string>, method: VonageSignatureMethod = 'md5hash'): string {
  const text = signedString(params);
  return method === 'md5hash' ? createHash('md5').update(text + secret).digest('hex') : createHmac(method, secret).update(text).digest('hex');
}

/** True when `sig` matches (any letter case) and `timestamp` is within `toleranceSec` of now. */
export function verifyVonageSignature(secret: string, params: Record<string, string>, method: VonageSignatureMethod = 'md5hash', nowMs = Date.now(), toleranceSec = 300): boolean {
  const timestamp = Number(params.timestamp);
  if (!params.sig || !Number.isFinite(timestamp) || Math.abs(nowMs / 1000 - timestamp) > toleranceSec) return false;
  const expected = Buffer.from(signVonageParams(secret, params, method));
  const given = Buffer.from(params.sig.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** An inbound SMS in Vonage's webhook shape (msisdn, to, text, messageId), or undefined when a field is missing. */
export function parseVonageInbound(params: Record<string, string>): { from: string; to: string; body: string; messageSid: string } | undefined {
  const { msisdn, to, messageId } = params;
  if (!msisdn || !to || !messageId) return undefined;
  return { from: `+${msisdn.replace(/^\+/, '')}`, to, body: params.text ?? '', messageSid: messageId };
}
