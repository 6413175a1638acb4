/**
 * The outbox worker: claim a batch (SKIP LOCKED + lease) → send each message through its channel's
 * token bucket, `concurrency` at a time → record the batch's outcomes in one statement. While a batch is
 * unrecorded its lease is renewed every lease/3, so a send slower than the lease (a webhook that takes its
 * whole timeout) never hands its row to a second worker; a send only starts while the last renewal still
 * covers it. Expired leases are reclaimed every lease/4. Any error (the database gone, a reconnect) only
 * pauses the loop.
 *
 * Delivery is at-least-once: a worker killed after a server accepted a message but before the outcome
 * was recorded leaves the row 'sending'; its lease expires and another worker sends it again. The rows
 * exposed that way are at most two batches per worker (the batch being sent and the previous one whose
 * outcomes are being written: 2 × WARDEN_WORKER_BATCH) — the duplicate window — and
 * every copy carries the delivery id (Message-ID, idempotency key) so receivers can drop the second one.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { AppContext } from '../context.js';
import { SmsChannel, SmtpChannel, VonageSmsChannel, WebhookChannel, WebPushChannel, type Channel, type ChannelName, type SendResult } from './channels/index.js';
import { createEscalationTicker, type EscalationTickerOptions } from '../checkins/escalation.js';
import { createSubscriptionMailTicker } from '../feeds/mail-ticker.js';
import { AlertCache, composeMessage, type AlertContent } from './compose.js';
import { deliveryConfigFromEnv, validateWorkerSettings, type DeliveryConfig } from './config.js';
import { claimDeliveries, reclaimExpired, recordOutcomes, renewLeases, type ClaimedRow, type Outcome } from './outbox.js';
import { CaptureChannel, captureEnabled, channelNames } from './mailbox.js';
import { TokenBucket } from './rate-limit.js';
import { decideRetry } from './retry.js';
import { SendSlots } from './send-slots.js';

export interface WorkerStats { claimed: number; sent: number; retried: number; failed: number; skipped: number; errors: number; lastError: string | null }
export interface RunningWorker { stop(): Promise<void>; readonly stats?: WorkerStats }

export interface WorkerOptions {
  /** Settings; from the environment when absent. */
  delivery?: DeliveryConfig;
  /** Channels to use instead of those built from the settings (tests). */
  channels?: Partial<Record<ChannelName, Channel>>;
  log?: (message: string) => void;
  /** Check-in escalation run from this loop (src/checkins/escalation.ts); false turns it off. */
  escalation?: EscalationTickerOptions | false;
  /** Subscription notices and confirmations sent from this loop (src/feeds/mail-ticker.ts); false turns it off. */
  subscriptionMail?: false;
}

/** The configured channels; with `captureInto`, every channel without settings captures into the mailbox instead. */
export function channelsFrom(config: DeliveryConfig, captureInto?: Db): Partial<Record<ChannelName, Channel>> {
  const channels: Partial<Record<ChannelName, Channel>> = {};
  if (config.smtp) channels.email = new SmtpChannel(config.smtp);
  if (config.vonage) channels.sms = new VonageSmsChannel(config.vonage);
  else if (config.sms) channels.sms = new SmsChannel(config.sms);
  if (config.webhook) channels.webhook = new WebhookChannel(config.webhook);
  if (config.webpush) channels.webpush = new WebPushChannel(config.webpush);
  if (captureInto) for (const name of channelNames) channels[name] ??= new CaptureChannel(name, captureInto);
  return channels;
}

