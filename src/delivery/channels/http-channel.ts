/**
 * What every HTTP channel (the SMS providers, webhooks, web push) does around its one request: refuse a message
 * handed to the wrong channel or to an address it cannot take, send under the channel's timeout, and turn
 * whatever the request threw into a SendResult (http-outcome.ts), so a network error is never an exception
 * the worker has to understand. A subclass says what it refuses and how it makes its request and reads the answer.
 */
import { classifyFetchError, classifyGuardedFetchError } from './http-outcome.js';
import { permanent, wrongChannel, type Channel, type ChannelName, type OutgoingMessage, type SendResult } from './types.js';

const E164 = /^\+[1-9]\d{6,14}$/;

export abstract class HttpChannel implements Channel {
  abstract readonly name: ChannelName;

  /**
   * `guarded`: requests go through the outbound address guard (guardedFetch), whose refusal is final; the
   * others call a provider's fixed URL from the configuration.
   */
  protected constructor(private readonly timeoutMs: number, private readonly guarded: boolean) {}

  /** Why this message's address can never be sent to (a permanent failure), or undefined. */
  protected refusal(_msg: OutgoingMessage): string | undefined {
    return undefined;
  }

  /** Makes the request and reads its answer; may throw what fetch throws. */
  protected abstract request(msg: OutgoingMessage, signal: AbortSignal): Promise<SendResult>;

  async send(msg: OutgoingMessage): Promise<SendResult> {
    const misrouted = wrongChannel(this.name, msg);
    if (misrouted) return misrouted;
    const refused = this.refusal(msg);
    if (refused) return permanent(refused);
    try {
      return await this.request(msg, AbortSignal.timeout(this.timeoutMs));
    } catch (error) {
      return this.guarded ? classifyGuardedFetchError(error, this.timeoutMs) : classifyFetchError(error, this.timeoutMs);
    }
  }

  async close(): Promise<void> {
    // Stateless: fetch's global dispatcher owns the sockets.
  }
}

/** An SMS provider's API (Twilio's shape, Vonage's): the sms channel, E.164 numbers only, the provider's own URL. */
export abstract class SmsProviderChannel extends HttpChannel {
  readonly name = 'sms' as const;

  protected constructor(timeoutMs: number) {
    super(timeoutMs, false);
  }

  protected override refusal(msg: OutgoingMessage): string | undefined {
    return E164.test(msg.to) ? undefined : `not an E.164 phone number: ${msg.to}`;
  }
}
