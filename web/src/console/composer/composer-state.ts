/**
 * The alert composer's state as one reducer: content (kind, CAP fields, one info block per language),
 * time window, area and the map's drawing mode. `toInput` is the API body; `fromAlert`, `fromTemplate`
 * and `fromSuggestion` fill it from a stored alert, a template or an intake suggestion.
 */
import type { Place } from '../../api';
import type { MapCircle } from '../../map/WorldMap';
import { languages, type AlertKind, type Language } from '../../../../src/vocabulary';
import type { AlertTemplate, AlertView, InfoBlock } from '../alert-types';
import { consoleNow, scenarioClock } from '../scenario';

export type PickedCity = Place & { radiusKm: number };
export type DrawMode = 'circle' | 'polygon' | 'country';
export const urgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const severities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const certainties = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export interface ComposerState {
  kind: AlertKind; sender: string; asksCheckin: boolean;
  urgency: string; severity: string; certainty: string; contact: string;
  /** datetime-local values read as UTC; '' = now (effective) or none. A new alert or an Update starts at the console's now (src/console/scenario.ts). */
  effective: string; expires: string; onset: string;
  infos: InfoBlock[]; active: number;
  countries: string[]; subdivisions: string[]; cities: PickedCity[]; circles: MapCircle[]; polygons: [number, number][][];
  vertices: [number, number][]; mode: DrawMode; radius: number; polygonError: string | null;
}

export type Scalar = 'kind' | 'sender' | 'asksCheckin' | 'urgency' | 'severity' | 'certainty' | 'contact' | 'effective' | 'expires' | 'onset' | 'mode' | 'radius' | 'active';
export type ComposerAction =
  | { type: 'set'; field: Scalar; value: string | number | boolean }
  | { type: 'info'; field: Exclude<keyof InfoBlock, 'language'>; value: string }
  | { type: 'addLanguage'; language: Language }
  | { type: 'removeLanguage'; index: number }
  | { type: 'template'; template: AlertTemplate }
  | { type: 'pick'; lat: number; lon: number; countryCode: string | null }
  | { type: 'closePolygon' } | { type: 'discardPoints' }
  | { type: 'addCity'; city: Place } | { type: 'addSubdivision'; code: string }
  | { type: 'remove'; list: 'countries' | 'subdivisions' | 'cities' | 'circles' | 'polygons'; index: number };

const blank = (language: Language): InfoBlock => ({ language, event: '', headline: '', description: '', instruction: '' });

export function initialState(): ComposerState {
  return {
    kind: 'security_alert', sender: 'Consular crisis team', asksCheckin: true, urgency: 'Immediate', severity: 'Severe', certainty: 'Observed', contact: '',
    effective: localValue(scenarioClock()?.asOf), expires: '', onset: '', infos: [blank('en')], active: 0,
    countries: [], subdivisions: [], cities: [], circles: [], polygons: [], vertices: [], mode: 'circle', radius: 25, polygonError: null,
  };
}

/** "2020-01-03T08:00:00.000Z" → "2020-01-03T08:00" (the datetime-local value, in UTC). */
export const localValue = (iso: string | null | undefined) => (iso ? iso.slice(0, 16) : '');
const instant = (local: string) => (local ? new Date(`${local}:00Z`).toISOString() : undefined);

/** `places` are the gazetteer cities of the stored area (it keeps only their ids), so they are drawn and listed by name. */
export function fromAlert(a: AlertView, opts: { asUpdate: boolean }, places: Place[] = []): ComposerState {
  const area = a.area;
  return {
    ...initialState(), kind: a.kind, sender: a.sender, asksCheckin: a.asksCheckin, urgency: a.urgency, severity: a.severity, certainty: a.certainty,
    contact: a.capInfo.contact ?? '', onset: localValue(a.capInfo.onset), effective: opts.asUpdate ? localValue(scenarioClock()?.asOf) : localValue(a.effective), expires: localValue(a.expires),
    infos: a.infos.map((i) => ({ ...i })), countries: area.countries ?? [], subdivisions: area.subdivisions ?? [],
    circles: (area.circles ?? []).map((c) => ({ ...c, label: `${c.radiusKm} km around ${c.lat.toFixed(3)}, ${c.lon.toFixed(3)}` })),
    cities: (area.cities ?? []).map((c) => ({ ...(places.find((p) => p.id === c.id) ?? { id: c.id, name: `city no. ${c.id}`, countryCode: '', subdivisionCode: null, lat: NaN, lon: NaN, population: 0 }), radiusKm: c.radiusKm })),
    polygons: area.polygons ?? [],
  };
}

export interface IncidentSuggestionView {
  alert: { kind: string; headline: string; description: string; instruction: string; cap: { urgency: string; severity: string; certainty: string; event: string };
    area: { countryCodes: string[]; circles: { name: string; lat: number; lon: number; radiusKm: number }[] } };
}

