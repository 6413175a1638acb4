/**
 * Delivery settings, each with its default. Parsed once, by src/config.ts (config.messaging.delivery):
 *
 * E-mail (the channel is on when WARDEN_SMTP_HOST is set)
 *   WARDEN_SMTP_HOST             —             relay host name
 *   WARDEN_SMTP_PORT             587           relay port
 *   WARDEN_SMTP_SECURE           false         true = TLS from the first byte (port 465)
 *   WARDEN_SMTP_REQUIRE_TLS      false         refuse to send unless STARTTLS succeeds
 *   WARDEN_SMTP_USER / _PASS     —             AUTH credentials (both or neither)
 *   WARDEN_SMTP_FROM             "Warden Alerts" <alerts@localhost>
 *   WARDEN_SMTP_MESSAGE_ID_DOMAIN  host of WARDEN_PUBLIC_URL   Message-ID is <deliveryId@this>
 *   WARDEN_SMTP_MAX_CONNECTIONS  5             pooled connections per worker
 *   WARDEN_SMTP_MAX_MESSAGES     100           messages per connection before reconnecting
 * SMS: WARDEN_SMS_PROVIDER       twilio        twilio | vonage
 *   twilio (on when WARDEN_SMS_ACCOUNT_SID is set; Twilio-shaped HTTP API)
 *   WARDEN_SMS_URL               https://api.twilio.com
 *   WARDEN_SMS_ACCOUNT_SID / WARDEN_SMS_AUTH_TOKEN / WARDEN_SMS_FROM
 *   WARDEN_SMS_STATUS_CALLBACK_URL  <public URL>/api/providers/sms/status   delivery receipts (signed like inbound SMS)
 *   vonage (on when WARDEN_VONAGE_API_KEY is set; Vonage SMS API)
 *   WARDEN_SMS_URL               https://rest.nexmo.com
 *   WARDEN_VONAGE_API_KEY / WARDEN_VONAGE_API_SECRET / WARDEN_SMS_FROM
 *   WARDEN_VONAGE_SIGNATURE_SECRET  —          verifies signed delivery receipts and inbound SMS (refused without it)
 *   WARDEN_VONAGE_SIGNATURE_METHOD  md5hash    the dashboard's signature method: md5hash | md5 | sha1 | sha256 | sha512
 *   WARDEN_SMS_STATUS_CALLBACK_URL  <public URL>/api/providers/sms/vonage
 * E-mail bounces and deliveries (Mailgun webhooks, POST /api/providers/email/mailgun)
 *   WARDEN_MAILGUN_WEBHOOK_SIGNING_KEY  —      the webhook signing key (receipts are refused without it)
 * Webhook and web push go to public addresses only (web push: https only), checked when sending on the
 * address connected to (src/net/): WARDEN_FETCH_ALLOW_PRIVATE=1 lifts that for tests and closed networks.
 * Webhook (on when WARDEN_WEBHOOK_SECRET is set): JSON POST signed with HMAC-SHA256
 *   WARDEN_WEBHOOK_SECRET        —             signing secret shared with receivers
 *   WARDEN_WEBHOOK_TIMEOUT_MS    10000
 * Web push (on when both VAPID keys are set)
 *   WARDEN_VAPID_PUBLIC_KEY / WARDEN_VAPID_PRIVATE_KEY   —   (npx web-push generate-vapid-keys)
 *   WARDEN_VAPID_SUBJECT         mailto:alerts@localhost
 *   WARDEN_WEBPUSH_TTL_SEC       86400
 * Rates (token buckets per channel): WARDEN_RATE_<CHANNEL>_PER_SEC / _BURST, see rate-limit.ts.
 * Retries: WARDEN_RETRY_BASE_MS (15000), WARDEN_RETRY_MAX_MS (900000), WARDEN_RETRY_MAX_ATTEMPTS (8), see retry.ts.
 * Worker
 *   WARDEN_WORKER_BATCH          100           rows claimed per batch = the most one crash can send twice
 *   WARDEN_WORKER_CONCURRENCY    20            sends in flight per worker
 *   WARDEN_WORKER_LEASE_MS       60000         a claimed row whose worker stops renewing it (every third of this, while
 *                                              its sends are in flight) is reclaimed by any worker; at least 1000
 *   WARDEN_WORKER_POLL_MS        1000          idle wait between claims when the outbox is empty
 */
