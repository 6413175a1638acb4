/** Helpers for check-in tests: publish through the API, drain the outbox, read links, answer. */
import assert from 'node:assert/strict';
import { checkinToken } from '../../src/alerts/checkin-token.js';
import type { Db } from '../../src/db/index.js';
import type { Channel, ChannelName } from '../../src/delivery/channels/index.js';
import { deliveryConfigFromEnv } from '../../src/delivery/config.js';
import { startWorker } from './runtime.js';
import type { EscalationJobOptions } from '../../src/checkins/escalation.js';
import type { TestContext } from './app.js';

/** Every recipient's check-in token for an alert, by traveller id (derived as the worker does, from the check-in number). */
export async function recipientTokens(db: Db, secret: string, alertId: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ traveller_id: string; checkin_no: string }>('SELECT traveller_id, checkin_no::text AS checkin_no FROM alert_recipients WHERE alert_id = $1', [alertId]);
  return new Map(rows.map((r) => [r.traveller_id, checkinToken(secret, r.checkin_no)]));
}

/** Compose (editor) → submit → publish (approver) through the API; returns the alert id and counts. */
export async function publishViaApi(t: TestContext, body: Record<string, unknown>): Promise<{ id: string; recipients: number; deliveries: number }> {
  const created = await t.request('POST', '/api/alerts', { role: 'editor', body });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  assert.equal((await t.request('POST', `/api/alerts/${id}/submit`, { role: 'editor' })).statusCode, 200);
  const published = await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver' });
  assert.equal(published.statusCode, 200, published.body);
  return { id, recipients: published.json().recipientCount, deliveries: published.json().deliveries };
}

/** Runs a worker with these channels until no row of those channels is queued or sending, then stops it. */
export async function drain(t: TestContext, channels: Partial<Record<ChannelName, Channel>>, escalation: EscalationJobOptions | false = false, timeoutMs = 30_000): Promise<void> {
  const delivery = deliveryConfigFromEnv({ WARDEN_WORKER_POLL_MS: '20', WARDEN_RATE_EMAIL_PER_SEC: '10000', WARDEN_RATE_EMAIL_BURST: '1000',
    WARDEN_RATE_SMS_PER_SEC: '10000', WARDEN_RATE_SMS_BURST: '1000', WARDEN_WORKER_BATCH: '200', WARDEN_WORKER_CONCURRENCY: '20', WARDEN_RETRY_BASE_MS: '50' });
  const worker = await startWorker({ db: t.db, config: t.config }, { delivery, channels, escalation });
  const names = Object.keys(channels);
  const until = Date.now() + timeoutMs;
  try {
    // Let at least one loop (and one escalation tick) run before checking.
    await new Promise((r) => setTimeout(r, 100));
    for (;;) {
      const n = await pendingCount(t.db, names);
      if (n === 0) break;
      if (Date.now() > until) throw new Error(`${n} deliveries still pending`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await worker.stop();
  }
}

async function pendingCount(db: Db, channels: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state IN ('queued', 'sending') AND channel = ANY($1::text[])`, [channels]);
  return rows[0]!.n;
}

/** The check-in token in a message text. */
export function tokenIn(text: string | undefined): string {
  const match = /\/c\/([A-Za-z0-9_-]{20,})/.exec(text ?? '');
  assert.ok(match, 'the message carries a check-in link');
  return match[1]!;
}

export async function board(t: TestContext, alertId: string, query = '', role: 'viewer' | 'editor' = 'viewer') {
  const res = await t.request('GET', `/api/alerts/${alertId}/accountability${query}`, { role });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { total: number; counts: Record<string, number>; byRound: Record<string, number>; people?: { travellerId: string; status: string; round: number; name: string }[] };
}

export function formPost(t: TestContext, token: string, fields: Record<string, string>) {
  return t.app.inject({ method: 'POST', url: `/c/${token}`, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

export function jsonPost(t: TestContext, token: string, body: unknown) {
  return t.app.inject({ method: 'POST', url: `/c/${token}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}
