/**
 * The DRAFT alert an extraction suggests, for an operator to review; never sent as is.
 *
 * Invariants (issue 14): the kind is one of the alerts' kinds; the area and the countries come only from the places
 * events happen in (or, for departure, from an authority's departure advice); the instruction follows the event kinds
 * and the suggested advisory level, in every message language; every suggestion carries its evidence sentences and a
 * confidence, and a low confidence is said, not hidden — no advisory level is suggested then.
 */
import type { SupportedLanguage } from '../../delivery/messages/labels.js';
import type { AlertKind } from '../../vocabulary.js';
import type { Actor } from './actor-types.js';
import { instructionsFor } from './draft-instructions.js';
import { EVENT_LABELS, eventKind, HAZARD_LABELS, type EventKind, type EventType, type IntakeEvent } from './events.js';
import type { Extraction } from './extract.js';
import { BASE_SEVERITY } from './severity.js';


export interface CapFields {
  urgency: 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
  severity: 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
  certainty: 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';
  category: 'Security' | 'Safety' | 'Health' | 'Geo' | 'Met' | 'Fire' | 'Transport' | 'Other';
  event: string;
}

export interface Confidence {
  /** 0..1 */
  score: number;
  level: 'high' | 'medium' | 'low';
  reasons: string[];
}

export interface Evidence { type: EventType; sentence: string }

export interface AlertSuggestion {
  /** Always a draft: an operator reviews, edits and publishes. */
  draft: true;
  kind: AlertKind;
  headline: string;
  description: string;
  /** The instruction in English (= instructions.en). */
  instruction: string;
  /** The instruction in every message language. */
  instructions: Record<SupportedLanguage, string>;
  countryCodes: string[];
  areaDescription: string;
  cap: CapFields;
  /** The sentences the draft rests on. */
  evidence: Evidence[];
  confidence: Confidence;
  suggestedAdvisoryLevel?: { countryCode: string; level: 1 | 2 | 3 | 4; reasons: string[]; evidence: string[]; confidence: Confidence };
  /** Why no advisory level is suggested although events were found ("low confidence: …"). */
  advisoryNote?: string;
}

/** Kinds of event that are not about people's security or health: a demonstration, an outbreak. */
const DEMONSTRATION_TYPES: ReadonlySet<EventType> = new Set(['siege_protest']);
/** Events that say what else is happening, not what the alert is about. */
const CONTEXT_TYPES: ReadonlySet<EventType> = new Set(['evacuation_departure', 'threat_warning', 'suspension_of_services', 'other']);

const CAP_CATEGORY_BY_KIND: Partial<Record<EventKind, CapFields['category']>> = {
  earthquake: 'Geo', tsunami: 'Geo', volcanic_eruption: 'Geo', landslide: 'Geo', avalanche: 'Geo', natural_disaster: 'Geo',
  cyclone: 'Met', flood: 'Met', tornado: 'Met', wildfire: 'Fire',
  disease_outbreak: 'Health', mass_casualty_accident: 'Transport', crowd_crush: 'Safety', border_closure: 'Transport',
};

function alertKind(events: readonly IntakeEvent[]): AlertKind {
  if (events.length === 0) return 'message';
  if (events.every((e) => DEMONSTRATION_TYPES.has(e.type) || CONTEXT_TYPES.has(e.type)) && events.some((e) => DEMONSTRATION_TYPES.has(e.type))) return 'demonstration_alert';
  if (events.every((e) => e.type === 'disease_outbreak' || CONTEXT_TYPES.has(e.type)) && events.some((e) => e.type === 'disease_outbreak')) return 'health_alert';
  if (events.every((e) => e.type === 'other')) return 'message';
  return 'security_alert';
}

/**
 * The events by importance: the worst base severity first, the lede's event counting one more (news tells what
 * matters first), context events (advice, threats, suspensions) last.
 */
