/**
 * A local SMS provider with Twilio's API shape, on loopback:
 *   POST /2010-04-01/Accounts/{AccountSid}/Messages.json (form To, From, Body; basic auth)
 *   → 201 { sid, status: "queued", to, from, body, … }
 *   errors → { code, message, status, more_info }
 * It records accepted messages, can fail the next N requests with a given status, and can
 * play the provider's side of inbound SMS: a signed form POST to the app's webhook.
 * It also plays the provider's delivery receipts: Twilio's status callback (signed form POST to the
 * message's StatusCallback) and, for the Vonage shape it also speaks, signed DLRs:
 *   POST /sms/json (JSON api_key, api_secret, from, to, text, client-ref, callback) → 200
 *   { "message-count": "1", messages: [{ to, "message-id", status: "0", … }] } or status ≠ "0" with "error-text"
 * (Vonage uses the same key/secret pair as accountSid/authToken here.)
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signInboundSms } from '../../src/delivery/channels/sms.js';
import { signVonageParams } from '../../src/delivery/channels/vonage-sms.js';

export interface RecordedSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  /** Everything else that was posted (StatusCallback…; for Vonage the JSON fields). */
  form: Record<string, string>;
  idempotencyKey?: string;
  /** Which API shape accepted it. */
  shape: 'twilio' | 'vonage';
}

export interface ScriptedFailure {
  /** HTTP status (Twilio shape); the Vonage shape answers 200 with `vonageStatus` unless this is ≥ 500 or 429. */
  status: number;
  vonageStatus?: string;
  code?: number;
  message?: string;
  retryAfter?: string;
}

