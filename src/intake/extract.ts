/**
 * The intake pipeline for one document: date → places → actors → events → severity,
 * and a DRAFT alert suggestion for an operator to review. Pure: no database, no network.
 */
import { findActors, type Actor } from './actors.js';
import { documentDate, findDates, toIsoDate } from './dates.js';
import type { SourceDocument } from './documents.js';
import { EVENT_LABELS, findEvents, type EventType, type IntakeEvent } from './events.js';
import type { Gazetteer } from './gazetteer.js';
import { findPlaces, uniquePlaces, type Place, type Site } from './places.js';
import { scoreSeverity, type Severity } from './severity.js';
import { splitSentences, tokenize } from './text.js';

export interface ExtractContext {
  /** Known sites (from the database), matched by name and aliases. */
  sites: readonly Site[];
  gazetteer?: Gazetteer;
}

export interface Extraction {
  /** Document date, YYYY-MM-DD (publication date, else dateline). */
  date?: string;
  /** Distinct places (first mention's surface and offsets). */
  places: Place[];
  /** Every place mention, in text order. */
  placeMentions: Place[];
  actors: Actor[];
  events: IntakeEvent[];
  severity: Severity;
  /** Safety instructions the source itself gives ("should not approach the Embassy"). */
  advice: { avoidFacility?: string; departCountries: string[] };
}

