/**
 * Merging a document's extraction into an incident: places by kind+code, actors with `mergeActors`,
 * events by (type, place, date), severity = max, advice unioned; the title and the timeline are
 * rebuilt; then the incident row is inserted or updated.
 */
import type { Db } from '../db/index.js';
import { getCountry } from '../geo/index.js';
import { mergeActors } from './text/actor-matching.js';
import type { Actor } from './text/actor-types.js';
import type { Extraction } from './text/extract.js';
import { docSpan } from './grouping.js';
import { isoDay, loadIncident, type Advice, type IncidentActor, type IncidentEvent, type IncidentPlace, type TimelineEntry } from './incidents.js';
import type { Place } from './text/places.js';
import { BASE_SEVERITY } from './text/severity.js';

interface IncidentState {
  places: IncidentPlace[];
  actors: IncidentActor[];
  events: IncidentEvent[];
  advice: Advice;
  notes: string[];
  severity: number;
  severityReasons: string[];
  first: string;
  last: string;
}

function mergePlaces(into: IncidentPlace[], mentions: readonly Place[]): IncidentPlace[] {
  const out = into.map((p) => ({ ...p, surfaces: [...p.surfaces] }));
  for (const m of mentions) {
    let p = out.find((q) => q.kind === m.kind && q.code === m.code);
    if (!p) {
      p = {
        name: m.name, kind: m.kind, code: m.code, countryCode: m.countryCode, lat: m.lat, lon: m.lon, confidence: m.confidence,
        demonym: !!m.demonym, surfaces: [],
        ...(m.approximate ? { approximate: true } : {}), ...(m.radiusKm !== undefined ? { radiusKm: m.radiusKm } : {}),
      };
      out.push(p);
    }
    p.confidence = Math.max(p.confidence, m.confidence);
    if (!m.demonym) p.demonym = false;
    if (!p.surfaces.includes(m.surface)) p.surfaces.push(m.surface);
  }
  return out;
}

function toIncidentActor(a: Actor): IncidentActor {
  return {
    id: a.id, name: a.name, kind: a.kind, surfaceForms: a.surfaceForms,
    ...(a.acronym ? { acronym: a.acronym } : {}), ...(a.partOf ? { partOf: a.partOf } : {}),
    ...(a.countryCode ? { countryCode: a.countryCode } : {}), ...(a.titles?.length ? { titles: a.titles } : {}),
  };
}

function mergeIncidentActors(into: IncidentActor[], found: readonly Actor[]): IncidentActor[] {
  const existing: Actor[] = into.map((a) => ({ ...a, mentions: [] }));
  return mergeActors(existing, found.map((a) => ({ ...a, mentions: [] }))).map(toIncidentActor);
}

function mergeEvents(into: IncidentEvent[], x: Extraction, documentId: string): IncidentEvent[] {
  const out = into.map((e) => ({ ...e, sentences: [...e.sentences], actors: [...e.actors], documentIds: [...e.documentIds] }));
  const nameOf = (id: string | undefined) => (id ? x.actors.find((a) => a.id === id)?.name : undefined);
  for (const e of x.events) {
    const same = out.find((o) => o.type === e.type && o.hazard === e.hazard && (o.place?.code ?? '') === (e.place?.code ?? '') && (o.date ?? '') === (e.date ?? ''));
    const actors = e.actors.map((id) => nameOf(id)).filter((n): n is string => !!n);
    if (same) {
      for (const s of e.sentences) if (!same.sentences.includes(s)) same.sentences.push(s);
      for (const a of actors) if (!same.actors.includes(a)) same.actors.push(a);
      if (!same.documentIds.includes(documentId)) same.documentIds.push(documentId);
      if (same.dateSource !== 'text' && e.dateSource === 'text') same.dateSource = 'text';
      continue;
    }
    const agent = nameOf(e.agent);
    const target = nameOf(e.target);
    out.push({
      type: e.type, ...(e.hazard ? { hazard: e.hazard } : {}), label: e.label, sentence: e.sentence, sentences: [...e.sentences], cue: e.cue, actors, diplomatic: e.diplomatic, documentIds: [documentId],
      ...(e.place ? { place: e.place } : {}), ...(agent ? { agent } : {}), ...(target ? { target } : {}),
      ...(e.date ? { date: e.date } : {}), ...(e.dateSource ? { dateSource: e.dateSource } : {}),
    });
  }
  return out;
}

function mergeState(state: IncidentState, x: Extraction, documentId: string, date: string | null): IncidentState {
  const span = docSpan(x, date);
  const severity = Math.max(state.severity, x.severity.score);
  return {
    places: mergePlaces(state.places, x.placeMentions),
    actors: mergeIncidentActors(state.actors, x.actors),
    events: mergeEvents(state.events, x, documentId),
    advice: {
      departCountries: [...new Set([...state.advice.departCountries, ...x.advice.departCountries])],
      ...((state.advice.avoidFacility ?? x.advice.avoidFacility) ? { avoidFacility: (state.advice.avoidFacility ?? x.advice.avoidFacility)! } : {}),
    },
    notes: [...new Set([...state.notes, ...(x.notes ?? [])])],
    severity,
    severityReasons: [...new Set([...state.severityReasons, ...(x.severity.score === severity ? x.severity.reasons : [])])],
    first: state.first && state.first < span.first ? state.first : span.first,
    last: state.last && state.last > span.last ? state.last : span.last,
  };
}

