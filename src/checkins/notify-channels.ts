/**
 * The channels check-ins send through directly (not through the outbox): duty-officer notices and
 * traveller sign-in links. They reuse the delivery channel classes and their settings
 * (WARDEN_SMTP_*, WARDEN_WEBHOOK_SECRET), so there is one SMTP and one webhook configuration.
 */
import { SmtpChannel, WebhookChannel, WEBHOOK_DEFAULTS, type Channel } from '../delivery/channels/index.js';
import { deliveryConfigFromEnv } from '../delivery/config.js';

export interface NotifyChannels { email: Channel | null; webhook: Channel | null; close(): Promise<void> }

export function notifyChannelsFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): NotifyChannels {
  const delivery = deliveryConfigFromEnv(env, publicUrl);
  const email = delivery.smtp ? new SmtpChannel({ ...delivery.smtp, maxConnections: Math.min(2, delivery.smtp.maxConnections) }) : null;
  // The duty webhook is the operators' own setting (WARDEN_DUTY_WEBHOOK_URL), often an internal service:
  // the public-address rule is for URLs travellers choose.
  const webhook = delivery.webhook ? new WebhookChannel({ ...delivery.webhook, timeoutMs: delivery.webhook.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs, allowPrivateAddresses: true }) : null;
  return { email, webhook, close: async () => { await email?.close(); await webhook?.close(); } };
}