/** Starts an outbox worker in this process. It only claims rows of the channels it has. */
export async function startWorker(ctx: AppContext, opts: WorkerOptions = {}): Promise<RunningWorker & { stats: WorkerStats }> {
  const { db, config } = ctx;
  const settings = opts.delivery ?? deliveryConfigFromEnv(process.env, config.publicUrl);
  const channels = opts.channels ?? channelsFrom(settings, captureEnabled(process.env, !config.databaseUrl) ? db : undefined);
  const names = Object.keys(channels) as ChannelName[];
  // No channel configured (the embedded default): nothing to claim, so do not poll the database.
  if (!names.length) return { stats: { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0, errors: 0, lastError: null }, stop: async () => undefined };
  const buckets = Object.fromEntries(names.map((n) => [n, new TokenBucket(settings.rates[n])])) as Record<ChannelName, TokenBucket>;
  const alerts = new AlertCache(db);
  const stats: WorkerStats = { claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0, errors: 0, lastError: null };
  const { batchSize, concurrency, leaseMs, pollMs } = validateWorkerSettings(settings.worker);
  const log = opts.log ?? (() => undefined);
  const escalation = opts.escalation === false ? null : createEscalationTicker(ctx, { log, ...opts.escalation });
  // Subscribers' mail rides on the e-mail channel of whichever worker has one.
  const subscriptionMail = opts.subscriptionMail === false || !channels.email ? null : createSubscriptionMailTicker(ctx, channels.email, { log });
  let running = true;
  let recording: Promise<void> = Promise.resolve();
  const slots = new SendSlots(concurrency);
  let wake: (() => void) | null = null;
  const sleep = (ms: number) => new Promise<void>((resolve) => { const t = setTimeout(resolve, ms); wake = () => { clearTimeout(t); resolve(); }; });

  /** Unrecorded claims and until when this worker knows it holds their rows (the last renewal that succeeded, plus the lease). */
  const held = new Map<string, { validUntil: number }>();
  const margin = Math.min(5_000, leaseMs / 10);
  let renewing = false;
  const renewal = setInterval(() => {
    if (renewing || !held.size) return;
    renewing = true;
    const startedAt = Date.now();
    const ids = [...held.keys()];
    renewLeases(db, ids, leaseMs).then(() => {
      for (const id of ids) { const claim = held.get(id); if (claim) claim.validUntil = startedAt + leaseMs; }
    }, (error: Error) => {
      stats.errors += 1;
      stats.lastError = error.message;
      log(`could not renew the leases of ${ids.length} batches (their sends stop when the lease ends): ${error.message}`);
    }).finally(() => { renewing = false; });
  }, leaseMs / 3);

  async function sendOne(row: ClaimedRow, claim: { validUntil: number }): Promise<Outcome | null> {
    let alert: AlertContent;
    try {
      alert = await alerts.get(row.alert_id);
    } catch (error) {
      // The database, not the message: try again soon (counts as an attempt, so it cannot loop forever).
      stats.retried += 1;
      return { id: row.id, state: 'queued', error: `could not load the alert: ${(error as Error).message}`, delayMs: settings.retry.baseMs };
    }
    try {
      const message = composeMessage(row, alert, { secret: config.secret, publicUrl: config.publicUrl });
      await buckets[row.channel].take();
      // Past the lease as last renewed, another worker may own the row: leave it rather than risk a second copy.
      if (Date.now() > claim.validUntil - margin) { stats.skipped += 1; return null; }
      const result: SendResult = await channels[row.channel]!.send(message);
      if (result.outcome === 'sent') { stats.sent += 1; return { id: row.id, state: 'sent', providerId: result.providerId }; }
      const decision = decideRetry(row.attempts, result, settings.retry);
      if (decision.retry) { stats.retried += 1; return { id: row.id, state: 'queued', error: result.reason, delayMs: decision.delayMs }; }
      stats.failed += 1;
      return { id: row.id, state: 'failed', error: decision.reason };
    } catch (error) {
      // Rendering failed (bad data): retrying will not help.
      stats.failed += 1;
      return { id: row.id, state: 'failed', error: `cannot build the message: ${(error as Error).message}` };
    }
  }

  /**
   * Sends one claimed batch, `concurrency` sends at a time across every batch in flight. `started` resolves
   * once each row has a send slot (the loop then claims the next batch, so batch boundaries leave no slot
   * idle); `done` once the batch's outcomes are recorded (recordings run one at a time, in claim order).
   */
  function processBatch(batch: ClaimedRow[], claimId: string, claimedAt: number): { started: Promise<void>; done: Promise<void> } {
    const claim = { validUntil: claimedAt + leaseMs };
    held.set(claimId, claim);
    const outcomes: Outcome[] = [];
    const sends = batch.map(async (row) => {
      await slots.acquire();
      try {
        const outcome = await sendOne(row, claim);
        if (outcome) outcomes.push(outcome);
      } finally {
        slots.release();
      }
    });
    const started = slots.whenAllGranted();
    const previous = recording;
    recording = Promise.all([previous, ...sends]).then(() => record(claimId, claim, outcomes)).catch((error: Error) => {
      stats.errors += 1;
      stats.lastError = error.message;
      log(`could not record ${outcomes.length} outcomes (their lease will expire and they will be sent again): ${error.message}`);
    }).finally(() => { held.delete(claimId); });
    return { started, done: recording };
  }

  async function record(claimId: string, claim: { validUntil: number }, outcomes: Outcome[]): Promise<void> {
    // The messages are out: keep trying to record them until the lease ends (a database restart is brief),
    // and for one lease at most even while renewals succeed.
    const giveUpAt = Date.now() + leaseMs;
    for (let attempt = 0; ; attempt += 1) {
      try { await recordOutcomes(db, claimId, outcomes); return; } catch (error) {
        stats.errors += 1;
        stats.lastError = (error as Error).message;
        if (Date.now() > Math.min(claim.validUntil, giveUpAt)) throw error;
        await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  async function loop(): Promise<void> {
    let lastReclaim = 0;
    let failures = 0;
    const inFlight: Promise<void>[] = [];
    while (running) {
      try {
        if (Date.now() - lastReclaim > Math.max(1_000, leaseMs / 4)) {
          const n = await reclaimExpired(db, settings.retry.maxAttempts);
          lastReclaim = Date.now();
          if (n) log(`reclaimed ${n} deliveries with an expired lease`);
        }
        await escalation?.maybeRun();
        await subscriptionMail?.maybeRun();
        // At most two batches unrecorded: what a crash can make us send twice stays 2 × batchSize.
        if (inFlight.length >= 2) await inFlight.shift();
        const claimId = randomUUID();
        const claimedAt = Date.now();
        const batch = await claimDeliveries(db, { channels: names, limit: batchSize, leaseMs, claimId });
        failures = 0;
        if (!batch.length) {
          if (inFlight.length) await inFlight.shift(); else await sleep(pollMs);
          continue;
        }
        stats.claimed += batch.length;
        const { started, done } = processBatch(batch, claimId, claimedAt);
        inFlight.push(done);
        await started;
      } catch (error) {
        stats.errors += 1;
        stats.lastError = (error as Error).message;
        failures += 1;
        log(`worker error (retrying): ${(error as Error).message}`);
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  const done = loop().then(() => recording);
  return {
    stats,
    stop: async () => {
      running = false;
      wake?.();
      await done;
      clearInterval(renewal);
      await Promise.all(Object.values(channels).map((c) => c!.close()));
      await escalation?.close();
    },
  };
}