function incidentTitle(s: IncidentState): string {
  const main = [...s.events].sort((a, b) => BASE_SEVERITY[b.type] - BASE_SEVERITY[a.type])[0];
  if (!main) {
    const where = s.places.find((p) => !p.demonym);
    return where ? `Report — ${where.name}` : 'Report with no recognised event';
  }
  const country = main.place ? getCountry(main.place.countryCode)?.name : undefined;
  const where = main.place ? (main.place.kind === 'country' ? main.place.name : `${main.place.name}${country ? `, ${country}` : ''}`) : undefined;
  return `${main.label}${where ? ` — ${where}` : ''}`;
}

async function timelineOf(tx: Db, incidentId: string | null, extra: { documentId: string; date: string | null; title: string | null } | null, events: IncidentEvent[]): Promise<TimelineEntry[]> {
  const sources = incidentId
    ? (await tx.query<{ id: string; doc_date: Date | string | null; title: string | null; ingested_at: Date }>(
      `SELECT d.id, d.doc_date, d.title, d.ingested_at FROM incident_documents i JOIN intake_documents d ON d.id = i.document_id WHERE i.incident_id = $1`, [incidentId])).rows
      .map((r) => ({ documentId: r.id, date: r.doc_date ? isoDay(r.doc_date) : isoDay(r.ingested_at), title: r.title }))
    : [];
  if (extra) sources.push({ documentId: extra.documentId, date: extra.date ?? new Date().toISOString().slice(0, 10), title: extra.title });
  const entries: TimelineEntry[] = [];
  for (const e of events) {
    entries.push({ date: e.date ?? sources.find((s) => e.documentIds.includes(s.documentId))?.date ?? '', kind: 'event', type: e.type, label: e.label, ...(e.place ? { place: e.place.name } : {}), documentId: e.documentIds[0]! });
  }
  for (const s of sources) entries.push({ date: s.date, kind: 'source', label: s.title ? `Reported: ${s.title}` : 'Reported', documentId: s.documentId });
  return entries.sort((a, b) => a.date.localeCompare(b.date) || (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1));
}

function stateColumns(s: IncidentState): readonly unknown[] {
  const countries = new Set<string>();
  const eventCountries = new Set<string>();
  for (const e of s.events) if (e.place?.countryCode) { eventCountries.add(e.place.countryCode); countries.add(e.place.countryCode); }
  for (const p of s.places) if (!p.demonym && p.countryCode) countries.add(p.countryCode);
  return [
    incidentTitle(s), s.first, s.last, [...new Set(s.events.map((e) => e.type))], s.severity, s.severityReasons, [...countries].sort(), [...eventCountries].sort(),
    JSON.stringify(s.places), JSON.stringify(s.actors), JSON.stringify(s.events),
  ];
}

export async function createIncident(tx: Db, documentId: string, x: Extraction, date: string | null, title: string | null): Promise<string> {
  const empty: IncidentState = { places: [], actors: [], events: [], advice: { departCountries: [] }, notes: [], severity: 1, severityReasons: [], first: '', last: '' };
  const state = mergeState(empty, x, documentId, date);
  const timeline = await timelineOf(tx, null, { documentId, date, title }, state.events);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO incidents (title, first_seen, last_seen, event_types, severity, severity_reasons, country_codes, event_country_codes, places, actors, events, timeline, advice, notes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14) RETURNING id`,
    [...stateColumns(state), JSON.stringify(timeline), JSON.stringify(state.advice), state.notes] as never);
  return rows[0]!.id;
}

export async function addToIncident(tx: Db, incidentId: string, documentId: string, x: Extraction, date: string | null, title: string | null): Promise<void> {
  const row = await loadIncident(tx, incidentId, true);
  const state = mergeState({
    places: row.places, actors: row.actors, events: row.events, advice: row.advice, notes: row.notes, severity: row.severity,
    severityReasons: row.severity_reasons, first: isoDay(row.first_seen), last: isoDay(row.last_seen),
  }, x, documentId, date);
  const timeline = await timelineOf(tx, incidentId, { documentId, date, title }, state.events);
  await tx.query(
    `UPDATE incidents SET title = $2, first_seen = $3, last_seen = $4, event_types = $5, severity = $6, severity_reasons = $7, country_codes = $8,
       event_country_codes = $9, places = $10::jsonb, actors = $11::jsonb, events = $12::jsonb, timeline = $13::jsonb, advice = $14::jsonb, notes = $15, updated_at = now()
     WHERE id = $1`,
    [incidentId, ...stateColumns(state), JSON.stringify(timeline), JSON.stringify(state.advice), state.notes] as never);
}
