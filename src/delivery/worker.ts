/**
 * The outbox worker: claim a batch (SKIP LOCKED + lease) → compose each message (by its kind) → send it
 * through its channel's token bucket, `concurrency` at a time → record the batch's outcomes in one
 * statement. While a batch is unrecorded its lease is renewed every lease/3 (LeaseKeeper), so a send slower
 * than the lease (a webhook that takes its whole timeout) never hands its row to a second worker; a send
 * only starts while the last renewal still covers it. Expired leases are reclaimed every lease/4. Any error
 * (the database gone, a reconnect) only pauses the loop.
 *
 * Delivery is at-least-once, for every kind alike; the duplicate bound (2 × WARDEN_WORKER_BATCH per worker
 * lost) is argued in outbox.ts. This file keeps its two conditions: at most two unrecorded claims
 * (`loop`), and no send started past the lease as last renewed (`sendOne`).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { MessageKind } from '../vocabulary.js';
import { SmsChannel, SmtpChannel, VonageSmsChannel, WebhookChannel, WebPushChannel, type Channel, type ChannelName, type OutgoingMessage, type SendResult } from './channels/index.js';
import { alertComposer, composeStored, RetryLater, type Composer, type Composers } from './compose.js';
import { validateWorkerSettings, type DeliveryConfig } from './config.js';
import { claimDeliveries, reclaimExpired, recordOutcomes, renewLeases, type ClaimedRow, type Outcome } from './outbox.js';
import { CaptureChannel, channelNames } from './mailbox.js';
import { TokenBucket } from './rate-limit.js';
import { decideRetry } from './retry.js';
import { SendSlots } from './send-slots.js';

export interface WorkerStats { claimed: number; sent: number; retried: number; failed: number; skipped: number; errors: number; lastError: string | null }
export interface RunningWorker { stop(): Promise<void>; readonly stats?: WorkerStats }

/** The channels a worker sends through; `operatorWebhook` carries duty notices to the operators' own URL. */
export type WorkerChannels = Partial<Record<ChannelName, Channel>> & { operatorWebhook?: Channel };

export interface WorkerSetup {
  db: Db;
  settings: DeliveryConfig;
  channels: WorkerChannels;
  /** Composers of the kinds other domains register (src/runtime.ts); 'alert' is the worker's own. */
  composers: Composers;
  secret: string;
  publicUrl: string;
  /** Only these kinds (tests); absent = every kind. */
  kinds?: MessageKind[];
  log: (message: string) => void;
}

const emptyStats = (): WorkerStats => ({ claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0, errors: 0, lastError: null });

/**
 * The configured channels, built once per process. With `captureInto`, every channel without settings
 * captures into the mailbox instead (and duty notices to the operators' webhook are captured too).
 */
export function channelsFrom(config: DeliveryConfig, captureInto?: Db): WorkerChannels {
  const channels: WorkerChannels = {};
  if (config.smtp) channels.email = new SmtpChannel(config.smtp);
  if (config.vonage) channels.sms = new VonageSmsChannel(config.vonage);
  else if (config.sms) channels.sms = new SmsChannel(config.sms);
  if (config.webhook) {
    channels.webhook = new WebhookChannel(config.webhook);
    // The duty webhook is the operators' own setting (WARDEN_DUTY_WEBHOOK_URL), often an internal service:
    // the public-address rule is for URLs travellers choose.
    channels.operatorWebhook = new WebhookChannel({ ...config.webhook, allowPrivateAddresses: true });
  }
  if (config.webpush) channels.webpush = new WebPushChannel(config.webpush);
  if (captureInto) for (const name of channelNames) channels[name] ??= new CaptureChannel(name, captureInto);
  return channels;
}

