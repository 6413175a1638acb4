export * from './types.js';
export { SmtpChannel, SMTP_DEFAULTS, DELIVERY_ID_HEADER, messageIdFor, queueIdFromResponse, classifySmtpError, type SmtpConfig } from './smtp.js';
export {
  WebhookChannel,
  WEBHOOK_DEFAULTS,
  SIGNATURE_HEADER,
  IDEMPOTENCY_HEADER,
  DEFAULT_SIGNATURE_TOLERANCE_SEC,
  verifyWebhookSignature,
  buildSignatureHeader,
  signWebhookBody,
  type WebhookConfig,
} from './webhook.js';
export {
  SmsChannel,
  SMS_DEFAULTS,
  messagesUrl,
  parseInboundSms,
  signInboundSms,
  verifyInboundSmsSignature,
  type SmsConfig,
  type InboundSms,
  type InboundSmsForm,
} from './sms.js';
export { VonageSmsChannel, VONAGE_DEFAULTS, parseVonageInbound, signVonageParams, verifyVonageSignature, vonageSignatureMethods, type VonageSignatureMethod, type VonageSmsConfig } from './vonage-sms.js';
export { WebPushChannel, WEBPUSH_DEFAULTS, parsePushSubscription, topicFor, type WebPushConfig, type VapidKeys } from './webpush.js';
export { parseRetryAfter, isRetryableStatus } from './http-outcome.js';
