/**
 * Events: what happened, sentence by sentence, from cue patterns.
 *
 * Taxonomy (type — cues, case-insensitive):
 * - military_strike — airstrike, air/drone/missile strike, "the strike that killed", shelling, bombardment
 * - diplomatic_facility_attack — embassy/consulate/diplomatic mission with besieged, stormed, attacked, breached, set on fire
 * - siege_protest — protest(ers), demonstration(s), rally, riot, siege, besieged, sit-in (not when the sentence is a facility attack)
 * - threat_warning — retaliation, revenge, reprisal, threaten(ed), vowed to, ultimatum, "plans to attack", "warned of an attack"
 * - evacuation_departure — advice to leave (urged/advised/told/ordered … to leave/depart/evacuate), evacuation, ordered/authorized departure
 * - suspension_of_services — suspended/closed/shut/halted/cancelled with consular/services/operations/embassy/flights/visas/border
 * - kidnapping — kidnapped, abducted, hostage(s), held captive
 * - terrorist_attack — terrorist attack, suicide bombing, car bomb, bombing(s), explosion, blast, gunmen opened fire, mass shooting
 * - armed_clash — clashes, firefight, gun battle, skirmishes, exchange of fire, fighting between
 * - natural_disaster — earthquake, flood(ing), cyclone, hurricane, typhoon, tsunami, wildfire, eruption, landslide, tornado
 * - disease_outbreak — outbreak, epidemic, pandemic, cholera, Ebola, measles, influenza, "confirmed cases", quarantine
 * - other — not emitted by the recogniser; left for operators to label what the cues miss.
 *
 * Each event carries its supporting sentence(s), the place nearest its cue (skipping places
 * used as modifiers: "a U.S. airstrike", "Iranian-backed"), the actors of the sentence with
 * the nearest one as agent, the facility it targets (an embassy actor), and a date: the
 * nearest day mentioned in the sentence, else the publication date.
 * Events of one type in one document are merged when their places agree (same country
 * or unknown): the most specific place and the first date read from the text win.
 */
import type { Actor } from './actors.js';
import { type DateMention, nearestDate, toIsoDate } from './dates.js';
import type { Place, PlaceKind } from './places.js';
import type { Sentence } from './text.js';

export type EventType =
  | 'military_strike'
  | 'diplomatic_facility_attack'
  | 'siege_protest'
  | 'threat_warning'
  | 'evacuation_departure'
  | 'suspension_of_services'
  | 'kidnapping'
  | 'terrorist_attack'
  | 'armed_clash'
  | 'natural_disaster'
  | 'disease_outbreak'
  | 'other';

export const EVENT_LABELS: Readonly<Record<EventType, string>> = {
  military_strike: 'Military strike',
  diplomatic_facility_attack: 'Attack on a diplomatic facility',
  siege_protest: 'Siege or protest',
  threat_warning: 'Threat or warning',
  evacuation_departure: 'Evacuation or departure advice',
  suspension_of_services: 'Suspension of services',
  kidnapping: 'Kidnapping',
  terrorist_attack: 'Terrorist attack',
  armed_clash: 'Armed clash',
  natural_disaster: 'Natural disaster',
  disease_outbreak: 'Disease outbreak',
  other: 'Other',
};

export interface EventPlace {
  name: string;
  kind: PlaceKind;
  code: string;
  countryCode: string;
  lat: number;
  lon: number;
}

export interface IntakeEvent {
  type: EventType;
  label: string;
  /** The first supporting sentence. */
  sentence: string;
  /** Every supporting sentence, in document order. */
  sentences: string[];
  /** The words that triggered the event, and where. */
  cue: string;
  cueStart: number;
  place?: EventPlace;
  /** Ids of the actors named in the supporting sentences. */
  actors: string[];
  /** Id of the actor nearest the cue: who acted, warned or was hit. */
  agent?: string;
  /** Id of the diplomatic facility (embassy/consulate actor) concerned. */
  target?: string;
  /** Whether an embassy, consulate or diplomatic mission is involved. */
  diplomatic: boolean;
  /** YYYY-MM-DD. */
  date?: string;
  /** 'text': a date in the sentence; 'publication': fell back to the document date. */
  dateSource?: 'text' | 'publication';
}

