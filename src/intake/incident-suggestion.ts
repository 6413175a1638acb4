/**
 * A DRAFT alert and an advisory level suggestion for an incident, rebuilt from the stored incident
 * with `suggestAlert()`. Nothing is written or sent.
 */
import { currentAdvisoryLevel } from '../advisories/service.js';
import type { Db } from '../db/index.js';
import type { Actor } from './text/actor-types.js';
import { suggestAlert, type AlertSuggestion } from './text/draft-alert.js';
import type { Extraction } from './text/extract.js';
import { isoDay, loadIncident, type IncidentRow } from './incidents.js';
import type { Place } from './text/places.js';

export interface AreaCircle { name: string; lat: number; lon: number; radiusKm: number }

export interface IncidentSuggestion {
  incidentId: string;
  alert: AlertSuggestion & { area: { description: string; countryCodes: string[]; circles: AreaCircle[] } };
  advisory: { countryCode: string; currentLevel: number | null; suggestedLevel: number; change: boolean; reasons: string[] } | null;
  notice: string;
}

/** Radius of an area circle around an event place that is not a country. */
const CIRCLE_KM: Record<string, number> = { city: 25, subdivision: 150, region: 150 };

function asExtraction(row: IncidentRow): Extraction {
  const actors: Actor[] = row.actors.map((a) => ({ ...a, mentions: [] }));
  const idOf = (name: string | undefined) => (name ? actors.find((a) => a.name === name || a.surfaceForms.includes(name))?.id : undefined);
  const places: Place[] = row.places.map((p) => ({
    surface: p.surfaces[0] ?? p.name, start: 0, end: 0, kind: p.kind, name: p.name, code: p.code, countryCode: p.countryCode, lat: p.lat, lon: p.lon,
    confidence: p.confidence, ...(p.demonym ? { demonym: true } : {}), ...(p.approximate ? { approximate: true } : {}), ...(p.radiusKm !== undefined ? { radiusKm: p.radiusKm } : {}),
  }));
  return {
    ...(row.first_seen ? { date: isoDay(row.last_seen) } : {}),
    places, placeMentions: places, actors,
    events: row.events.map((e, i) => {
      const agent = idOf(e.agent);
      const target = idOf(e.target);
      return {
        type: e.type, ...(e.hazard ? { hazard: e.hazard } : {}), label: e.label, sentence: e.sentence, sentences: e.sentences, cue: e.cue, cueStart: i, actors: e.actors.map(idOf).filter((x): x is string => !!x),
        diplomatic: e.diplomatic, ...(e.place ? { place: e.place } : {}), ...(agent ? { agent } : {}), ...(target ? { target } : {}),
        ...(e.date ? { date: e.date } : {}), ...(e.dateSource ? { dateSource: e.dateSource } : {}),
      };
    }),
    severity: { score: Math.min(5, Math.max(1, row.severity)) as 1 | 2 | 3 | 4 | 5, reasons: row.severity_reasons },
    advice: row.advice,
    notes: row.notes,
  };
}

/** A DRAFT alert and an advisory level suggestion for an incident. Nothing is written or sent. */
export async function suggestionFor(db: Db, incidentId: string): Promise<IncidentSuggestion> {
  const row = await loadIncident(db, incidentId);
  const draft = suggestAlert(asExtraction(row));
  const circles: AreaCircle[] = [];
  for (const e of row.events) {
    const p = e.place;
    if (!p || p.kind === 'country' || !draft.countryCodes.includes(p.countryCode) || circles.some((c) => c.name === p.name)) continue;
    const radiusKm = p.kind === 'site' ? (row.places.find((q) => q.kind === 'site' && q.code === p.code)?.radiusKm ?? 5) : (CIRCLE_KM[p.kind] ?? 25);
    circles.push({ name: p.name, lat: p.lat, lon: p.lon, radiusKm });
  }
  let advisory: IncidentSuggestion['advisory'] = null;
  if (draft.suggestedAdvisoryLevel) {
    const s = draft.suggestedAdvisoryLevel;
    const currentLevel = await currentAdvisoryLevel(db, s.countryCode);
    advisory = { countryCode: s.countryCode, currentLevel, suggestedLevel: s.level, change: currentLevel === null || s.level > currentLevel, reasons: s.reasons };
  }
  return {
    incidentId,
    alert: { ...draft, area: { description: draft.areaDescription, countryCodes: draft.countryCodes, circles } },
    advisory,
    notice: 'Draft only: review and edit it, then publish through the normal approval. Nothing has been sent.',
  };
}