import { SMS_DEFAULTS, SMTP_DEFAULTS, WEBHOOK_DEFAULTS, WEBPUSH_DEFAULTS, type SmsConfig, type SmtpConfig, type WebhookConfig, type WebPushConfig } from './channels/index.js';
import { VONAGE_DEFAULTS, vonageSignatureMethods, type VonageSignatureMethod, type VonageSmsConfig } from './channels/vonage-sms.js';
import { channelRatesFromEnv, type RateLimit } from './rate-limit.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import type { ChannelName } from './channels/types.js';
import { envNumber } from '../env-number.js';

export interface WorkerSettings { batchSize: number; concurrency: number; leaseMs: number; pollMs: number }
export const WORKER_DEFAULTS: Readonly<WorkerSettings> = { batchSize: 100, concurrency: 20, leaseMs: 60_000, pollMs: 1_000 };

/** The shortest lease that a renewal every third of it can keep alive through a slow database round trip. */
export const MIN_LEASE_MS = 1_000;

/**
 * Refuses worker settings under which the duplicate bound (2 × batch per lost worker) cannot hold: a lease so
 * short that it can expire between two renewals hands rows that are still being sent to another worker.
 */
export function validateWorkerSettings(worker: WorkerSettings): WorkerSettings {
  if (!(worker.leaseMs >= MIN_LEASE_MS)) {
    throw new RangeError(`WARDEN_WORKER_LEASE_MS must be at least ${MIN_LEASE_MS} ms, got ${worker.leaseMs}: the worker renews its leases every third of it while sends are in flight, and a shorter lease can expire between two renewals, so another worker would send the same messages again`);
  }
  return worker;
}

export interface DeliveryConfig {
  smtp?: SmtpConfig;
  /** Twilio-shaped SMS (WARDEN_SMS_PROVIDER unset or twilio). */
  sms?: SmsConfig;
  /** Vonage SMS (WARDEN_SMS_PROVIDER=vonage); used for the sms channel instead of `sms`. */
  vonage?: VonageSmsConfig & { signatureSecret?: string; signatureMethod: VonageSignatureMethod };
  /** Mailgun's webhook signing key: verifies e-mail delivered/bounced events. */
  mailgunSigningKey?: string;
  webhook?: WebhookConfig;
  webpush?: WebPushConfig;
  rates: Record<ChannelName, RateLimit>;
  retry: RetryPolicy;
  worker: WorkerSettings;
}

const num = (env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1) => envNumber(env, name, { fallback, min });

const bool = (raw: string | undefined) => raw === '1' || raw?.toLowerCase() === 'true';

