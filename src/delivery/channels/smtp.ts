/**
 * E-mail over SMTP through a nodemailer connection pool.
 *
 * The Message-ID is derived from the delivery id, so a message sent twice (a worker that
 * crashed after the server's 250 but before recording it) carries the same Message-ID
 * both times and can be recognised downstream.
 */
import { neutraliseBidi } from '../../bidi-controls.js';
import nodemailer from 'nodemailer';
import { PipelinedSmtp, type PipelineResult } from './smtp-pipeline.js';
import { MimeTemplates } from './smtp-template.js';
import { permanent, sent, transient, wrongChannel, type Channel, type OutgoingMessage, type SendResult } from './types.js';

export interface SmtpConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465). false: plain, upgraded by STARTTLS when offered. */
  secure: boolean;
  /** Refuse to send unless the server upgrades with STARTTLS (ignored when secure). */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  /** Envelope and header sender, e.g. `"Embassy Alerts" <alerts@example.org>`. */
  from: string;
  /** Right-hand side of generated Message-IDs: `<deliveryId@messageIdDomain>`. */
  messageIdDomain: string;
  /** Parallel SMTP connections the pool keeps open. */
  maxConnections: number;
  /** Messages per connection before the pool reconnects (limits long-session problems). */
  maxMessages: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** Accept self-signed certificates (test relays only). */
  allowInvalidCertificates?: boolean;
}

/** Defaults that suit a local relay (Postfix on the same host or network). */
export const SMTP_DEFAULTS = {
  port: 587,
  secure: false,
  maxConnections: 5,
  maxMessages: 100,
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  socketTimeoutMs: 30_000,
} as const;

export const DELIVERY_ID_HEADER = 'X-Warden-Delivery-Id';

/*
 * Every e-mail Warden sends, whatever composed it (alerts, duty notices, sign-in, subscriptions), has no bidi
 * controls in subject or body: a template's are removed once when it is built (MimeTemplates' clean step, ~5 µs a
 * message saved), a message built the usual way has them removed as it is built.
 */

export function messageIdFor(deliveryId: string, domain: string): string {
  return `<${deliveryId}@${domain}>`;
}

/**
 * Finds the server's queue id in its 250 answer to DATA. Postfix and most MTAs say
 * "250 2.0.0 Ok: queued as 4Bxyz"; others say "… id=XYZ".
 */
export function queueIdFromResponse(response: string | undefined): string | undefined {
  if (!response) return undefined;
  const match = /queued as\s+<?([^\s>]+)>?/i.exec(response) ?? /\bid=([^\s;,]+)/i.exec(response);
  return match?.[1];
}

/** Reply codes that are not the recipient's fault even though they start with 5. */
const RETRYABLE_5XX = new Set([
  503, // bad sequence of commands: the session was in the wrong state, not the message refused
]);

/** Nodemailer codes for failures of the connection, never of the message itself. */
const CONNECTION_ERROR_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROXY', 'EPROTOCOL']);

interface SmtpErrorShape {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Turns whatever nodemailer threw into a SendResult. */
export function classifySmtpError(error: unknown): SendResult {
  const err = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpErrorShape;
  const serverReply = err.response?.trim();
  // Checked before the reply code: a refused login answers 535, yet it is our
  // configuration that is wrong, not the traveller's address; retry once it is fixed.
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') return transient(`${err.code}: ${serverReply ?? err.message ?? ''}`.trim());
  // Also before the reply code: a relay that greets with 554 refuses us, not this address.
  if (err.code && CONNECTION_ERROR_CODES.has(err.code)) return transient(`${err.code}: ${serverReply ?? err.message ?? ''}`.trim());
  if (typeof err.responseCode === 'number') {
    const reason = serverReply || `${err.responseCode} ${err.message ?? ''}`.trim();
    if (err.responseCode >= 500 && !RETRYABLE_5XX.has(err.responseCode)) return permanent(reason);
    return transient(reason);
  }
  // Envelope problems without a server reply are invalid addresses detected locally.
  if (err.code === 'EENVELOPE') return permanent(`invalid envelope: ${err.message ?? ''}`.trim());
  return transient(`${err.code ?? 'error'}: ${err.message ?? String(error)}`);
}

export class SmtpChannel implements Channel {
  readonly name = 'email' as const;
  private readonly transport;
  private readonly templates = new MimeTemplates(neutraliseBidi);
  /** Finished messages to a plain relay go through pipelined sessions (smtp-pipeline.ts); null when TLS or credentials are set. */
  private readonly pipeline: PipelinedSmtp | null;

