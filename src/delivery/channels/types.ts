/**
 * The contract between the delivery worker and every channel.
 *
 * A channel never throws for a delivery problem: it classifies what happened so the
 * worker can decide without knowing the protocol. "transient" means "try again later"
 * (throttling, outages, timeouts); "permanent" means "retrying the same message will
 * fail the same way" (bad address, subscription gone). Throttling must never be treated
 * as final (listmonk #2273), so when in doubt a channel answers transient: the worker's
 * attempt limit still bounds the retries.
 */

import type { ChannelName } from '../../vocabulary.js';

export type { ChannelName };

export interface OutgoingMessage {
  /** The outbox row id (uuid). Also the idempotency key every channel passes downstream. */
  deliveryId: string;
  channel: ChannelName;
  /** E-mail address, E.164 phone number, webhook URL, or a JSON-encoded push subscription. */
  to: string;
  subject?: string;
  text: string;
  html?: string;
  /** Short form for SMS and push notifications (one or two SMS segments). */
  sms?: string;
  /** Structured body for webhooks and push; channels build a default one when absent. */
  payload?: unknown;
  headers?: Record<string, string>;
  /**
   * Set when the message is a template (the same for everyone with this key) filled with one personal
   * value, the check-in token: a channel whose output is costly to build (e-mail's MIME) may build it once
   * per key and splice the value in. `text` and `html` above are filled; these are not.
   */
  template?: { key: string; placeholder: string; value: string; text: string; html?: string };
}

export type SendResult =
  | { outcome: 'sent'; providerId: string }
  | { outcome: 'transient'; reason: string; retryAfterMs?: number }
  | { outcome: 'permanent'; reason: string };

export interface Channel {
  readonly name: ChannelName;
  send(msg: OutgoingMessage): Promise<SendResult>;
  /** Releases connections; the channel must not be used afterwards. */
  close(): Promise<void>;
}

export function sent(providerId: string): SendResult {
  return { outcome: 'sent', providerId };
}

export function transient(reason: string, retryAfterMs?: number): SendResult {
  return retryAfterMs === undefined
    ? { outcome: 'transient', reason }
    : { outcome: 'transient', reason, retryAfterMs };
}

export function permanent(reason: string): SendResult {
  return { outcome: 'permanent', reason };
}

/** Guards against the worker handing a message to the wrong channel. */
export function wrongChannel(expected: ChannelName, msg: OutgoingMessage): SendResult | undefined {
  return msg.channel === expected
    ? undefined
    : permanent(`message for channel "${msg.channel}" handed to the ${expected} channel`);
}