export interface FakeSmsProvider {
  /** Base URL to put in SmsConfig.baseUrl. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: RecordedSms[];
  /** Requests seen, accepted or not. */
  readonly requestCount: number;
  /** Answers the next `count` send requests with this failure. */
  failNext(count: number, failure: ScriptedFailure): void;
  /** Posts an inbound SMS to the app's webhook the way the provider would, signed. */
  sendInbound(webhookUrl: string, sms: { from: string; to: string; body: string }): Promise<Response>;
  /** Posts Twilio's status callback for a recorded message to its StatusCallback (or `url`), signed. */
  sendStatus(message: RecordedSms, status: 'delivered' | 'undelivered' | 'failed' | 'sent', opts?: { errorCode?: string; url?: string }): Promise<Response>;
  /** Posts a Vonage DLR for a recorded message to its callback (or `url`), signed with `signatureSecret`. */
  sendVonageReceipt(message: RecordedSms, status: 'delivered' | 'failed' | 'rejected' | 'expired' | 'accepted', signatureSecret: string, opts?: { errCode?: string; url?: string; timestamp?: number }): Promise<Response>;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** Twilio error codes used by the fake; real ones, so tests read like production logs. */
const ERRORS = {
  authentication: { code: 20003, message: 'Authenticate' },
  invalidTo: { code: 21211, message: "The 'To' number is not a valid phone number." },
  missingBody: { code: 21602, message: 'Message body is required.' },
  tooManyRequests: { code: 20429, message: 'Too Many Requests' },
  notFound: { code: 20404, message: 'The requested resource was not found' },
};

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, error: { code: number; message: string }, headers?: Record<string, string>): void {
  sendJson(response, status, { ...error, status, more_info: `https://www.twilio.com/docs/errors/${error.code}` }, headers);
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export async function startFakeSmsProvider(
  options: { accountSid?: string; authToken?: string } = {},
): Promise<FakeSmsProvider> {
  const accountSid = options.accountSid ?? newSid('AC');
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const messages: RecordedSms[] = [];
  const failures: ScriptedFailure[] = [];
  let requestCount = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.url === '/sms/json') return handleVonage(request, response);
    const form = await readForm(request);
    requestCount += 1;
    if (request.method !== 'POST' || request.url !== messagesPath) return sendError(response, 404, ERRORS.notFound);
    if (request.headers.authorization !== expectedAuth) return sendError(response, 401, ERRORS.authentication);
    const failure = failures.shift();
    if (failure) return answerFailure(response, failure);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!E164.test(to)) return sendError(response, 400, ERRORS.invalidTo);
    if (body === '') return sendError(response, 400, ERRORS.missingBody);
    const sid = newSid('SM');
    const idempotencyKey = request.headers['idempotency-key'];
    messages.push({
      sid,
      to,
      from,
      body,
      form: Object.fromEntries(form),
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      shape: 'twilio',
    });
    sendJson(response, 201, { sid, account_sid: accountSid, to, from, body, status: 'queued', date_created: new Date().toUTCString() });
  }

  async function handleVonage(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    requestCount += 1;
    let body: Record<string, string>;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>; } catch { return sendJson(response, 400, { 'error-text': 'Bad JSON' }); }
    const answer = (status: string, errorText: string) => sendJson(response, 200, { 'message-count': '1', messages: [{ status, 'error-text': errorText }] });
    if (request.method !== 'POST') return sendJson(response, 405, {});
    if (body.api_key !== accountSid || body.api_secret !== authToken) return answer('4', 'Bad Credentials');
    const failure = failures.shift();
    if (failure) {
      if (failure.status >= 500 || failure.status === 429) return answerFailure(response, failure);
      return answer(failure.vonageStatus ?? '5', failure.message ?? 'Scripted failure');
    }
    if (!/^[1-9]\d{6,14}$/.test(body.to ?? '')) return answer('3', 'Invalid to address');
    if (!body.text) return answer('2', 'Missing text');
    const sid = randomBytes(8).toString('hex').toUpperCase();
    messages.push({ sid, to: `+${body.to}`, from: body.from ?? '', body: body.text, form: body, shape: 'vonage' });
    sendJson(response, 200, { 'message-count': '1', messages: [{ to: body.to, 'message-id': sid, status: '0', 'remaining-balance': '10.0', 'message-price': '0.03', network: '41820' }] });
  }

  function answerFailure(response: ServerResponse, failure: ScriptedFailure): void {
    const fallback = failure.status === 429 ? ERRORS.tooManyRequests : { code: 30000 + failure.status, message: 'Scripted failure' };
    const headers: Record<string, string> = failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {};
    sendError(response, failure.status, { code: failure.code ?? fallback.code, message: failure.message ?? fallback.message }, headers);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => sendJson(response, 500, { code: 20500, message: error.message, status: 500 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    get requestCount() {
      return requestCount;
    },
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    sendInbound(webhookUrl, sms) {
      const form = { AccountSid: accountSid, MessageSid: newSid('SM'), From: sms.from, To: sms.to, Body: sms.body, NumMedia: '0' };
      return fetch(webhookUrl, {
        method: 'POST',
        body: new URLSearchParams(form),
        headers: { 'X-Twilio-Signature': signInboundSms(authToken, webhookUrl, form) },
      });
    },
    sendStatus(message, status, opts = {}) {
      const url = opts.url ?? message.form.StatusCallback;
      if (!url) throw new Error('the message had no StatusCallback');
      const form: Record<string, string> = { AccountSid: accountSid, MessageSid: message.sid, SmsSid: message.sid, MessageStatus: status, SmsStatus: status, To: message.to, From: message.from, ApiVersion: '2010-04-01' };
      if (opts.errorCode) form.ErrorCode = opts.errorCode;
      return fetch(url, { method: 'POST', body: new URLSearchParams(form), headers: { 'X-Twilio-Signature': signInboundSms(authToken, url, form) } });
    },
    sendVonageReceipt(message, status, signatureSecret, opts = {}) {
      const url = opts.url ?? message.form.callback;
      if (!url) throw new Error('the message had no callback');
      const params: Record<string, string> = {
        msisdn: message.to.slice(1), to: message.from, 'network-code': '41820', messageId: message.sid, price: '0.03', status,
        scts: '2001031200', 'err-code': opts.errCode ?? (status === 'delivered' ? '0' : '1'), 'message-timestamp': new Date().toISOString().slice(0, 19).replace('T', ' '),
        timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)), nonce: randomBytes(8).toString('hex'),
        ...(message.form['client-ref'] ? { 'client-ref': message.form['client-ref'] } : {}),
      };
      params.sig = signVonageParams(signatureSecret, params);
      return fetch(url, { method: 'POST', body: JSON.stringify(params), headers: { 'Content-Type': 'application/json' } });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
