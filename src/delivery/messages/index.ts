export { renderMessage } from './render.js';
export { smsSegments } from './sms-segments.js';
export { LABELS, resolveLanguage } from './labels.js';
export type { AlertKind, MessageInput } from './types.js';
export { ALERT_KINDS } from './types.js';