/** Intake's suggestion → the composer, from the incident's first day (its kind is normalised: intake may still say "security alert"). */
export function fromSuggestion(s: IncidentSuggestionView, firstSeen: string): ComposerState {
  const kind = s.alert.kind.replace(/ /g, '_') as AlertKind;
  return {
    ...initialState(), kind, effective: `${firstSeen.slice(0, 10)}T00:00`, urgency: s.alert.cap.urgency, severity: s.alert.cap.severity, certainty: s.alert.cap.certainty,
    infos: [{ language: 'en', event: s.alert.cap.event, headline: s.alert.headline, description: s.alert.description, instruction: s.alert.instruction }],
    countries: s.alert.area.countryCodes,
    circles: s.alert.area.circles.map((c) => ({ lat: c.lat, lon: c.lon, radiusKm: c.radiusKm, label: `${c.radiusKm} km around ${c.name}` })),
  };
}

export function isEmptyArea(s: ComposerState): boolean {
  return !s.countries.length && !s.subdivisions.length && !s.circles.length && !s.cities.length && !s.polygons.length;
}

export function areaOf(s: ComposerState) {
  return {
    countries: s.countries, subdivisions: s.subdivisions, polygons: s.polygons,
    circles: s.circles.map(({ lat, lon, radiusKm }) => ({ lat, lon, radiusKm })), cities: s.cities.map((c) => ({ id: c.id, radiusKm: c.radiusKm })),
  };
}

/** The time window of the count and of the alert: [effective or now, expires or open]. */
export function windowOf(s: ComposerState): { from: string; to: string | null } {
  return { from: instant(s.effective) ?? consoleNow(), to: instant(s.expires) ?? null };
}

export interface Assistance { contacts: { name: string; phone?: string; email?: string; website?: string; address?: string }[]; notes: string[] }

/** `assistance`: the posts of the area's countries (GET /api/posts/assistance), the messages' "Assistance" section. */
export function toInput(s: ComposerState, assistance?: Assistance | null) {
  const capInfo = { ...(s.onset ? { onset: instant(s.onset) } : {}), ...(s.contact.trim() ? { contact: s.contact.trim() } : {}) };
  return {
    kind: s.kind, sender: s.sender, asksCheckin: s.asksCheckin, urgency: s.urgency, severity: s.severity, certainty: s.certainty,
    ...(s.effective ? { effective: instant(s.effective) } : {}), ...(s.expires ? { expires: instant(s.expires) } : {}),
    capInfo, area: areaOf(s), infos: s.infos, ...(assistance ? { assistance } : {}),
  };
}

function pick(s: ComposerState, lat: number, lon: number, cc: string | null): ComposerState {
  if (s.mode === 'polygon') return { ...s, vertices: s.vertices.length < 999 ? [...s.vertices, [lat, lon]] : s.vertices, polygonError: null };
  if (s.mode === 'circle') return { ...s, circles: [...s.circles, { lat, lon, radiusKm: s.radius, label: `${s.radius} km around ${lat.toFixed(3)}, ${lon.toFixed(3)}` }] };
  if (!cc) return s;
  return { ...s, countries: s.countries.includes(cc) ? s.countries.filter((c) => c !== cc) : [...s.countries, cc] };
}

/** A ring needs three distinct points; the API wants it closed (first point repeated), 4..1000 points. */
function closePolygon(s: ComposerState): ComposerState {
  const distinct = s.vertices.filter(([lat, lon], i) => s.vertices.findIndex(([a, b]) => a === lat && b === lon) === i);
  if (distinct.length < 3) return { ...s, polygonError: 'A polygon needs at least 3 different points: click the map to add them.' };
  if (s.polygons.length >= 20) return { ...s, polygonError: 'An area can hold at most 20 polygons.' };
  return { ...s, polygons: [...s.polygons, [...distinct, distinct[0]!]], vertices: [], polygonError: null };
}

/** A template replaces the texts (its languages, in its order) and the kind, urgency, severity and certainty; area, window, sender and contact stay. */
function applyTemplate(s: ComposerState, t: AlertTemplate): ComposerState {
  return { ...s, kind: t.kind, urgency: t.urgency, severity: t.severity, certainty: t.certainty, infos: t.infos.map((i) => ({ ...i })), active: 0 };
}

export function composerReducer(s: ComposerState, a: ComposerAction): ComposerState {
  switch (a.type) {
    case 'set': return { ...s, [a.field]: a.value };
    case 'info': return { ...s, infos: s.infos.map((info, i) => (i === s.active ? { ...info, [a.field]: a.value } : info)) };
    case 'addLanguage':
      if (s.infos.some((i) => i.language === a.language) || !languages.includes(a.language)) return s;
      return { ...s, infos: [...s.infos, blank(a.language)], active: s.infos.length };
    case 'removeLanguage':
      if (s.infos.length === 1) return s;
      return { ...s, infos: s.infos.filter((_, i) => i !== a.index), active: 0 };
    case 'template': return applyTemplate(s, a.template);
    case 'pick': return pick(s, a.lat, a.lon, a.countryCode);
    case 'closePolygon': return closePolygon(s);
    case 'discardPoints': return { ...s, vertices: [], polygonError: null };
    case 'addCity': return { ...s, cities: [...s.cities, { ...a.city, radiusKm: s.radius }] };
    case 'addSubdivision': return s.subdivisions.includes(a.code) ? s : { ...s, subdivisions: [...s.subdivisions, a.code] };
    case 'remove': return { ...s, [a.list]: (s[a.list] as unknown[]).filter((_, i) => i !== a.index) };
  }
}