function byImportance(events: readonly IntakeEvent[]): IntakeEvent[] {
  const rank = (e: IntakeEvent) => (CONTEXT_TYPES.has(e.type) ? -10 : 0) + BASE_SEVERITY[e.type] + (e === events[0] ? 1 : 0);
  return [...events].sort((a, b) => rank(b) - rank(a));
}

function capSeverity(score: number): CapFields['severity'] {
  return score >= 5 ? 'Extreme' : score >= 4 ? 'Severe' : score >= 3 ? 'Moderate' : 'Minor';
}

/** The countries an alert is about: where departure is advised, else where the events happen (the main event's first). */
function alertCountries(x: Extraction, main: IntakeEvent | undefined): string[] {
  if (x.advice.departCountries.length > 0) return x.advice.departCountries;
  const counts = new Map<string, number>();
  for (const e of x.events) if (e.place?.countryCode) counts.set(e.place.countryCode, (counts.get(e.place.countryCode) ?? 0) + (e === main ? 100 : 1));
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

/** The area: the event places inside the alert's countries, most specific first, then the countries. */
function areaOf(x: Extraction, countryCodes: readonly string[], names: readonly string[]): string {
  const local = [...new Set(x.events.filter((e) => e.place && e.place.kind !== 'country' && countryCodes.includes(e.place.countryCode)).map((e) => e.place!.name))];
  return [...local, ...names.filter((n) => !local.includes(n))].join(', ') || 'Unspecified';
}

const level = (n: number): Confidence['level'] => (n >= 0.75 ? 'high' : n >= 0.5 ? 'medium' : 'low');

/** How much the draft can be trusted: a place read in the event's own sentence, a date in the text, more than one sentence. */
function confidenceOf(events: readonly IntakeEvent[], undated: boolean): Confidence {
  if (events.length === 0) return { score: 0.2, level: 'low', reasons: ['no event recognised'] };
  const main = events[0]!;
  let score = 0.35;
  const reasons: string[] = [];
  if (main.place) {
    score += main.place.kind === 'country' ? 0.2 : 0.25;
    reasons.push(`place read in the event's sentence (${main.place.name})`);
  } else reasons.push('no place in the event’s sentences');
  if (main.dateSource === 'text') {
    score += 0.15;
    reasons.push('date read in the text');
  } else if (main.dateSource !== 'ingest') reasons.push('dated by the publication date');
  if (undated) reasons.push('undated source: dates are read from the ingest day');
  if (main.sentences.length > 1 || events.filter((e) => e.place?.countryCode === main.place?.countryCode).length > 1) {
    score += 0.15;
    reasons.push('more than one sentence supports it');
  }
  if (undated) score -= 0.1;
  const rounded = Math.round(Math.max(0, Math.min(1, score)) * 100) / 100;
  return { score: rounded, level: level(rounded), reasons };
}

function advisoryLevel(x: Extraction, cc: string, confidence: Confidence): AlertSuggestion['suggestedAdvisoryLevel'] {
  const reasons: string[] = [];
  const evidence: Evidence[] = [];
  const inCountry = x.events.filter((e) => e.place?.countryCode === cc);
  let lvl: 1 | 2 | 3 | 4 = 1;
  const raise = (to: 1 | 2 | 3 | 4, why: string, because: readonly IntakeEvent[]) => {
    if (to > lvl) lvl = to;
    reasons.push(why);
    for (const e of because) evidence.push(...e.sentences.map((sentence) => ({ type: e.type, sentence })));
  };
  if (x.advice.departCountries.includes(cc)) raise(4, 'departure advised for citizens by an authority', x.events.filter((e) => e.type === 'evacuation_departure'));
  const facility = x.events.filter((e) => e.type === 'diplomatic_facility_attack' && (!e.place || e.place.countryCode === cc));
  if (facility.length) raise(4, 'attack on a diplomatic facility', facility);
  const grave = inCountry.filter((e) => e.type === 'coup' || e.type === 'military_strike' || e.type === 'armed_clash');
  if (grave.length) raise(3, [...new Set(grave.map((e) => `${EVENT_LABELS[e.type].toLowerCase()} in the country`))].join(', '), grave);
  if (lvl === 1 && x.severity.score >= 3 && inCountry.length) raise(2, `severity ${x.severity.score}`, inCountry.slice(0, 1));
  if (lvl === 1) return undefined;
  // Explicit departure advice by an authority is the strongest evidence there is.
  const own = x.advice.departCountries.includes(cc) ? { score: 0.9, level: 'high' as const, reasons: ['departure advice by an authority'] } : confidence;
  return { countryCode: cc, level: lvl, reasons, evidence: [...new Set(evidence.map((e) => e.sentence))], confidence: own };
}

/** A DRAFT alert from an extraction, for an operator to review; never sent as is. */
export function suggestAlert(x: Extraction): AlertSuggestion {
  const ordered = byImportance(x.events);
  const main = ordered[0];
  const kind = alertKind(x.events);
  const countryCodes = alertCountries(x, main);
  const names = countryCodes.map((cc) => countryName(x, cc));
  const confidence = confidenceOf(ordered, x.events.some((e) => e.dateSource === 'ingest') || (x.notes ?? []).some((n) => n.startsWith('no publication date')));
  const low = confidence.level === 'low' ? 'Low confidence — ' : '';
  const kindLabel = kind.replace(/_/g, ' ');
  const headline = main
    ? `${low}${sentenceCase(kindLabel)}: ${main.label.toLowerCase()}${names.length ? ` — ${names.join(', ')}` : ''}`
    : `${low}Message${names.length ? ` — ${names.join(', ')}` : ''}`;
  const description = `${low ? `Low confidence (${confidence.reasons.join('; ')}). ` : ''}${x.events.map((e) => describeEvent(e, x.actors)).join(' ') || 'No specific event recognised.'}`;
  const urgent = x.events.some((e) => e.type === 'evacuation_departure' || e.dateSource === 'text');
  const cc = countryCodes[0];
  const advisory = cc && confidence.level !== 'low' ? advisoryLevel(x, cc, confidence) : undefined;
  const instructions = instructionsFor({
    depart: x.advice.departCountries.map((code) => ({ code, name: countryName(x, code) })),
    ...(x.advice.avoidFacility ? { avoidFacility: x.advice.avoidFacility } : {}),
    consularSuspended: x.events.some((e) => e.type === 'suspension_of_services' && e.diplomatic),
    kinds: ordered.filter((e) => !(e.type === 'evacuation_departure' && x.advice.departCountries.length > 0)).map(eventKind),
    level: advisory?.level ?? 1,
  });
  const suggestion: AlertSuggestion = {
    draft: true,
    kind,
    headline,
    description,
    instruction: instructions.en,
    instructions,
    countryCodes,
    areaDescription: areaOf(x, countryCodes, names),
    cap: {
      urgency: urgent ? 'Immediate' : 'Expected',
      severity: capSeverity(x.severity.score),
      certainty: x.events.some((e) => e.dateSource === 'text') ? 'Observed' : 'Likely',
      category: main ? (CAP_CATEGORY_BY_KIND[eventKind(main)] ?? (kind === 'security_alert' || kind === 'demonstration_alert' ? 'Security' : 'Other')) : 'Other',
      event: main ? (main.hazard ? HAZARD_LABELS[main.hazard] : EVENT_LABELS[main.type]) : 'Message',
    },
    evidence: ordered.flatMap((e) => e.sentences.map((sentence) => ({ type: e.type, sentence }))),
    confidence,
  };
  if (advisory) suggestion.suggestedAdvisoryLevel = advisory;
  else if (cc && confidence.level === 'low') suggestion.advisoryNote = `low confidence: no advisory level suggested (${confidence.reasons.join('; ')})`;
  return suggestion;
}
