/**
 * The SMS short form: at most two segments (306 GSM-7 septets or 134 UCS-2 units),
 * always ending with the check-in link. When the full form is too long, parts go in
 * this order: the actions, then the sender, then the end of the headline.
 */
import type { Labels } from './labels.js';
import { smsSegments, toGsm7 } from './sms-segments.js';
import type { MessageInput } from './types.js';

export const MAX_SMS_SEGMENTS = 2;

export function fitsSms(text: string): boolean {
  return smsSegments(text).segments <= MAX_SMS_SEGMENTS;
}

/** Prefers the text as written; falls back to its GSM-7 version when only that fits. */
function fitted(text: string): string | undefined {
  if (fitsSms(text)) return text;
  const gsm = toGsm7(text);
  return gsm !== undefined && fitsSms(gsm) ? gsm : undefined;
}

function compose(kind: string, sender: string | undefined, headline: string, actions: string | undefined, link: string): string {
  // Plain ASCII punctuation: a typographic dash alone would switch the SMS to UCS-2.
  const title = sender ? `${kind} (${sender})` : kind;
  return [`${title}: ${headline}`, actions, link].filter((part) => part !== undefined && part !== '').join('\n');
}

export function renderSms(input: MessageInput, labels: Labels): string {
  const kind = labels.kinds[input.kind];
  const link = `${labels.checkinShort} ${input.checkinUrl}`;
  const headline = oneLine(input.headline);
  const actions = oneLine(input.actions.join(' '));
  const sender = oneLine(input.senderName);
  const candidates = [
    compose(kind, sender, headline, actions, link),
    compose(kind, undefined, headline, actions, link),
    compose(kind, sender, headline, undefined, link),
    compose(kind, undefined, headline, undefined, link),
  ];
  for (const candidate of candidates) {
    const text = fitted(candidate);
    if (text !== undefined) return text;
  }
  return truncatedHeadline(kind, headline, link);
}

/** Longest prefix of the headline that still fits, marked with an ellipsis. */
function truncatedHeadline(kind: string, headline: string, link: string): string {
  const chars = Array.from(headline);
  let low = 0;
  let high = chars.length;
  let best: string | undefined;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const text = fitted(compose(kind, undefined, `${chars.slice(0, middle).join('').trimEnd()}…`, undefined, link));
    if (text !== undefined) {
      best = text;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  // Only an absurdly long link leaves no room at all; the link matters most.
  return best ?? link;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
