/**
 * Who an alert reaches, as SQL: everyone present in its area during [effective, expires]
 * (presenceSql: residents included, opted-out excluded, one row per person), plus — for an
 * Update or Cancel — every recipient of the alert it references, so nobody who got the
 * original misses its correction. Used both by the dry run (counts) and by publishing
 * (INSERT … SELECT), so the two can never disagree.
 */
import type { Db, SqlParam } from '../db/index.js';
import type { ResolvedArea } from '../geo/area.js';
import { countReach, notOptedOutSql, presenceParams, presenceSql } from '../travellers/presence.js';

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
       WHERE r.alert_id = ${ref}::uuid AND ${notOptedOutSql('r.traveller_id')}
    ) u ORDER BY u.traveller_id`;
}

const nothing: ResolvedArea = { countries: [], subdivisions: [], circles: [], polygons: [], description: '' };

export function targetParams(t: Targeting): SqlParam[] {
  return [...presenceParams(t.area ?? nothing, { from: t.from, to: t.to }), t.referencesId];
}

export interface TargetCounts { people: number; deliveries: number; unreachable: number; byChannel: Record<string, number> }

/** "N people, on these channels": what publishing would write, without writing it. */
export async function countTargets(db: Db, t: Targeting): Promise<TargetCounts> {
  const counts = await countReach(db, targetSql(1), targetParams(t));
  const deliveries = Object.values(counts.byChannel).reduce((sum, n) => sum + n, 0);
  return { ...counts, deliveries };
}

export function summarize(c: TargetCounts): string {
  const chans = Object.entries(c.byChannel).filter(([, n]) => n > 0).map(([ch, n]) => `${n} by ${ch}`);
  const people = `${c.people} ${c.people === 1 ? 'person' : 'people'}`;
  const unreachable = c.unreachable ? `; ${c.unreachable} with no contact point` : '';
  return `${people}${chans.length ? `, ${chans.join(', ')}` : ''}${unreachable}`;
}
