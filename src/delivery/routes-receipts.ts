/**
 * The providers' side: delivery receipts and bounces (docs/providers.md).
 * POST /api/providers/sms/status   Twilio status callback (form: MessageSid, MessageStatus, ErrorCode),
 *                                  X-Twilio-Signature checked with WARDEN_SMS_AUTH_TOKEN.
 * POST /api/providers/sms/vonage  Vonage delivery receipt (JSON or form, query too: client-ref, messageId,
 *                                  status, err-code), signed with WARDEN_VONAGE_SIGNATURE_SECRET by
 *                                  WARDEN_VONAGE_SIGNATURE_METHOD (channels/vonage-sms.ts).
 * POST /api/providers/email/mailgun  Mailgun webhook (delivered, failed), signed with
 *                                  WARDEN_MAILGUN_WEBHOOK_SIGNING_KEY: HMAC-SHA256(key, timestamp + token).
 * Each answers 503 while its secret is unset (an unsigned bounce could hide people), 403 on a bad
 * signature, 204 otherwise (also for receipts that match nothing).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { problem, sendProblem } from '../http/problem.js';
import { verifyInboundSmsSignature, verifyVonageSignature } from './channels/index.js';
import { deliveryIdFromMessageId, recordReceipts, twilioOutcome, vonageOutcome } from './receipts.js';

const tags = ['providers'];
const MAILGUN_TOLERANCE_SEC = 300;

function flatForm(body: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>)
    .filter(([, v]) => Array.isArray(v) || (v !== undefined && v !== null && typeof v !== 'object'))
    .map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));
}

const mailgunBody = z.object({
  signature: z.object({ timestamp: z.string().max(20), token: z.string().max(200), signature: z.string().max(200) }),
  'event-data': z.object({
    event: z.string().max(50),
    severity: z.string().max(50).optional(),
    reason: z.string().max(200).optional(),
    'delivery-status': z.object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().max(2000).optional(), description: z.string().max(2000).optional() }).optional(),
    message: z.object({ headers: z.object({ 'message-id': z.string().max(500).optional() }).optional() }).optional(),
  }),
});

export function signMailgun(signingKey: string, timestamp: string, token: string): string {
  return createHmac('sha256', signingKey).update(timestamp + token).digest('hex');
}

function validMailgunSignature(key: string, s: z.infer<typeof mailgunBody>['signature'], nowMs = Date.now()): boolean {
  if (Math.abs(nowMs / 1000 - Number(s.timestamp)) > MAILGUN_TOLERANCE_SEC) return false;
  const expected = Buffer.from(signMailgun(key, s.timestamp, s.token));
  const given = Buffer.from(s.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function calledUrls(request: FastifyRequest, publicUrl: string): string[] {
  return [`${publicUrl}${request.url}`, `${request.protocol}://${request.host}${request.url}`];
}

export async function providerReceiptRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const delivery = config.messaging.delivery;
  const limits = { rateLimit: { max: 3000, timeWindow: '1 minute' } };

  app.post('/api/providers/sms/status', {
    config: { access: 'public', ...limits }, bodyLimit: 64 * 1024,
    schema: { tags, summary: 'SMS delivery receipts: Twilio status callback (X-Twilio-Signature checked)', response: { 204: z.null() } },
  }, async (request, reply) => {
    const token = delivery.sms?.authToken;
    if (!token) return sendProblem(reply, problem('not-configured', 503, 'SMS receipts need WARDEN_SMS_AUTH_TOKEN to verify the provider signature'));
    const form = flatForm(request.body);
    const signature = request.headers['x-twilio-signature'];
    if (!calledUrls(request, config.publicUrl).some((url) => verifyInboundSmsSignature(token, url, form, typeof signature === 'string' ? signature : undefined))) {
      return sendProblem(reply, problem('forbidden', 403, 'invalid or missing provider signature'));
    }
    const outcome = twilioOutcome(form.MessageStatus);
    if (outcome && form.MessageSid) {
      await recordReceipts(db, [{ channel: 'sms', providerId: form.MessageSid, outcome, reason: `SMS ${form.MessageStatus}${form.ErrorCode ? ` (error ${form.ErrorCode})` : ''}` }]);
    }
    return reply.code(204).send(null);
  });

  // Set the account's DLR method to POST (JSON or form); the signed parameters are read from query and body alike.
  app.route({
    method: 'POST', url: '/api/providers/sms/vonage',
    config: { access: 'public', ...limits }, bodyLimit: 64 * 1024,
    schema: { tags, summary: 'SMS delivery receipts: Vonage DLR (signed)', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const secret = delivery.vonage?.signatureSecret;
      if (!secret) return sendProblem(reply, problem('not-configured', 503, 'Vonage receipts need WARDEN_VONAGE_SIGNATURE_SECRET to verify the signature'));
      const params = { ...flatForm(request.query), ...flatForm(request.body) };
      if (!verifyVonageSignature(secret, params, delivery.vonage?.signatureMethod)) return sendProblem(reply, problem('forbidden', 403, 'invalid, missing or stale signature'));
      const outcome = vonageOutcome(params.status);
      if (outcome) {
        await recordReceipts(db, [{
          channel: 'sms', deliveryId: params['client-ref'], providerId: params.messageId, outcome,
          reason: `SMS ${params.status}${params['err-code'] && params['err-code'] !== '0' ? ` (error ${params['err-code']})` : ''}`,
        }]);
      }
      return reply.code(204).send(null);
    },
  });

  app.post('/api/providers/email/mailgun', {
    config: { access: 'public', ...limits }, bodyLimit: 256 * 1024,
    schema: { tags, summary: 'E-mail delivered and bounced events: Mailgun webhook (signed)', body: mailgunBody, response: { 204: z.null() } },
  }, async (request, reply) => {
    const key = delivery.mailgunSigningKey;
    if (!key) return sendProblem(reply, problem('not-configured', 503, 'e-mail receipts need WARDEN_MAILGUN_WEBHOOK_SIGNING_KEY'));
    if (!validMailgunSignature(key, request.body.signature)) return sendProblem(reply, problem('forbidden', 403, 'invalid or stale signature'));
    const event = request.body['event-data'];
    const deliveryId = deliveryIdFromMessageId(event.message?.headers?.['message-id']);
    // "failed" with severity temporary is Mailgun still retrying: not a bounce yet.
    const outcome = event.event === 'delivered' ? 'delivered' : event.event === 'failed' && event.severity === 'permanent' ? 'bounced' : undefined;
    if (outcome && deliveryId) {
      const status = event['delivery-status'];
      const reason = [status?.code, status?.description || status?.message || event.reason].filter(Boolean).join(' ');
      await recordReceipts(db, [{ channel: 'email', deliveryId, outcome, reason: `bounced: ${reason || 'permanent failure'}` }]);
    }
    return reply.code(204).send(null);
  });
}
