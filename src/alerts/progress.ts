/** Progress of an alert's send: counts per state and channel, recent rate and ETA. */
import type { Db } from '../db/index.js';
import { deliveryCounts } from '../delivery/by-alert.js';
import { deliveryStates as states } from '../vocabulary.js';
import type { ProgressView } from './schema.js';
import { loadAlert } from './store.js';

type Counts = ProgressView['byState'];
const zero = (): Counts => ({ queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0 });

/** Window over which the current rate is measured. */
const rateWindowSec = 30;

export async function alertProgress(db: Db, id: string): Promise<ProgressView> {
  const alert = await loadAlert(db, id);
  const rows = await deliveryCounts(db, id, rateWindowSec);
  const byState = zero();
  const byChannel: Record<string, Counts> = {};
  let recent = 0;
  let lastSent: Date | null = null;
  for (const r of rows) {
    byState[r.state] += r.n;
    (byChannel[r.channel] ??= zero())[r.state] += r.n;
    recent += r.recent;
    if (r.last_sent && (!lastSent || r.last_sent > lastSent)) lastSent = r.last_sent;
  }
  const total = states.reduce((sum, s) => sum + byState[s], 0);
  const remaining = byState.queued + byState.sending;
  // The rate counts only the window since publishing when that is shorter, so a fresh send is not underestimated.
  const sincePublished = alert.published_at ? Math.max(1, (Date.now() - alert.published_at.getTime()) / 1000) : rateWindowSec;
  const ratePerSec = recent / Math.min(rateWindowSec, sincePublished);
  return {
    alertId: id, state: alert.state, recipients: alert.recipient_count ?? 0, total, byState, byChannel,
    done: alert.published_at !== null && remaining === 0,
    ratePerSec: Math.round(ratePerSec * 10) / 10,
    etaSeconds: remaining === 0 ? 0 : ratePerSec > 0 ? Math.ceil(remaining / ratePerSec) : null,
    publishedAt: alert.published_at?.toISOString() ?? null, lastSentAt: lastSent?.toISOString() ?? null,
  };
}