interface Rule {
  type: EventType;
  /** The cue; its first capture group (if any) marks the cue position. */
  cue: RegExp;
  /** Extra condition on the whole sentence. */
  requires?: RegExp;
}

const DIPLOMATIC = /\b(embass(y|ies)|consulates?|diplomatic (mission|compound|facilit(y|ies)|post)|consular)\b/i;

const RULES: readonly Rule[] = [
  { type: 'military_strike', cue: /\b(air ?strikes?|drone strikes?|missile strikes?|military strikes?|precision strikes?|strikes? (?:that|which) killed|authori[sz]ed (?:the|a) strike|bombard\w*|shelling|shelled|bombing raids?)\b/i },
  { type: 'diplomatic_facility_attack', cue: /\b(besieg\w*|storm(?:ed|ing)|attack(?:s|ed|ing)?|breach\w*|set (?:on )?fire|torch\w*|overr?an|ransack\w*|siege)\b/i, requires: /\b(embass(y|ies)|consulates?|diplomatic (mission|compound|facilit(y|ies)))\b/i },
  { type: 'siege_protest', cue: /\b(protest(?:s|ers|ors|ed|ing)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies)|riot(?:s|ing|ers)?|sieges?|besieg\w*|sit-ins?)\b/i },
  { type: 'threat_warning', cue: /\b(retaliat\w*|revenge|reprisals?|threat(?:en|ened|ens|ening)?|vow(?:ed|s)? to|ultimatum|plans? to attack|warn(?:ed|s|ing)? of (?:an? )?(?:attack|retaliation|consequences))\b/i },
  { type: 'evacuation_departure', cue: /\b(?:urg\w*|advis\w*|told|order\w*|call\w* on|encourag\w*|recommend\w*|should|must)\b[^.;]{0,80}?\b(leave|depart|evacuate|exit)\b/i },
  { type: 'evacuation_departure', cue: /\b(evacuation|evacuated|evacuating|ordered departure|authori[sz]ed departure|depart \p{Lu}\w+ immediately)\b/iu },
  { type: 'suspension_of_services', cue: /\b(suspend\w*|clos(?:ed|ure|ing|es)|shut(?: down)?|halt\w*|cancel\w*)\b/i, requires: /\b(consular|services?|operations|embass(y|ies)|consulates?|flights?|visas?|border|airport)\b/i },
  { type: 'kidnapping', cue: /\b(kidnap\w*|abduct\w*|hostages?|held captive|taken captive)\b/i },
  { type: 'terrorist_attack', cue: /\b(terror(?:ist)? attacks?|suicide (?:bomb\w*|attack\w*)|car bomb\w*|truck bomb\w*|bombings?|explosions?|blasts?|gunm[ae]n (?:opened fire|attacked|stormed)|mass shooting|IEDs?)\b/i },
  { type: 'armed_clash', cue: /\b(clash(?:es|ed)?|firefights?|gun ?battles?|skirmish\w*|exchange of fire|fighting (?:between|broke out))\b/i },
  { type: 'natural_disaster', cue: /\b(earthquakes?|quake|floods?|flooding|cyclones?|hurricanes?|typhoons?|tsunamis?|wildfires?|bushfires?|eruptions?|landslides?|avalanches?|tornado(?:es)?)\b/i },
  { type: 'disease_outbreak', cue: /\b(outbreaks?|epidemics?|pandemics?|cholera|ebola|measles|influenza|bird flu|confirmed cases|quarantined?)\b/i },
];