const AVOID_FACILITY = /\b(should not|must not|do not|don't|not to) approach\b|\bavoid the\b[^.]{0,30}\b(embassy|consulate)\b/i;

function facilityToAvoid(text: string, actors: readonly Actor[]): string | undefined {
  if (!AVOID_FACILITY.test(text)) return undefined;
  const facility = actors.find((a) => /\b(embassy|consulate)\b/i.test(a.name));
  return facility?.name ?? 'the embassy';
}

export function extract(doc: SourceDocument, ctx: ExtractContext): Extraction {
  const text = doc.text;
  const sentences = splitSentences(text);
  const tokens = tokenize(text, sentences);
  const published = documentDate(doc);
  const placeMentions = findPlaces(text, { sites: ctx.sites, ...(ctx.gazetteer ? { gazetteer: ctx.gazetteer } : {}) }, tokens);
  const actors = findActors(text, placeMentions, tokens);
  const dates = findDates(text, published);
  const events = findEvents(text, { sentences, places: placeMentions, actors, dates, ...(published ? { publishedAt: published } : {}) });
  const severity = scoreSeverity(events, text);
  const departCountries = [...new Set(events.filter((e) => e.type === 'evacuation_departure' && e.place).map((e) => e.place!.countryCode))];
  const avoidFacility = facilityToAvoid(text, actors);
  const extraction: Extraction = {
    places: uniquePlaces(placeMentions),
    placeMentions,
    actors,
    events,
    severity,
    advice: { departCountries, ...(avoidFacility ? { avoidFacility } : {}) },
  };
  if (published) extraction.date = toIsoDate(published);
  return extraction;
}

// ---------------------------------------------------------------------------
// Draft alert
// ---------------------------------------------------------------------------

export type AlertKind = 'security alert' | 'demonstration alert' | 'health alert' | 'message';

export interface CapFields {
  urgency: 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
  severity: 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
  certainty: 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';
  category: 'Security' | 'Safety' | 'Health' | 'Geo' | 'Met' | 'Other';
  event: string;
}

export interface AlertSuggestion {
  /** Always a draft: an operator reviews, edits and publishes. */
  draft: true;
  kind: AlertKind;
  headline: string;
  description: string;
  instruction: string;
  countryCodes: string[];
  areaDescription: string;
  cap: CapFields;
  suggestedAdvisoryLevel?: { countryCode: string; level: 1 | 2 | 3 | 4; reasons: string[] };
}

const SECURITY_TYPES: ReadonlySet<EventType> = new Set(['military_strike', 'diplomatic_facility_attack', 'terrorist_attack', 'armed_clash', 'kidnapping', 'threat_warning', 'evacuation_departure', 'suspension_of_services']);

function alertKind(events: readonly IntakeEvent[]): AlertKind {
  if (events.some((e) => SECURITY_TYPES.has(e.type))) return 'security alert';
  if (events.some((e) => e.type === 'siege_protest')) return 'demonstration alert';
  if (events.some((e) => e.type === 'disease_outbreak')) return 'health alert';
  return 'message';
}

function capCategory(kind: AlertKind, events: readonly IntakeEvent[]): CapFields['category'] {
  if (kind === 'security alert' || kind === 'demonstration alert') return 'Security';
  if (kind === 'health alert') return 'Health';
  if (events.some((e) => e.type === 'natural_disaster')) return 'Geo';
  return 'Other';
}

function capSeverity(score: number): CapFields['severity'] {
  return score >= 5 ? 'Extreme' : score >= 4 ? 'Severe' : score >= 3 ? 'Moderate' : 'Minor';
}

/** The country an alert is about: where departure is advised, else where the events are, most frequent first. */
function alertCountries(x: Extraction): string[] {
  if (x.advice.departCountries.length > 0) return x.advice.departCountries;
  const counts = new Map<string, number>();
  for (const e of x.events) if (e.place?.countryCode) counts.set(e.place.countryCode, (counts.get(e.place.countryCode) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([cc]) => cc);
}

function countryName(x: Extraction, cc: string): string {
  return x.places.find((p) => p.kind === 'country' && p.code === cc && !p.demonym)?.name ?? x.places.find((p) => p.countryCode === cc && p.kind === 'country')?.name ?? cc;
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function describeEvent(e: IntakeEvent, actors: readonly Actor[]): string {
  const where = e.place ? ` (${e.place.name})` : '';
  const who = actors.find((a) => a.id === (e.target ?? e.agent));
  const whom = who ? `, ${who.name}` : '';
  return `${e.label}${where}${whom}${e.date ? `, ${e.date}` : ''}.`;
}

function buildInstruction(x: Extraction, countryNames: string[]): string {
  const parts: string[] = [];
  if (countryNames.length > 0 && x.advice.departCountries.length > 0) parts.push(`Depart ${countryNames.join(' and ')} immediately if it is safe to do so.`);
  if (x.advice.avoidFacility) parts.push(`Do not approach the ${x.advice.avoidFacility}.`);
  if (x.events.some((e) => e.type === 'suspension_of_services' && e.diplomatic)) parts.push('Public consular services are suspended until further notice.');
  parts.push('Keep a low profile, monitor local media and tell us you are safe when asked.');
  return parts.join(' ');
}

function advisoryLevel(x: Extraction, cc: string): AlertSuggestion['suggestedAdvisoryLevel'] {
  const reasons: string[] = [];
  let level: 1 | 2 | 3 | 4 = 1;
  if (x.advice.departCountries.includes(cc)) {
    level = 4;
    reasons.push('departure advised for citizens');
  }
  if (x.events.some((e) => e.type === 'diplomatic_facility_attack')) {
    level = Math.max(level, 4) as 4;
    reasons.push('attack on a diplomatic facility');
  }
  if (x.events.some((e) => e.type === 'military_strike' && e.place?.countryCode === cc)) {
    level = Math.max(level, 3) as 3 | 4;
    reasons.push('military strike in the country');
  }
  if (level === 1 && x.severity.score >= 3) {
    level = 2;
    reasons.push(`severity ${x.severity.score}`);
  }
  return level > 1 ? { countryCode: cc, level, reasons } : undefined;
}

/** A DRAFT alert from an extraction, for an operator to review; never sent as is. */
export function suggestAlert(x: Extraction): AlertSuggestion {
  const kind = alertKind(x.events);
  const countryCodes = alertCountries(x);
  const names = countryCodes.map((cc) => countryName(x, cc));
  const main = [...x.events].sort((a, b) => (a.type === 'evacuation_departure' ? 1 : 0) - (b.type === 'evacuation_departure' ? 1 : 0))[0];
  const headline = main
    ? `${sentenceCase(kind)}: ${main.label.toLowerCase()}${names.length ? ` — ${names.join(', ')}` : ''}`
    : `Message${names.length ? ` — ${names.join(', ')}` : ''}`;
  const description = x.events.map((e) => describeEvent(e, x.actors)).join(' ') || 'No specific event recognised.';
  const urgent = x.events.some((e) => e.type === 'evacuation_departure' || e.dateSource === 'text');
  const suggestion: AlertSuggestion = {
    draft: true,
    kind,
    headline,
    description,
    instruction: buildInstruction(x, names),
    countryCodes,
    areaDescription: names.join(', ') || 'Unspecified',
    cap: {
      urgency: urgent ? 'Immediate' : 'Expected',
      severity: capSeverity(x.severity.score),
      certainty: x.events.some((e) => e.dateSource === 'text') ? 'Observed' : 'Likely',
      category: capCategory(kind, x.events),
      event: main ? EVENT_LABELS[main.type] : 'Message',
    },
  };
  const cc = countryCodes[0];
  const level = cc ? advisoryLevel(x, cc) : undefined;
  if (level) suggestion.suggestedAdvisoryLevel = level;
  return suggestion;
}
