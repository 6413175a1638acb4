/** Reading the outbox: an alert's deliveries by state, e.g. the failed ones with their reasons. */
import { auditBulkRead } from '../auth/audit.js';
import type { Actor } from '../auth/roles.js';
import type { Db } from '../db/index.js';

export interface DeliveryView {
  id: string; alertId: string; travellerId: string; channel: string; address: string; state: string;
  attempts: number; lastError: string | null; providerId: string | null; nextAttemptAt: string; sentAt: string | null;
}

interface Row { id: string; alert_id: string; traveller_id: string; channel: string; address: string; state: string; attempts: number; last_error: string | null; provider_id: string | null; next_attempt_at: Date; sent_at: Date | null }

/** Keyset-paginated by delivery id. The rows carry addresses: the read is audited with its filter and row count. */
export async function listDeliveries(db: Db, actor: Actor, opts: { alertId: string; state?: string; channel?: string; limit: number; after?: string }): Promise<{ items: DeliveryView[]; next: string | null }> {
  const { rows } = await db.query<Row>(
    `SELECT id, alert_id, traveller_id, channel, address, state, attempts, last_error, provider_id, next_attempt_at, sent_at
       FROM deliveries WHERE alert_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR channel = $3) AND ($4::uuid IS NULL OR id > $4)
      ORDER BY id LIMIT $5`, [opts.alertId, opts.state ?? null, opts.channel ?? null, opts.after ?? null, opts.limit + 1]);
  const items = rows.slice(0, opts.limit).map((r) => ({
    id: r.id, alertId: r.alert_id, travellerId: r.traveller_id, channel: r.channel, address: r.address, state: r.state, attempts: r.attempts,
    lastError: r.last_error, providerId: r.provider_id, nextAttemptAt: r.next_attempt_at.toISOString(), sentAt: r.sent_at?.toISOString() ?? null,
  }));
  await auditBulkRead(db, actor, { action: 'delivery.list', entity: 'alert', entityId: opts.alertId,
    filter: { state: opts.state, channel: opts.channel, limit: opts.limit, after: opts.after }, rows: items.length });
  return { items, next: rows.length > opts.limit ? items[items.length - 1]!.id : null };
}