export interface EventContext {
  sentences: readonly Sentence[];
  /** Place mentions of the document (all occurrences). */
  places: readonly Place[];
  actors: readonly Actor[];
  dates: readonly DateMention[];
  /** Publication date (UTC day), the fallback date of events. */
  publishedAt?: Date;
}

const SPECIFICITY: Readonly<Record<PlaceKind, number>> = { site: 4, city: 3, subdivision: 2, country: 1, region: 0 };

const DETERMINER_BEFORE = /\b(a|an|the|its|his|her|their|our)\s+$/i;
/** Lower-case words that may follow a place used as a location ("leave Iraq and", "in Iraq immediately"). */
const NOT_A_HEAD_NOUN = /^(and|or|but|in|on|at|to|for|with|from|by|of|as|is|was|are|were|has|had|have|will|would|said|says|after|before|since|until|where|which|who|that|because|while|\w+ly)$/i;

/**
 * A place used as a modifier ("a U.S. airstrike", "U.S. citizens", "Iranian-backed",
 * "Iran's elite") names who or whose, not where the event happened.
 */
function isModifier(place: Place, text: string): boolean {
  if (place.demonym) return true;
  const after = text.slice(place.end, place.end + 24);
  if (place.kind !== 'site' && /^['’]s\b/.test(after)) return true;
  if (place.kind !== 'country') return false;
  const nextWord = /^\s+([\p{L}]+)/u.exec(after)?.[1];
  if (!nextWord) return false;
  const before = text.slice(Math.max(0, place.start - 8), place.start);
  if (DETERMINER_BEFORE.test(before)) return !NOT_A_HEAD_NOUN.test(nextWord);
  return /^\p{Ll}/u.test(nextWord) && !NOT_A_HEAD_NOUN.test(nextWord);
}

function distance(start: number, end: number, at: number): number {
  return at < start ? start - at : at >= end ? at - end : 0;
}

function nearestPlace(places: readonly Place[], sentence: Sentence, cueAt: number, text: string): Place | undefined {
  let best: Place | undefined;
  let bestScore = Infinity;
  for (const p of places) {
    if (p.start < sentence.start || p.end > sentence.end || isModifier(p, text)) continue;
    const score = distance(p.start, p.end, cueAt) - SPECIFICITY[p.kind] * 5;
    if (score < bestScore) [best, bestScore] = [p, score];
  }
  return best;
}

function actorsInSentence(actors: readonly Actor[], sentence: Sentence): { actor: Actor; start: number; end: number }[] {
  return actors.flatMap((actor) => actor.mentions.filter((m) => m.start >= sentence.start && m.end <= sentence.end).map((m) => ({ actor, start: m.start, end: m.end })));
}

function isFacility(actor: Actor): boolean {
  return /\b(embassy|consulate)\b/i.test(actor.name);
}

/** Where a facility is: the city named in one of its mentions ("U.S. embassy in Baghdad"). */
function facilityPlace(facility: Actor, places: readonly Place[]): Place | undefined {
  return places.find((p) => p.kind !== 'country' && facility.mentions.some((m) => m.start <= p.start && p.end <= m.end));
}

function toEventPlace(p: Place): EventPlace {
  return { name: p.name, kind: p.kind, code: p.code, countryCode: p.countryCode, lat: p.lat, lon: p.lon };
}

function cueOf(match: RegExpExecArray): { cue: string; at: number } {
  const group = match[1];
  const indices = match.indices?.[1];
  if (group && indices) return { cue: group, at: indices[0] };
  return { cue: match[0], at: match.index };
}

function eventsInSentence(text: string, sentence: Sentence, ctx: EventContext): IntakeEvent[] {
  const out: IntakeEvent[] = [];
  const fired = new Set<EventType>();
  const inSentence = actorsInSentence(ctx.actors, sentence);
  const diplomatic = DIPLOMATIC.test(sentence.text);
  for (const rule of RULES) {
    if (fired.has(rule.type)) continue;
    if (rule.type === 'siege_protest' && fired.has('diplomatic_facility_attack')) continue;
    if (rule.requires && !rule.requires.test(sentence.text)) continue;
    const re = new RegExp(rule.cue.source, `${rule.cue.flags.replace('g', '')}d`);
    const m = re.exec(sentence.text);
    if (!m) continue;
    fired.add(rule.type);
    const { cue, at: rel } = cueOf(m);
    const cueStart = sentence.start + rel;
    out.push(buildEvent(rule.type, text, sentence, cue, cueStart, inSentence, diplomatic, ctx));
  }
  return out;
}

function buildEvent(
  type: EventType,
  text: string,
  sentence: Sentence,
  cue: string,
  cueStart: number,
  inSentence: { actor: Actor; start: number; end: number }[],
  diplomatic: boolean,
  ctx: EventContext,
): IntakeEvent {
  const event: IntakeEvent = {
    type,
    label: EVENT_LABELS[type],
    sentence: sentence.text,
    sentences: [sentence.text],
    cue,
    cueStart,
    actors: [...new Set(inSentence.map((a) => a.actor.id))],
    diplomatic,
  };
  const place = nearestPlace(ctx.places, sentence, cueStart, text);
  if (place) event.place = toEventPlace(place);
  const agents = inSentence.filter((a) => !isFacility(a.actor)).sort((a, b) => distance(a.start, a.end, cueStart) - distance(b.start, b.end, cueStart));
  if (agents[0]) event.agent = agents[0].actor.id;
  const facilities = inSentence.filter((a) => isFacility(a.actor)).sort((a, b) => distance(a.start, a.end, cueStart) - distance(b.start, b.end, cueStart));
  if (facilities[0] && diplomatic) {
    event.target = facilities[0].actor.id;
    if (!event.place) {
      const site = facilityPlace(facilities[0].actor, ctx.places);
      if (site) event.place = toEventPlace(site);
    }
  }
  const when = nearestDate([...ctx.dates], sentence.start, sentence.end, cueStart);
  if (when) {
    event.date = toIsoDate(when.date);
    event.dateSource = 'text';
  } else if (ctx.publishedAt) {
    event.date = toIsoDate(ctx.publishedAt);
    event.dateSource = 'publication';
  }
  return event;
}

function placesAgree(a: IntakeEvent, b: IntakeEvent): boolean {
  return !a.place || !b.place || a.place.countryCode === b.place.countryCode;
}

/** Threats are told apart by who makes them: Zarif's threat is not the Pentagon's warning. */
function sameEvent(a: IntakeEvent, b: IntakeEvent): boolean {
  if (a.type !== b.type || !placesAgree(a, b)) return false;
  return a.type !== 'threat_warning' || a.agent === b.agent;
}

function mergeInto(target: IntakeEvent, e: IntakeEvent): void {
  target.sentences.push(...e.sentences.filter((s) => !target.sentences.includes(s)));
  if (e.place && (!target.place || SPECIFICITY[e.place.kind] > SPECIFICITY[target.place.kind])) target.place = e.place;
  if (e.dateSource === 'text' && target.dateSource !== 'text') {
    target.date = e.date;
    target.dateSource = 'text';
  }
  for (const id of e.actors) if (!target.actors.includes(id)) target.actors.push(id);
  target.agent ??= e.agent;
  target.target ??= e.target;
  target.diplomatic ||= e.diplomatic;
}

/** Events of the document, one per type and place (see the module comment for the rules). */
export function findEvents(text: string, ctx: EventContext): IntakeEvent[] {
  const merged: IntakeEvent[] = [];
  for (const sentence of ctx.sentences) {
    for (const e of eventsInSentence(text, sentence, ctx)) {
      const same = merged.find((m) => sameEvent(m, e));
      if (same) mergeInto(same, e);
      else merged.push(e);
    }
  }
  return merged;
}