/** Renews the leases of the claims a worker has not recorded yet, every third of the lease. */
class LeaseKeeper {
  /** Unrecorded claims and until when this worker knows it holds their rows (the last renewal that succeeded, plus the lease). */
  readonly held = new Map<string, { validUntil: number }>();
  private renewing = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db, private readonly leaseMs: number, private readonly onError: (error: Error, claims: number) => void) {}

  start(): void { this.timer = setInterval(() => this.renew(), this.leaseMs / 3); }

  hold(claimId: string, claimedAt: number): { validUntil: number } {
    const claim = { validUntil: claimedAt + this.leaseMs };
    this.held.set(claimId, claim);
    return claim;
  }

  release(claimId: string): void { this.held.delete(claimId); }

  stop(): void { if (this.timer) clearInterval(this.timer); }

  private renew(): void {
    if (this.renewing || !this.held.size) return;
    this.renewing = true;
    const startedAt = Date.now();
    const ids = [...this.held.keys()];
    renewLeases(this.db, ids, this.leaseMs).then(() => {
      for (const id of ids) { const claim = this.held.get(id); if (claim) claim.validUntil = startedAt + this.leaseMs; }
    }, (error: Error) => this.onError(error, ids.length)).finally(() => { this.renewing = false; });
  }
}

export class OutboxWorker {
  readonly stats = emptyStats();
  private running = true;
  private recording: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private readonly names: ChannelName[];
  private readonly buckets: Record<ChannelName, TokenBucket>;
  private readonly composers: Record<MessageKind, Composer>;
  private readonly worker: ReturnType<typeof validateWorkerSettings>;
  private readonly slots: SendSlots;
  private readonly leases: LeaseKeeper;
  private readonly margin: number;
  private done: Promise<void> = Promise.resolve();
  private lastReclaim = 0;

  constructor(private readonly setup: WorkerSetup) {
    this.names = channelNames.filter((n) => setup.channels[n]);
    this.buckets = Object.fromEntries(this.names.map((n) => [n, new TokenBucket(setup.settings.rates[n])])) as Record<ChannelName, TokenBucket>;
    this.worker = validateWorkerSettings(setup.settings.worker);
    this.composers = this.composersFor(setup);
    this.slots = new SendSlots(this.worker.concurrency);
    this.margin = Math.min(5_000, this.worker.leaseMs / 10);
    this.leases = new LeaseKeeper(setup.db, this.worker.leaseMs, (error, claims) => {
      this.noteError(error);
      setup.log(`could not renew the leases of ${claims} batches (their sends stop when the lease ends): ${error.message}`);
    });
  }

  /** Whether this worker has any channel, i.e. anything to claim. */
  get hasChannels(): boolean { return this.names.length > 0; }

  start(): this {
    this.leases.start();
    this.done = this.loop().then(() => this.recording);
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
    this.leases.stop();
    const channels = new Set(Object.values(this.setup.channels));
    await Promise.all([...channels].map((c) => c!.close()));
  }

  private composersFor(setup: WorkerSetup): Record<MessageKind, Composer> {
    const stored: Composer = (row) => composeStored(row);
    const all = { alert: alertComposer(setup.db, { secret: setup.secret, publicUrl: setup.publicUrl }) } as Record<MessageKind, Composer>;
    for (const kind of ['duty', 'subscription_confirm', 'subscription_notice', 'sign_in', 'enrolment', 'operator_unlock'] as const) all[kind] = setup.composers[kind] ?? stored;
    return all;
  }

