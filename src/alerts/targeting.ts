/**
 * Who an alert reaches, as SQL: everyone present in its area during [effective, expires]
 * (presenceSql: residents included, opted-out excluded, one row per person), plus — for an
 * Update or Cancel — every recipient of the alert it references, so nobody who got the
 * original misses its correction. Used both by the dry run (counts) and by publishing
 * (INSERT … SELECT), so the two can never disagree.
 */
import type { Db, SqlParam } from '../db/index.js';
import type { ResolvedArea } from '../geo/area.js';
import { presenceParams, presenceSql } from '../travellers/presence.js';

export interface Targeting {
  area: ResolvedArea | null;
  from: Date;
  to: Date | null;
  referencesId: string | null;
}

/**
 * A SELECT of (traveller_id, trip_id), one row per person. Takes 7 parameters starting at `first`:
 * the six of presenceSql and the referenced alert id (or null).
 */
export function targetSql(first: number): string {
  const ref = `$${first + 6}`;
  return `
    SELECT DISTINCT ON (u.traveller_id) u.traveller_id, u.trip_id FROM (
      (${presenceSql(first)})
      UNION ALL
      SELECT r.traveller_id, r.trip_id FROM alert_recipients r
        JOIN travellers tr ON tr.id = r.traveller_id AND tr.opted_out_at IS NULL
       WHERE r.alert_id = ${ref}::uuid
    ) u ORDER BY u.traveller_id`;
}

const nothing: ResolvedArea = { countries: [], subdivisions: [], circles: [], polygons: [], description: '' };

export function targetParams(t: Targeting): SqlParam[] {
  return [...presenceParams(t.area ?? nothing, { from: t.from, to: t.to }), t.referencesId];
}

export interface TargetCounts { people: number; deliveries: number; unreachable: number; byChannel: Record<string, number> }

/** "N people, on these channels": what publishing would write, without writing it. */
export async function countTargets(db: Db, t: Targeting): Promise<TargetCounts> {
  const { rows } = await db.query<{ people: number; unreachable: number; email: number; sms: number; webhook: number; webpush: number }>(
    `WITH target AS (${targetSql(1)}),
          reach AS (SELECT t.traveller_id, array_agg(DISTINCT c.channel) FILTER (WHERE c.channel IS NOT NULL) AS chans
                      FROM target t LEFT JOIN contact_points c ON c.traveller_id = t.traveller_id GROUP BY t.traveller_id)
     SELECT count(*)::int AS people, count(*) FILTER (WHERE chans IS NULL)::int AS unreachable,
            count(*) FILTER (WHERE 'email' = ANY(chans))::int AS email, count(*) FILTER (WHERE 'sms' = ANY(chans))::int AS sms,
            count(*) FILTER (WHERE 'webhook' = ANY(chans))::int AS webhook, count(*) FILTER (WHERE 'webpush' = ANY(chans))::int AS webpush
       FROM reach`, targetParams(t));
  const r = rows[0]!;
  const byChannel = { email: r.email, sms: r.sms, webhook: r.webhook, webpush: r.webpush };
  return { people: r.people, unreachable: r.unreachable, byChannel, deliveries: r.email + r.sms + r.webhook + r.webpush };
}

export function summarize(c: TargetCounts): string {
  const chans = Object.entries(c.byChannel).filter(([, n]) => n > 0).map(([ch, n]) => `${n} by ${ch}`);
  const people = `${c.people} ${c.people === 1 ? 'person' : 'people'}`;
  const unreachable = c.unreachable ? `; ${c.unreachable} with no contact point` : '';
  return `${people}${chans.length ? `, ${chans.join(', ')}` : ''}${unreachable}`;
}
