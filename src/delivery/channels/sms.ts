/**
 * SMS through an HTTP provider with Twilio's API shape, the one most SMS providers copy:
 *   POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json
 *   form fields To, From, Body; HTTP basic auth AccountSid:AuthToken
 *   success: JSON with `sid`; failure: JSON { code, message, status }.
 * Also parses (and verifies) the same provider's inbound-SMS webhook, used by check-ins.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SmsProviderChannel } from './http-channel.js';
import { classifyHttpFailure, excerpt, readBodySafely } from './http-outcome.js';
import { sent, transient, type OutgoingMessage, type SendResult } from './types.js';

export interface SmsConfig {
  /** e.g. https://api.twilio.com (no trailing slash needed). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Sender: an E.164 number or an alphanumeric sender id. */
  from: string;
  timeoutMs: number;
  /** Where the provider should post delivery receipts, if anywhere. */
  statusCallbackUrl?: string;
}

export const SMS_DEFAULTS = { baseUrl: 'https://api.twilio.com', timeoutMs: 10_000 } as const;

export function messagesUrl(config: Pick<SmsConfig, 'baseUrl' | 'accountSid'>): string {
  const base = config.baseUrl.replace(/\/+$/, '');
  return `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
}

interface ProviderError {
  code?: number;
  message?: string;
  status?: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeProviderError(text: string): string {
  const parsed = parseJson(text) as ProviderError | undefined;
  if (parsed && typeof parsed === 'object' && (parsed.code !== undefined || parsed.message)) {
    return `${parsed.code ?? ''} ${parsed.message ?? ''}`.trim();
  }
  return excerpt(text);
}

export class SmsChannel extends SmsProviderChannel {
  constructor(private readonly config: SmsConfig) {
    super(config.timeoutMs);
  }

  protected async request(msg: OutgoingMessage, signal: AbortSignal): Promise<SendResult> {
    const form = new URLSearchParams({ To: msg.to, From: this.config.from, Body: msg.sms ?? msg.text });
    if (this.config.statusCallbackUrl) form.set('StatusCallback', this.config.statusCallbackUrl);
    const response = await fetch(messagesUrl(this.config), {
      method: 'POST',
      body: form,
      signal,
      headers: {
        Authorization: basicAuth(this.config.accountSid, this.config.authToken),
        Accept: 'application/json',
        // Providers that support it drop a repeated request; the others ignore it.
        'Idempotency-Key': msg.deliveryId,
      },
    });
    const answer = await readBodySafely(response);
    if (response.ok) return sentWithSid(answer, msg.deliveryId);
    return classifySmsFailure(response.status, answer, response.headers.get('retry-after'));
  }
}

function sentWithSid(answer: string, deliveryId: string): SendResult {
  const sid = (parseJson(answer) as { sid?: unknown } | undefined)?.sid;
  // The provider accepted the message; retrying because its answer lacked a sid would
  // send the SMS twice, so fall back to our own id.
  return sent(typeof sid === 'string' && sid ? sid : deliveryId);
}

function classifySmsFailure(status: number, answer: string, retryAfter: string | null): SendResult {
  const detail = describeProviderError(answer);
  // 401/403 mean our credentials or account are wrong: every message would fail, none by
  // the traveller's fault. Keep them retryable so fixing the configuration recovers them.
  if (status === 401 || status === 403) return transient(`HTTP ${status}: provider refused our credentials: ${detail}`);
  return classifyHttpFailure(status, detail, retryAfter);
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A message a traveller sent to our number, as the provider's webhook reports it. */
export interface InboundSms {
  from: string;
  to: string;
  body: string;
  messageSid: string;
}

export type InboundSmsForm = URLSearchParams | Record<string, string | string[] | undefined>;

function field(form: InboundSmsForm, name: string): string | undefined {
  if (form instanceof URLSearchParams) return form.get(name) ?? undefined;
  const value = form[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the inbound webhook's form fields; undefined when a required field is missing. */
export function parseInboundSms(form: InboundSmsForm): InboundSms | undefined {
  const from = field(form, 'From');
  const to = field(form, 'To');
  const messageSid = field(form, 'MessageSid') ?? field(form, 'SmsSid');
  const body = field(form, 'Body') ?? '';
  if (!from || !to || !messageSid) return undefined;
  return { from, to, body, messageSid };
}

/**
 * The provider signs inbound webhooks: base64 HMAC-SHA1, keyed with the auth token, of
 * the full URL followed by every form field name and value, names sorted.
 */
export function signInboundSms(authToken: string, url: string, form: Record<string, string>): string {
  const data = Object.keys(form)
    .sort()
    .reduce((acc, name) => acc + name + form[name], url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}

export function verifyInboundSmsSignature(
  authToken: string,
  url: string,
  form: Record<string, string>,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signInboundSms(authToken, url, form));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
