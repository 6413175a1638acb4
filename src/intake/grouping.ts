/**
 * Grouping: which stored incident a new document belongs to. An incident whose first/last seen
 * window (± GROUPING.windowDays) overlaps the document's dates AND shares an event type AND a place
 * (an event country in common, or event places within GROUPING.nearbyKm) AND an actor (when both
 * have actors); most shared actors wins.
 */
import type { Db } from '../db/index.js';
import { haversineKm } from '../geo/distance.js';
import type { EventPlace } from './text/events.js';
import type { Extraction } from './text/extract.js';

/** Grouping rules (documented in docs/intake.md). */
export const GROUPING = {
  /** Days a document may lie outside an incident's first/last seen and still join it. */
  windowDays: 3,
  /** Event places closer than this are "nearby" even across a border. */
  nearbyKm: 300,
  /** How many stored documents sharing a MinHash band are compared word by word. */
  nearDuplicateCandidates: 25,
} as const;


/** First and last day a document speaks of: its date and its events' dates (today when it has none). */
export function docSpan(x: Extraction, date: string | null): { first: string; last: string } {
  const days = [date, ...x.events.map((e) => e.date)].filter((d): d is string => !!d).sort();
  const today = new Date().toISOString().slice(0, 10);
  return { first: days[0] ?? today, last: days[days.length - 1] ?? today };
}

function countriesOf(x: Extraction): { all: string[]; events: string[] } {
  const events = [...new Set(x.events.map((e) => e.place?.countryCode).filter((c): c is string => !!c))];
  const all = new Set(events);
  for (const p of x.placeMentions) if (!p.demonym && p.countryCode) all.add(p.countryCode);
  return { all: [...all], events };
}

/** An incident this document belongs to: time window, place, event type and shared actors all agree. */
export async function findIncident(tx: Db, x: Extraction, date: string | null, actorIds: string[]): Promise<string | undefined> {
  const types = [...new Set(x.events.map((e) => e.type))];
  if (types.length === 0) return undefined;
  const span = docSpan(x, date);
  const { rows } = await tx.query<GroupingRow>(
    `SELECT id, country_codes, event_country_codes,
       coalesce((SELECT jsonb_agg(e->'place') FROM jsonb_array_elements(events) e WHERE e ? 'place'), '[]'::jsonb) AS points,
       coalesce((SELECT array_agg(actor_id::text) FROM incident_actors a WHERE a.incident_id = incidents.id), '{}') AS actor_ids
     FROM incidents
     WHERE first_seen <= $1::date + ${GROUPING.windowDays} AND last_seen >= $2::date - ${GROUPING.windowDays} AND event_types && $3::text[]
     ORDER BY last_seen DESC, created_at DESC LIMIT 50`,
    [span.last, span.first, types]);
  const countries = countriesOf(x);
  let best: { id: string; shared: number } | undefined;
  for (const r of rows) {
    if (!placeMatches(r, x, countries)) continue;
    const shared = actorIds.filter((id) => r.actor_ids.includes(id)).length;
    if (actorIds.length > 0 && r.actor_ids.length > 0 && shared === 0) continue;
    if (!best || shared > best.shared) best = { id: r.id, shared };
  }
  return best?.id;
}

interface GroupingRow {
  id: string;
  country_codes: string[];
  event_country_codes: string[];
  points: EventPlace[];
  actor_ids: string[];
}

function placeMatches(r: GroupingRow, x: Extraction, countries: { all: string[]; events: string[] }): boolean {
  const theirs = r.event_country_codes.length > 0 ? r.event_country_codes : r.country_codes;
  const ours = countries.events.length > 0 ? countries.events : countries.all;
  if (ours.some((c) => theirs.includes(c))) return true;
  const theirPoints = r.points.filter((p) => p.kind !== 'country');
  const ourPoints = x.events.map((e) => e.place).filter((p): p is EventPlace => !!p && p.kind !== 'country');
  return ourPoints.some((a) => theirPoints.some((b) => haversineKm(a, b) <= GROUPING.nearbyKm));
}
