/**
 * Emergency override of the two-person rule: an admin publishes alone when no second operator can be
 * reached in time. The rule is lifted only for the one action; the override is recorded in the same
 * transaction as its own audit row with override: true, the admin's identity and the reason, and the
 * action's audit row names the overriding admin. Overrides are listed by listOverrides (GET /api/overrides).
 */
import { publishAdvisory } from '../advisories/service.js';
import type { AdvisoryView } from '../advisories/schema.js';
import { publishAlert, type PublishResult } from '../alerts/publish.js';
import type { Db } from '../db/index.js';
import { forbidden, invalid } from '../errors.js';
import { recordAudit } from './audit.js';
import type { Actor } from './roles.js';

function checkOverride(actor: Actor, reason: string): string {
  if (actor.role !== 'admin' || !actor.id) throw forbidden('an emergency override needs an admin operator');
  const why = reason.trim();
  if (why.length < 10) throw invalid('reason', 'say why in at least 10 characters');
  return why;
}

/** The services' two-person checks compare the author with actor.id; an override acts with no operator id, named for the admin. */
const overridingActor = (actor: Actor): Actor => ({ id: null, label: `override:${actor.label}`, role: 'admin' });

export async function overridePublishAlert(db: Db, actor: Actor, id: string, reason: string): Promise<PublishResult> {
  const why = checkOverride(actor, reason);
  return db.tx(async (tx) => {
    await recordAudit(tx, actor, { action: 'override.alert.publish', entity: 'alert', entityId: id, after: { override: true, reason: why } });
    return publishAlert(tx, overridingActor(actor), id);
  });
}

export async function overridePublishAdvisory(db: Db, actor: Actor, id: string, reason: string): Promise<AdvisoryView> {
  const why = checkOverride(actor, reason);
  return db.tx(async (tx) => {
    await recordAudit(tx, actor, { action: 'override.advisory.publish', entity: 'advisory', entityId: id, after: { override: true, reason: why } });
    return publishAdvisory(tx, overridingActor(actor), id);
  });
}

export interface OverrideView { seq: number; at: string; actorId: string | null; actorLabel: string; action: string; entity: string; entityId: string | null; reason: string; override: true }

export async function listOverrides(db: Db, limit = 100): Promise<OverrideView[]> {
  const { rows } = await db.query<{ seq: string; at: Date; actor_id: string | null; actor_label: string; action: string; entity: string; entity_id: string | null; reason: string | null }>(
    `SELECT seq, at, actor_id, actor_label, action, entity, entity_id, after->>'reason' AS reason FROM audit_log
      WHERE after @> '{"override": true}'::jsonb ORDER BY seq DESC LIMIT $1`, [limit]);
  return rows.map((r) => ({ seq: Number(r.seq), at: r.at.toISOString(), actorId: r.actor_id, actorLabel: r.actor_label, action: r.action, entity: r.entity, entityId: r.entity_id, reason: r.reason ?? '', override: true }));
}