  constructor(private readonly config: SmtpConfig) {
    this.transport = nodemailer.createTransport({
      pool: true,
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: !config.secure && (config.requireTls ?? false),
      auth: config.auth,
      maxConnections: config.maxConnections,
      maxMessages: config.maxMessages,
      connectionTimeout: config.connectionTimeoutMs ?? SMTP_DEFAULTS.connectionTimeoutMs,
      greetingTimeout: config.greetingTimeoutMs ?? SMTP_DEFAULTS.greetingTimeoutMs,
      socketTimeout: config.socketTimeoutMs ?? SMTP_DEFAULTS.socketTimeoutMs,
      tls: config.allowInvalidCertificates ? { rejectUnauthorized: false } : undefined,
    });
    this.pipeline = config.secure || config.requireTls || config.auth ? null : new PipelinedSmtp({
      host: config.host, port: config.port, maxConnections: config.maxConnections, maxMessages: config.maxMessages,
      connectionTimeoutMs: config.connectionTimeoutMs ?? SMTP_DEFAULTS.connectionTimeoutMs, greetingTimeoutMs: config.greetingTimeoutMs ?? SMTP_DEFAULTS.greetingTimeoutMs,
      socketTimeoutMs: config.socketTimeoutMs ?? SMTP_DEFAULTS.socketTimeoutMs, clientName: config.messageIdDomain,
    });
  }

  /** A pipelined send's outcome as nodemailer's would be classified; null: no fast path for this relay, send the usual way. */
  private outcomeOf(result: PipelineResult, messageId: string): SendResult | null {
    if (result.kind === 'unsupported') return null;
    if (result.kind === 'failed') return transient(`${result.code}: ${result.message}`);
    const { reply } = result;
    if (result.step === 'end' && reply.code >= 200 && reply.code < 300) return sent(queueIdFromResponse(reply.text) ?? messageId);
    return classifySmtpError({ responseCode: reply.code, response: reply.text });
  }

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const misrouted = wrongChannel('email', msg);
    if (misrouted) return misrouted;
    const messageId = messageIdFor(msg.deliveryId, this.config.messageIdDomain);
    try {
      const spliced = msg.template && await this.templates.render({
        key: msg.template.key, from: this.config.from, subject: msg.subject ?? '', messageIdDomain: this.config.messageIdDomain,
        headers: msg.headers ?? {}, deliveryHeader: DELIVERY_ID_HEADER, placeholder: msg.template.placeholder, text: msg.template.text, html: msg.template.html,
      }, { to: msg.to, deliveryId: msg.deliveryId, token: msg.template.value });
      if (spliced && this.pipeline) {
        const outcome = this.outcomeOf(await this.pipeline.send(spliced.envelopeFrom, msg.to, spliced.raw.toString('latin1')), messageId);
        if (outcome) return outcome;
      }
      const info = await this.transport.sendMail(spliced
        ? { envelope: { from: spliced.envelopeFrom, to: [msg.to] }, raw: spliced.raw }
        : {
          from: this.config.from,
          to: msg.to,
          subject: neutraliseBidi(msg.subject ?? ''),
          text: neutraliseBidi(msg.text),
          html: msg.html === undefined ? undefined : neutraliseBidi(msg.html),
          messageId,
          headers: { ...msg.headers, [DELIVERY_ID_HEADER]: msg.deliveryId },
        });
      if (info.rejected.length > 0) return permanent(`recipient rejected: ${info.response}`);
      return sent(queueIdFromResponse(info.response) ?? messageId);
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.pipeline?.close();
    this.transport.close();
    this.templates.close();
  }
}
