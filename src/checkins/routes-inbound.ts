/**
 * Inbound replies.
 * POST /api/inbound/sms — the SMS provider's inbound webhook (Twilio shape: form fields From, To, Body,
 *   MessageSid; X-Twilio-Signature, verified with WARDEN_SMS_AUTH_TOKEN against the URL the provider
 *   called — the public URL or the request's own). Answers TwiML, so the provider texts the reply back.
 *   Without WARDEN_SMS_AUTH_TOKEN the endpoint answers 503: unsigned replies could mark people safe.
 *   With WARDEN_SMS_PROVIDER=vonage it takes Vonage's inbound shape instead (msisdn, to, text, messageId,
 *   in the query, JSON or form), signed with WARDEN_VONAGE_SIGNATURE_SECRET (channels/vonage-sms.ts), and
 *   answers 204: Vonage reads no reply from the answer, so the confirmation is not texted back.
 * POST /api/inbound/email — JSON {from, subject, text} from an inbound-mail service, authenticated by the
 *   header X-Warden-Inbound-Secret = WARDEN_INBOUND_EMAIL_SECRET (503 while unset). The keyword is read
 *   from the first non-empty line of the text, else from the subject. Answers JSON {result, reply}.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseInboundSms, parseVonageInbound, verifyInboundSmsSignature, verifyVonageSignature, type InboundSms } from '../delivery/channels/index.js';
import type { ZodApp } from '../zod-app.js';
import { problem, sendProblem } from '../http/problem.js';
import { normalizeContact } from '../travellers/normalize.js';
import { answerByReply } from './replies.js';
import type { CheckinServices } from './services.js';
import { escapeMarkup as xml } from '../markup.js';

const tags = ['check-ins'];
const emailBody = z.object({ from: z.string().min(3).max(500), subject: z.string().max(2000).default(''), text: z.string().max(100_000).default('') });

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function addressOf(from: string): string {
  const angle = /<([^>]+)>/.exec(from);
  return (angle ? angle[1]! : from).trim();
}

function flatParams(...sources: unknown[]): Record<string, string> {
  return Object.fromEntries(sources.flatMap((source) => Object.entries((source ?? {}) as Record<string, unknown>))
    .filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object' || Array.isArray(v))
    .map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
}

export async function inboundRoutes(app: ZodApp, s: CheckinServices): Promise<void> {
  const delivery = s.config.messaging.delivery;
  const smsAuthToken = delivery.sms?.authToken || undefined;
  const vonage = delivery.vonage;

  app.post('/api/inbound/sms', {
    config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
    bodyLimit: 64 * 1024,
    schema: { tags, summary: 'Inbound SMS webhook (provider-signed): SAFE / HELP / LEFT replies',
      response: { 200: { description: 'TwiML answer (Twilio shape): the reply texted back', content: { 'text/xml': { schema: z.string() } } }, 204: z.null() } },
  }, async (request, reply) => {
    let sms: InboundSms | undefined;
    if (vonage) {
      if (!vonage.signatureSecret) return sendProblem(reply, problem('not-configured', 503, 'inbound SMS needs WARDEN_VONAGE_SIGNATURE_SECRET to verify the signature'));
      const params = flatParams(request.query, request.body);
      if (!verifyVonageSignature(vonage.signatureSecret, params, vonage.signatureMethod)) return sendProblem(reply, problem('forbidden', 403, 'invalid, missing or stale signature'));
      sms = parseVonageInbound(params);
      if (!sms) return sendProblem(reply, problem('validation', 400, 'msisdn, to and messageId are required'));
    } else {
      if (!smsAuthToken) return sendProblem(reply, problem('not-configured', 503, 'inbound SMS needs WARDEN_SMS_AUTH_TOKEN to verify the provider signature'));
      const form = flatParams(request.body);
      const signature = request.headers['x-twilio-signature'];
      const given = typeof signature === 'string' ? signature : undefined;
      const urls = [`${s.config.publicUrl}${request.url}`, `${request.protocol}://${request.host}${request.url}`];
      if (!urls.some((url) => verifyInboundSmsSignature(smsAuthToken, url, form, given))) {
        return sendProblem(reply, problem('forbidden', 403, 'invalid or missing provider signature'));
      }
      sms = parseInboundSms(form);
      if (!sms) return sendProblem(reply, problem('validation', 400, 'From, To and MessageSid are required'));
    }
    let sender: string;
    try { sender = normalizeContact('sms', sms.from, 'From'); } catch { sender = sms.from; }
    const outcome = await answerByReply(s.db, 'sms', sender, sms.body, s.settings.graceHours, s.duty);
    if (outcome.result === 'recorded') s.afterAnswer(outcome.recorded);
    if (vonage) return reply.code(204).send(null);
    return reply.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xml(outcome.reply)}</Message></Response>`);
  });

  app.post('/api/inbound/email', {
    config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
    bodyLimit: 256 * 1024,
    schema: { tags, summary: 'Inbound e-mail webhook (X-Warden-Inbound-Secret): SAFE / HELP / LEFT replies', body: emailBody,
      response: { 200: z.object({ result: z.string(), reply: z.string() }) } },
  }, async (request, reply) => {
    const secret = s.settings.inboundEmailSecret;
    if (!secret) return sendProblem(reply, problem('not-configured', 503, 'inbound e-mail needs WARDEN_INBOUND_EMAIL_SECRET'));
    const header = request.headers['x-warden-inbound-secret'];
    if (!sameSecret(typeof header === 'string' ? header : undefined, secret)) return sendProblem(reply, problem('unauthorized', 401, 'missing or wrong X-Warden-Inbound-Secret'));
    let sender: string;
    try { sender = normalizeContact('email', addressOf(request.body.from), 'from'); } catch {
      return sendProblem(reply, problem('validation', 422, 'from: is not an e-mail address', [{ field: 'from', message: 'is not an e-mail address' }]));
    }
    const firstLine = request.body.text.split(/\r?\n/).map((l) => l.trim()).find((l) => l && !l.startsWith('>')) ?? '';
    const subject = request.body.subject.replace(/^\s*((re|fwd?|tr|aw|rv)\s*:\s*)+/i, '');
    let outcome = await answerByReply(s.db, 'email', sender, firstLine, s.settings.graceHours, s.duty);
    if (outcome.result === 'not-understood' && subject) outcome = await answerByReply(s.db, 'email', sender, subject, s.settings.graceHours, s.duty);
    if (outcome.result === 'recorded') s.afterAnswer(outcome.recorded);
    return { result: outcome.result, reply: outcome.reply };
  });
}