  private noteError(error: Error): void {
    this.stats.errors += 1;
    this.stats.lastError = error.message;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => { const t = setTimeout(resolve, ms); this.wake = () => { clearTimeout(t); resolve(); }; });
  }

  private channelFor(row: ClaimedRow): Channel {
    if (row.kind === 'duty' && row.channel === 'webhook' && this.setup.channels.operatorWebhook) return this.setup.channels.operatorWebhook;
    return this.setup.channels[row.channel]!;
  }

  private async compose(row: ClaimedRow): Promise<OutgoingMessage | Outcome> {
    try {
      return await this.composers[row.kind](row);
    } catch (error) {
      if (error instanceof RetryLater) {
        // The database, not the message: try again soon (counts as an attempt, so it cannot loop forever).
        this.stats.retried += 1;
        return { id: row.id, state: 'queued', error: error.message, delayMs: this.setup.settings.retry.baseMs };
      }
      // Rendering failed (bad data): retrying will not help.
      this.stats.failed += 1;
      return { id: row.id, state: 'failed', error: `cannot build the message: ${(error as Error).message}` };
    }
  }

  private async sendOne(row: ClaimedRow, claim: { validUntil: number }): Promise<Outcome | null> {
    const message = await this.compose(row);
    if ('state' in message) return message;
    await this.buckets[row.channel].take();
    // Past the lease as last renewed, another worker may own the row: leave it rather than risk a second copy.
    if (Date.now() > claim.validUntil - this.margin) { this.stats.skipped += 1; return null; }
    let result: SendResult;
    try {
      result = await this.channelFor(row).send(message);
    } catch (error) {
      this.stats.failed += 1;
      return { id: row.id, state: 'failed', error: `cannot send the message: ${(error as Error).message}` };
    }
    return this.outcomeOf(row, result);
  }

  private outcomeOf(row: ClaimedRow, result: SendResult): Outcome {
    if (result.outcome === 'sent') { this.stats.sent += 1; return { id: row.id, state: 'sent', providerId: result.providerId }; }
    const decision = decideRetry(row.attempts, result, this.setup.settings.retry);
    if (decision.retry) { this.stats.retried += 1; return { id: row.id, state: 'queued', error: result.reason, delayMs: decision.delayMs }; }
    this.stats.failed += 1;
    return { id: row.id, state: 'failed', error: decision.reason };
  }

  /**
   * Sends one claimed batch, `concurrency` sends at a time across every batch in flight. `started` resolves
   * once each row has a send slot (the loop then claims the next batch, so batch boundaries leave no slot
   * idle); `done` once the batch's outcomes are recorded (recordings run one at a time, in claim order).
   */
  private processBatch(batch: ClaimedRow[], claimId: string, claimedAt: number): { started: Promise<void>; done: Promise<void> } {
    const claim = this.leases.hold(claimId, claimedAt);
    const outcomes: Outcome[] = [];
    const sends = batch.map(async (row) => {
      await this.slots.acquire();
      try {
        const outcome = await this.sendOne(row, claim);
        if (outcome) outcomes.push(outcome);
      } finally {
        this.slots.release();
      }
    });
    const started = this.slots.whenAllGranted();
    this.recording = Promise.all([this.recording, ...sends]).then(() => this.record(claimId, claim, outcomes)).catch((error: Error) => {
      this.noteError(error);
      this.setup.log(`could not record ${outcomes.length} outcomes (their lease will expire and they will be sent again): ${error.message}`);
    }).finally(() => this.leases.release(claimId));
    return { started, done: this.recording };
  }

  private async record(claimId: string, claim: { validUntil: number }, outcomes: Outcome[]): Promise<void> {
    // The messages are out: keep trying to record them until the lease ends (a database restart is brief),
    // and for one lease at most even while renewals succeed.
    const giveUpAt = Date.now() + this.worker.leaseMs;
    for (let attempt = 0; ; attempt += 1) {
      try { await recordOutcomes(this.setup.db, claimId, outcomes); return; } catch (error) {
        this.noteError(error as Error);
        if (Date.now() > Math.min(claim.validUntil, giveUpAt)) throw error;
        await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  private async reclaimIfDue(): Promise<void> {
    if (Date.now() - this.lastReclaim <= Math.max(1_000, this.worker.leaseMs / 4)) return;
    const n = await reclaimExpired(this.setup.db, this.setup.settings.retry.maxAttempts);
    this.lastReclaim = Date.now();
    if (n) this.setup.log(`reclaimed ${n} deliveries with an expired lease`);
  }

  /** One turn: claim a batch and start sending it; false when the outbox had nothing due. */
  private async turn(inFlight: Promise<void>[]): Promise<boolean> {
    await this.reclaimIfDue();
    // At most two batches unrecorded: what a crash can make us send twice stays 2 × batchSize.
    if (inFlight.length >= 2) await inFlight.shift();
    const claimId = randomUUID();
    const claimedAt = Date.now();
    const batch = await claimDeliveries(this.setup.db, { channels: this.names, limit: this.worker.batchSize, leaseMs: this.worker.leaseMs, claimId, kinds: this.setup.kinds });
    if (!batch.length) return false;
    this.stats.claimed += batch.length;
    const { started, done } = this.processBatch(batch, claimId, claimedAt);
    inFlight.push(done);
    await started;
    return true;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    const inFlight: Promise<void>[] = [];
    while (this.running) {
      try {
        const claimed = await this.turn(inFlight);
        failures = 0;
        if (!claimed) { if (inFlight.length) await inFlight.shift(); else await this.sleep(this.worker.pollMs); }
      } catch (error) {
        this.noteError(error as Error);
        failures += 1;
        this.setup.log(`worker error (retrying): ${(error as Error).message}`);
        await this.sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }
}