export function deliveryConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl = 'http://localhost'): DeliveryConfig {
  const config: DeliveryConfig = {
    rates: channelRatesFromEnv(env),
    retry: {
      baseMs: num(env, 'WARDEN_RETRY_BASE_MS', DEFAULT_RETRY_POLICY.baseMs),
      maxMs: num(env, 'WARDEN_RETRY_MAX_MS', DEFAULT_RETRY_POLICY.maxMs),
      maxAttempts: num(env, 'WARDEN_RETRY_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts),
    },
    worker: validateWorkerSettings({
      batchSize: num(env, 'WARDEN_WORKER_BATCH', WORKER_DEFAULTS.batchSize),
      concurrency: num(env, 'WARDEN_WORKER_CONCURRENCY', WORKER_DEFAULTS.concurrency),
      leaseMs: num(env, 'WARDEN_WORKER_LEASE_MS', WORKER_DEFAULTS.leaseMs, 1),
      pollMs: num(env, 'WARDEN_WORKER_POLL_MS', WORKER_DEFAULTS.pollMs, 10),
    }),
  };
  if (env.WARDEN_SMTP_HOST) {
    const user = env.WARDEN_SMTP_USER;
    const pass = env.WARDEN_SMTP_PASS;
    if (Boolean(user) !== Boolean(pass)) throw new RangeError('set both WARDEN_SMTP_USER and WARDEN_SMTP_PASS, or neither');
    config.smtp = {
      host: env.WARDEN_SMTP_HOST,
      port: num(env, 'WARDEN_SMTP_PORT', SMTP_DEFAULTS.port),
      secure: bool(env.WARDEN_SMTP_SECURE),
      requireTls: bool(env.WARDEN_SMTP_REQUIRE_TLS),
      auth: user && pass ? { user, pass } : undefined,
      from: env.WARDEN_SMTP_FROM ?? '"Warden Alerts" <alerts@localhost>',
      messageIdDomain: env.WARDEN_SMTP_MESSAGE_ID_DOMAIN ?? hostOf(publicUrl),
      maxConnections: num(env, 'WARDEN_SMTP_MAX_CONNECTIONS', SMTP_DEFAULTS.maxConnections),
      maxMessages: num(env, 'WARDEN_SMTP_MAX_MESSAGES', SMTP_DEFAULTS.maxMessages),
    };
  }
  const smsProvider = env.WARDEN_SMS_PROVIDER?.trim().toLowerCase() || 'twilio';
  if (smsProvider !== 'twilio' && smsProvider !== 'vonage') throw new RangeError(`WARDEN_SMS_PROVIDER must be twilio or vonage, got "${env.WARDEN_SMS_PROVIDER}"`);
  // Settings both SMS shapes share; receipts come back to Warden's own route unless told otherwise.
  const smsCommon = (defaults: { baseUrl: string; timeoutMs: number }, receiptPath: string) => ({
    baseUrl: env.WARDEN_SMS_URL ?? defaults.baseUrl, from: env.WARDEN_SMS_FROM ?? '', timeoutMs: defaults.timeoutMs,
    statusCallbackUrl: env.WARDEN_SMS_STATUS_CALLBACK_URL || `${publicUrl.replace(/\/+$/, '')}${receiptPath}`,
  });
  if (smsProvider === 'vonage' && env.WARDEN_VONAGE_API_KEY) {
    config.vonage = {
      ...smsCommon(VONAGE_DEFAULTS, '/api/providers/sms/vonage'),
      apiKey: env.WARDEN_VONAGE_API_KEY,
      apiSecret: env.WARDEN_VONAGE_API_SECRET ?? '',
      ...(env.WARDEN_VONAGE_SIGNATURE_SECRET ? { signatureSecret: env.WARDEN_VONAGE_SIGNATURE_SECRET } : {}),
      signatureMethod: vonageSignatureMethod(env.WARDEN_VONAGE_SIGNATURE_METHOD),
    };
  }
  if (env.WARDEN_MAILGUN_WEBHOOK_SIGNING_KEY) config.mailgunSigningKey = env.WARDEN_MAILGUN_WEBHOOK_SIGNING_KEY;
  if (smsProvider === 'twilio' && env.WARDEN_SMS_ACCOUNT_SID) {
    config.sms = {
      ...smsCommon(SMS_DEFAULTS, '/api/providers/sms/status'),
      accountSid: env.WARDEN_SMS_ACCOUNT_SID,
      authToken: env.WARDEN_SMS_AUTH_TOKEN ?? '',
    };
  }
  if (env.WARDEN_WEBHOOK_SECRET) {
    config.webhook = { secret: env.WARDEN_WEBHOOK_SECRET, timeoutMs: num(env, 'WARDEN_WEBHOOK_TIMEOUT_MS', WEBHOOK_DEFAULTS.timeoutMs), allowPrivateAddresses: env.WARDEN_FETCH_ALLOW_PRIVATE === '1' };
  }
  if (env.WARDEN_VAPID_PUBLIC_KEY && env.WARDEN_VAPID_PRIVATE_KEY) {
    config.webpush = {
      vapid: { subject: env.WARDEN_VAPID_SUBJECT ?? 'mailto:alerts@localhost', publicKey: env.WARDEN_VAPID_PUBLIC_KEY, privateKey: env.WARDEN_VAPID_PRIVATE_KEY },
      ttlSeconds: num(env, 'WARDEN_WEBPUSH_TTL_SEC', WEBPUSH_DEFAULTS.ttlSeconds),
      timeoutMs: WEBPUSH_DEFAULTS.timeoutMs,
      allowPrivateAddresses: env.WARDEN_FETCH_ALLOW_PRIVATE === '1',
    };
  }
  return config;
}

function hostOf(url: string): string {
  try { return new URL(url).hostname || 'localhost'; } catch { return 'localhost'; }
}

/** The account's signature method; Vonage's dashboard default is "MD5 hash". */
function vonageSignatureMethod(value: string | undefined): VonageSignatureMethod {
  const method = (value?.trim().toLowerCase() || 'md5hash').replace(/hmac$/, '').replace('-', '');
  if (!(vonageSignatureMethods as readonly string[]).includes(method)) throw new RangeError(`WARDEN_VONAGE_SIGNATURE_METHOD must be one of ${vonageSignatureMethods.join(', ')}, got "${value}"`);
  return method as VonageSignatureMethod;
}
