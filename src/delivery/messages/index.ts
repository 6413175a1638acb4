export { renderMessage, renderSubject, formatDate } from './render.js';
export { renderSms, fitsSms, MAX_SMS_SEGMENTS } from './sms.js';
export { smsSegments, isGsm7, toGsm7, SMS_LIMITS, type SmsEncoding, type SmsSegmentCount } from './sms-segments.js';
export { LABELS, resolveLanguage, DEFAULT_LANGUAGE, type Labels, type SupportedLanguage } from './labels.js';
export { escapeHtml } from './html.js';
export type { AlertKind, Assistance, ContactCard, MessageInput, RenderedMessage, RenderChannel } from './types.js';
export { ALERT_KINDS } from './types.js';
