export * from './types.js';
export { SmtpChannel, SMTP_DEFAULTS, type SmtpConfig } from './smtp.js';
export {
  WebhookChannel,
  WEBHOOK_DEFAULTS,
  verifyWebhookSignature,
  type WebhookConfig,
} from './webhook.js';
export {
  SmsChannel,
  SMS_DEFAULTS,
  parseInboundSms,
  verifyInboundSmsSignature,
  type InboundSms,
  type SmsConfig,
} from './sms.js';
export { VonageSmsChannel, parseVonageInbound, verifyVonageSignature } from './vonage-sms.js';
export { WebPushChannel, WEBPUSH_DEFAULTS, type WebPushConfig } from './webpush.js';
