/**
 * Events: what happened, sentence by sentence, from cue patterns.
 *
 * Taxonomy (type — cues, case-insensitive; the table in docs/intake.md is the reference):
 * - military_strike — airstrike, air/drone/missile strike, "the strike that killed", shelling, bombardment
 * - diplomatic_facility_attack — embassy/consulate/diplomatic mission with besieged, stormed, attacked, breached, set on fire
 * - coup — coup (d'état), putsch, seized/took power, seizure of power, junta, military takeover, ousted the president
 * - curfew — curfew
 * - border_closure — closed/shut/sealed … border(s), airport, airspace, crossings (and "the airport was closed")
 * - siege_protest — protest and civil unrest: protest(ers), demonstration, rally, riot, unrest, looting, tear gas, sit-in
 * - crowd_crush — stampede, crowd crush, crushed/trampled to death, crowd surge
 * - mass_casualty_accident — bus/train/plane/ferry crash, derailed, capsized, building/bridge collapse, factory/mine explosion
 * - threat_warning — retaliation, revenge, reprisal, threaten(ed), vowed to, ultimatum, "plans to attack", "warned of an attack"
 * - evacuation_departure — advice to leave (urged/advised/told/ordered … to leave/depart/evacuate), evacuation, ordered/authorized departure
 * - suspension_of_services — suspended/closed/shut/halted/cancelled with consular/services/operations/embassy/flights/visas
 * - kidnapping — kidnapped, abducted, held/taken captive
 * - hostage_taking — hostage(s), held/taken hostage, hostage-taking
 * - terrorist_attack — terrorist attack, suicide bombing, car bomb, bombing(s), explosion, blast, gunmen opened fire, mass shooting
 * - armed_clash — clashes, firefight, gun battle, skirmishes, exchange of fire, fighting between
 * - natural_disaster, with a `hazard`: earthquake, tsunami, cyclone (hurricane, typhoon), flood, wildfire, volcanic eruption,
 *   landslide, avalanche, tornado
 * - disease_outbreak — outbreak, epidemic, pandemic, cholera, Ebola, measles, influenza, "confirmed cases", quarantine
 * - other — not emitted by the recogniser; left for operators to label what the cues miss.
 *
 * Figures of speech are not events: "floods the market", "Israel floods Lebanese farmlands" (a deliberate act: the
 * verb has an agent that is not water), "flood of refugees", "a landslide victory", "an outbreak of violence",
 * "violence erupted", "a political earthquake".
 *
 * Each event carries its supporting sentence(s), the place its own sentence is about (nearest the cue, skipping
 * places used as modifiers — "a U.S. airstrike", "Iranian-backed" —, speakers — "The United States condemned" — and
 * home towns — "a soldier from Killeen, Texas"), the actors of the sentence with the nearest one as agent, the
 * facility it targets (an embassy actor), and a date: the nearest day mentioned in the sentence, else the
 * publication date. A cue that refers back ("condemned the bombing", "died in the blast") adds its sentence to the
 * event already found and never moves it. Events of one type in one document are merged when their places agree
 * (same country or unknown): the most specific place and the first date read from the text win.
 */
import type { Actor } from './actor-types.js';
import { type DateMention, nearestDate, toIsoDate } from './dates.js';
import type { Place, PlaceKind } from './places.js';
import type { Sentence } from './tokens.js';
import { actorsInSentence, distance, facilityPlace, isFacility, isModifier, isNotTheScene, nearestPlace, SPECIFICITY } from './event-scene.js';

export const eventTypes = [
  'military_strike',
  'diplomatic_facility_attack',
  'coup',
  'curfew',
  'border_closure',
  'siege_protest',
  'crowd_crush',
  'mass_casualty_accident',
  'threat_warning',
  'evacuation_departure',
  'suspension_of_services',
  'kidnapping',
  'hostage_taking',
  'terrorist_attack',
  'armed_clash',
  'natural_disaster',
  'disease_outbreak',
  'other',
] as const;
export type EventType = (typeof eventTypes)[number];

/** The kind of natural hazard of a `natural_disaster` event. */
export const hazards = ['earthquake', 'tsunami', 'cyclone', 'flood', 'wildfire', 'volcanic_eruption', 'landslide', 'avalanche', 'tornado'] as const;
export type Hazard = (typeof hazards)[number];

/** What an event is, at the finest grain the taxonomy has: the hazard of a natural disaster, else its type. */
export type EventKind = Exclude<EventType, 'natural_disaster'> | Hazard | 'natural_disaster';

export const EVENT_LABELS: Readonly<Record<EventType, string>> = {
  military_strike: 'Military strike',
  diplomatic_facility_attack: 'Attack on a diplomatic facility',
  coup: 'Coup or seizure of power',
  curfew: 'Curfew',
  border_closure: 'Border or airport closure',
  siege_protest: 'Protest or civil unrest',
  crowd_crush: 'Crowd crush',
  mass_casualty_accident: 'Mass-casualty accident',
  threat_warning: 'Threat or warning',
  evacuation_departure: 'Evacuation or departure advice',
  suspension_of_services: 'Suspension of services',
  kidnapping: 'Kidnapping',
  hostage_taking: 'Hostage-taking',
  terrorist_attack: 'Terrorist attack',
  armed_clash: 'Armed clash',
  natural_disaster: 'Natural disaster',
  disease_outbreak: 'Disease outbreak',
  other: 'Other',
};

export const HAZARD_LABELS: Readonly<Record<Hazard, string>> = {
  earthquake: 'Earthquake', tsunami: 'Tsunami', cyclone: 'Cyclone', flood: 'Flood', wildfire: 'Wildfire',
  volcanic_eruption: 'Volcanic eruption', landslide: 'Landslide', avalanche: 'Avalanche', tornado: 'Tornado',
};

export function eventKind(e: { type: EventType; hazard?: Hazard }): EventKind {
  return e.type === 'natural_disaster' && e.hazard ? e.hazard : e.type;
}

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
  /** The hazard of a natural disaster. */
  hazard?: Hazard;
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
  /**
   * 'text': a date in the sentence; 'publication': fell back to the document date;
   * 'ingest': the document had no date, so the day it was ingested stands in (said in the extraction's notes).
   */
  dateSource?: 'text' | 'publication' | 'ingest';
}

interface Rule {
  type: EventType;
  hazard?: Hazard;
  /** The cue; its first capture group that matched (if any) marks the cue position. */
  cue: RegExp;
  /** Extra condition on the whole sentence. */
  requires?: RegExp;
  /** The cue is a figure of speech or another event here: `cue` is the matched words, `after`/`before` the sentence around them. */
  rejects?: (cue: string, before: string, after: string, sentence: string) => boolean;
}

const DIPLOMATIC = /\b(embass(y|ies)|consulates?|diplomatic (mission|compound|facilit(y|ies)|post)|consular)\b/i;

/** "X of <noun>" where the noun is not a disease: "an outbreak of violence", "a flood of refugees", "a tsunami of criticism". */
const OF_SOMETHING_ELSE = /^\s+of\s+(?!(?:the\s+)?(?:\w+\s+)?(?:disease|illness|infection|virus|fever|flu|cholera|measles|ebola|dengue|mpox|plague|polio|diphtheria|meningitis|cases|lava|ash|water|rain)\b)/i;
/** Water that floods: "heavy rains flooded the city" is a flood, "Israel floods Lebanese farmlands" is not. */
const WATER_SUBJECT = /\b(rains?|rainfall|downpours?|monsoon|rivers?|waters?|storm|cyclone|hurricane|typhoon|tides?|sea|swell|dam|levee|snowmelt|torrents?)\b[^.;]{0,40}$/i;
const FLOOD_AS_VERB = /^\s+(?:the|a|an|its|their|his|her|our|into|onto|social|markets?|\p{Lu}\w*|\w+lands?|fields?|streets?|farms?)\b/u;
const INDUSTRIAL = /\b(factory|plant|mine|warehouse|refinery|pipeline|fireworks|gas (?:leak|cylinder|tank)|chemicals?|boiler|depot|tanker|reactor|ammonium nitrate|fuel|accident\w*|leak)\b/i;
const HOSTILE = /\b(bomb\w*|terror\w*|attack\w*|suicide|militants?|insurgents?|gunm[ae]n|jihadists?)\b/i;

const metaphorOf = (_cue: string, _before: string, after: string): boolean => OF_SOMETHING_ELSE.test(after);

/** Words after "floods" that show it is the noun doing something ("floods hit", "Floods Ravage Libya"). */
const FLOODS_DID = /^\s+(hit|hits|swept|sweep|sweeps|killed|kill|kills|ravag\w*|inundat\w*|submerg\w*|forced|caused|destroy\w*|wash\w*|cut|left|leave|displac\w*|have|has|had|were|was|are|is|affect\w*|devastat\w*|claim\w*|trap\w*|strand\w*|damag\w*|engulf\w*)\b/i;

/**
 * "flooded with calls", "a flood of refugees", "protesters flooded the streets", "Israel floods Lebanese farmlands":
 * the verb with an object is a flood only when water is its subject ("heavy rains flooded the city").
 */
function floodIsFigurative(cue: string, before: string, after: string): boolean {
  if (/^\s+(with|of)\b/i.test(after)) return true;
  if (!/^flood(s|ed|ing)?$/i.test(cue) || FLOODS_DID.test(after) || !FLOOD_AS_VERB.test(after)) return false;
  return !WATER_SUBJECT.test(before) || /^\s+(?:the\s+)?markets?\b/i.test(after);
}

const RULES: readonly Rule[] = [
  { type: 'military_strike', cue: /\b(air ?strikes?|drone strikes?|missile strikes?|military strikes?|precision strikes?|strikes? (?:that|which) killed|authori[sz]ed (?:the|a) strike|bombard\w*|shelling|shelled|bombing raids?)\b/i },
  { type: 'diplomatic_facility_attack', cue: /\b(besieg\w*|storm(?:ed|ing)|attack(?:s|ed|ing)?|breach\w*|set (?:on )?fire|torch\w*|overr?an|ransack\w*|siege)\b/i, requires: /\b(embass(y|ies)|consulates?|diplomatic (mission|compound|facilit(y|ies)))\b/i },
  { type: 'coup', cue: /\b(coup(?: d['’]\s?[ée]tat| attempt)?|putsch|seiz(?:ed|es|ing) power|seizure of power|(?:took|taken|take|grabbed|grab) power|power grab|military takeover|junta|(?:ousted|toppled|overthr(?:ew|own)|deposed|detained) (?:the )?(?:elected )?(?:president|prime minister|government|head of state))\b/i,
    rejects: (cue, before) => /^coup$/i.test(cue) && /\b(diplomatic|public relations|PR|major|big|publicity)\s+$/i.test(before) },
  { type: 'curfew', cue: /\b(curfews?)\b/i },
  { type: 'border_closure', cue: /\b(?:(clos(?:ed|es|ing)|shut|seal(?:ed|s|ing)?|suspend(?:ed|s)?)\b[^.;]{0,40}?\b(?:borders?|airports?|airspace|border crossings?|land crossings?)\b|(?:borders?|airports?|airspace|crossings?)\b[^.;]{0,30}?\b(closed|shut|sealed|closure))/i,
    rejects: (_cue, _before, _after, sentence) => /\b(reopen\w*|re-open\w*)\b/i.test(sentence) },
  { type: 'siege_protest', cue: /\b(protest(?:s|ers|ors|ed|ing)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies)|riot(?:s|ing|ers)?|unrest|looting|looted|tear ?gas|took to the streets|uprising|sieges?|besieg\w*|sit-ins?)\b/i,
    // A siege by armed men (a hostage-taking, a battle) is not a protest.
    rejects: (cue, _b, _a, sentence) => /^(sieges?|besieg)/i.test(cue) && /\b(hostages?|militants?|gunm[ae]n|special forces|soldiers|troops|army|rebels)\b/i.test(sentence) },
  { type: 'crowd_crush', cue: /\b(stampedes?|crowd crush|crush (?:at|in|during|near) |crushed to death|trampled(?: to death)?|crowd surge)/i },
  { type: 'mass_casualty_accident', cue: /\b((?:bus|coach|train|plane|air|airliner|ferry|boat|road|car|truck|lorry|helicopter|rail|traffic|minibus)\s+(?:crash(?:es|ed)?|accident|collision|disaster)|plane crashed|derail\w*|capsiz\w*|(?:ferry|boat|ship|vessel) (?:sank|sinks|sinking)|(?:building|bridge|mine|dam|stand|roof|tower)s? collapsed?|collapse of (?:a|an|the) (?:\w+ )?(?:building|bridge|mine|dam|tower)|(?:factory|plant|mine|warehouse|refinery|pipeline|fireworks|chemical|gas) (?:explosion|blast|fire)|(?:explosion|blast|fire) (?:at|in|ripped through|tore through) (?:a|an|the) (?:\w+ ){0,2}(?:factory|plant|mine|warehouse|refinery|depot|nightclub|hospital|port))/i },
  { type: 'threat_warning', cue: /\b(retaliat\w*|revenge|reprisals?|threat(?:en|ened|ens|ening)?|vow(?:ed|s)? to|ultimatum|plans? to attack|warn(?:ed|s|ing)? of (?:an? )?(?:attack|retaliation|consequences))\b/i },
  { type: 'evacuation_departure', cue: /\b(?:urg\w*|advis\w*|told|order\w*|call\w* on|encourag\w*|recommend\w*|should|must)\b[^.;]{0,80}?\b(leave|depart|evacuate|exit)\b/i },
  { type: 'evacuation_departure', cue: /\b(evacuation|evacuated|evacuating|ordered departure|authori[sz]ed departure|depart \p{Lu}\w+ immediately)\b/iu },
  { type: 'suspension_of_services', cue: /\b(suspend\w*|clos(?:ed|ure|ing|es)|shut(?: down)?|halt\w*|cancel\w*)\b/i, requires: /\b(consular|services?|operations|embass(y|ies)|consulates?|flights?|visas?)\b/i },
  { type: 'kidnapping', cue: /\b(kidnap\w*|abduct\w*|held captive|taken captive)\b/i },
  { type: 'hostage_taking', cue: /\b(hostage-taking|hostages?)\b/i },
  { type: 'terrorist_attack', cue: /\b(terror(?:ist)? attacks?|suicide (?:bomb\w*|attack\w*)|car bomb\w*|truck bomb\w*|bombings?|bomb (?:exploded|went off|attack)|grenade attack|explosions?|blasts?|gunm[ae]n (?:opened fire|attacked|stormed)|mass shooting|IEDs?)\b/i,
    rejects: (cue, _b, _a, sentence) => /^(explosions?|blasts?)$/i.test(cue) && INDUSTRIAL.test(sentence) && !HOSTILE.test(sentence) },
  { type: 'armed_clash', cue: /\b(clash(?:es|ed)?|firefights?|gun ?battles?|skirmish\w*|exchange of fire|fighting (?:between|broke out))\b/i },
  { type: 'natural_disaster', hazard: 'tsunami', cue: /\b(tsunamis?|tidal waves?)\b/i, rejects: metaphorOf },
  { type: 'natural_disaster', hazard: 'earthquake', cue: /\b(earthquakes?|quakes?|tremors?|aftershocks?)\b/i,
    rejects: (cue, before, after) => metaphorOf(cue, before, after) || /\b(political|electoral|diplomatic|financial|market)\s+$/i.test(before) },
  { type: 'natural_disaster', hazard: 'cyclone', cue: /\b(cyclones?|hurricanes?|typhoons?|tropical storms?)\b/i },
  { type: 'natural_disaster', hazard: 'volcanic_eruption', cue: /\b(eruptions?|erupted|erupting|volcano(?:es)?|volcanic|lava flows?|ash clouds?)\b/i,
    rejects: (cue, _b, _a, sentence) => /^erupt/i.test(cue) && !/\b(volcan\w*|lava|ash|mount|mt\.?|crater|magma)\b/i.test(sentence) },
  { type: 'natural_disaster', hazard: 'flood', cue: /\b(flash floods?|floods?|flooding|flooded|inundat\w*|overflowed)\b/i, rejects: floodIsFigurative },
  { type: 'natural_disaster', hazard: 'wildfire', cue: /\b(wildfires?|bushfires?|forest fires?|brush ?fires?|bush fires?)\b/i },
  { type: 'natural_disaster', hazard: 'landslide', cue: /\b(landslides?|mudslides?|mudflows?)\b/i,
    rejects: (_cue, _before, after) => /^\s+(victory|win|wins|election|majority|defeat|vote)\b/i.test(after) },
  { type: 'natural_disaster', hazard: 'avalanche', cue: /\b(avalanches?)\b/i, rejects: metaphorOf },
  { type: 'natural_disaster', hazard: 'tornado', cue: /\b(tornado(?:es)?|twisters?)\b/i },
  { type: 'disease_outbreak', cue: /\b(outbreaks?|epidemics?|pandemics?|cholera|ebola|measles|influenza|bird flu|mpox|monkeypox|dengue|marburg|plague|diphtheria|meningitis|confirmed cases|quarantined?)\b/i, rejects: metaphorOf },
];

export interface EventContext {
  sentences: readonly Sentence[];
  /** Place mentions of the document (all occurrences). */
  places: readonly Place[];
  actors: readonly Actor[];
  dates: readonly DateMention[];
  /** Publication date (UTC day), the fallback date of events. */
  publishedAt?: Date;
  /** Where `publishedAt` came from: 'ingest' when the document had no date of its own (default 'publication'). */
  fallbackDateSource?: 'publication' | 'ingest';
}

const REFERS_BACK = /\b(the|this|that|these|those|such|(?:mon|tues|wednes|thurs|fri|satur|sun)day['’]s|yesterday['’]s|last \w+['’]s)\s+(?:(?:deadly|fatal|latest|twin|devastating|massive|powerful|apparent|alleged|suspected|recent|huge|\w+-\w+)\s+)?$/i;

function toEventPlace(p: Place): EventPlace {
  return { name: p.name, kind: p.kind, code: p.code, countryCode: p.countryCode, lat: p.lat, lon: p.lon };
}

/** The cue: the first capture group that matched, else the whole match. */
function cueOf(match: RegExpExecArray): { cue: string; at: number } {
  for (let i = 1; i < match.length; i++) {
    const group = match[i];
    const indices = match.indices?.[i];
    if (group && indices) return { cue: group, at: indices[0] };
  }
  return { cue: match[0], at: match.index };
}

/** The first match of a rule's cue in the sentence that is not rejected as a figure of speech. */
/** Each rule's cue compiled once for matchAll with indices (matchAll copies the regex, so sharing it is safe). */
const GLOBAL_CUES = new Map<Rule, RegExp>(RULES.map((r) => [r, new RegExp(r.cue.source, `${r.cue.flags.replace('g', '')}dg`)]));

function firstCue(rule: Rule, sentence: Sentence): { cue: string; at: number } | undefined {
  for (const m of sentence.text.matchAll(GLOBAL_CUES.get(rule)!)) {
    const found = cueOf(m);
    const before = sentence.text.slice(Math.max(0, found.at - 60), found.at);
    const after = sentence.text.slice(found.at + found.cue.length, found.at + found.cue.length + 60);
    if (!rule.rejects?.(found.cue, before, after, sentence.text)) return found;
  }
  return undefined;
}

interface Found { event: IntakeEvent; refersBack: boolean }

/** Any cue at all: a sentence without one is skipped with one test. */
const ANY_CUE = new RegExp(RULES.map((r) => `(?:${r.cue.source})`).join('|'), 'iu');
/**
 * The same test without the `u` flag, six times faster in V8 (its case-insensitive Unicode matching is slow on a
 * 30-way alternation). It may only say yes more often than ANY_CUE, never less: a letter class `\p{Lu}` (which
 * under `iu` matches any cased letter) becomes "any non-space". It is used on sentences of Latin-1 letters and
 * general punctuation, where `i` and `iu` fold case alike (they differ on ſ, K, Å and other letters past U+00FF).
 */
const LATIN1_SOURCE = ANY_CUE.source.replace(/\\p\{Lu?\}/g, '\\S');
// Another Unicode escape left in the source would read as a literal letter without `u`: then keep the slow test.
const ANY_CUE_LATIN1 = /\\[pPu]\{/.test(LATIN1_SOURCE) ? ANY_CUE : new RegExp(LATIN1_SOURCE, 'i');
const LATIN1_TEXT = /^[\u0000-\u00ff\u2000-\u206f]*$/;

function hasAnyCue(sentence: string): boolean {
  return LATIN1_TEXT.test(sentence) ? ANY_CUE_LATIN1.test(sentence) : ANY_CUE.test(sentence);
}

function eventsInSentence(text: string, sentence: Sentence, ctx: EventContext): Found[] {
  if (!hasAnyCue(sentence.text)) return [];
  const out: Found[] = [];
  const fired = new Set<string>();
  const inSentence = actorsInSentence(ctx.actors, sentence);
  const diplomatic = DIPLOMATIC.test(sentence.text);
  for (const rule of RULES) {
    const key = `${rule.type}:${rule.hazard ?? ''}`;
    if (fired.has(key)) continue;
    if (rule.type === 'siege_protest' && fired.has('diplomatic_facility_attack:')) continue;
    if (rule.requires && !rule.requires.test(sentence.text)) continue;
    const found = firstCue(rule, sentence);
    if (!found) continue;
    fired.add(key);
    const cueStart = sentence.start + found.at;
    const event = buildEvent(rule, text, sentence, found.cue, cueStart, inSentence, diplomatic, ctx);
    out.push({ event, refersBack: REFERS_BACK.test(sentence.text.slice(Math.max(0, found.at - 40), found.at)) });
  }
  return out;
}

function buildEvent(
  rule: Rule,
  text: string,
  sentence: Sentence,
  cue: string,
  cueStart: number,
  inSentence: { actor: Actor; start: number; end: number }[],
  diplomatic: boolean,
  ctx: EventContext,
): IntakeEvent {
  const { type, hazard } = rule;
  const event: IntakeEvent = {
    type,
    ...(hazard ? { hazard } : {}),
    label: hazard ? HAZARD_LABELS[hazard] : EVENT_LABELS[type],
    sentence: sentence.text,
    sentences: [sentence.text],
    cue,
    cueStart,
    actors: [...new Set(inSentence.map((a) => a.actor.id))],
    diplomatic,
  };
  const place = nearestPlace(ctx.places, sentence, cueStart, text, type);
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
    event.dateSource = ctx.fallbackDateSource ?? 'publication';
  }
  return event;
}

function placesAgree(a: IntakeEvent, b: IntakeEvent): boolean {
  return !a.place || !b.place || a.place.countryCode === b.place.countryCode;
}

const sameKind = (a: IntakeEvent, b: IntakeEvent): boolean => a.type === b.type && a.hazard === b.hazard;

/** Threats are told apart by who makes them: Zarif's threat is not the Pentagon's warning. */
function sameEvent(a: IntakeEvent, b: IntakeEvent): boolean {
  if (!sameKind(a, b) || !placesAgree(a, b)) return false;
  return a.type !== 'threat_warning' || a.agent === b.agent;
}

function mergeInto(target: IntakeEvent, e: IntakeEvent, { keepPlace = false } = {}): void {
  target.sentences.push(...e.sentences.filter((s) => !target.sentences.includes(s)));
  if (!keepPlace && e.place && (!target.place || SPECIFICITY[e.place.kind] > SPECIFICITY[target.place.kind])) target.place = e.place;
  if (!keepPlace && e.dateSource === 'text' && target.dateSource !== 'text') {
    target.date = e.date;
    target.dateSource = 'text';
  }
  for (const id of e.actors) if (!target.actors.includes(id)) target.actors.push(id);
  target.agent ??= e.agent;
  target.target ??= e.target;
  target.diplomatic ||= e.diplomatic;
}

/** Events of the document, one per type and place (see the module comment for the rules). */
/** "the blast" after "an explosion at a warehouse … blast": an earlier event whose cue shares the referring word. */
function toldWithSameWord(merged: readonly IntakeEvent[], e: IntakeEvent): IntakeEvent | undefined {
  const word = e.cue.toLowerCase().replace(/s$/, '');
  return merged.find((m) => m.cue.toLowerCase().includes(word));
}

/** Whether the sentence names any place that could be a scene (not only modifiers). */
function namesAPlace(places: readonly Place[], sentence: Sentence, text: string, type: EventType): boolean {
  return places.some((p) => p.start >= sentence.start && p.end <= sentence.end && !isModifier(p, text) && !isNotTheScene(p, text, type));
}

export function findEvents(text: string, ctx: EventContext): IntakeEvent[] {
  const merged: IntakeEvent[] = [];
  let lastPlace: EventPlace | undefined;
  for (const sentence of ctx.sentences) {
    for (const { event: e, refersBack } of eventsInSentence(text, sentence, ctx)) {
      // A sentence that names no place goes on telling the story where the last event was ("the country's borders were closed").
      if (!e.place && lastPlace && !namesAPlace(ctx.places, sentence, text, e.type)) e.place = lastPlace;
      if (e.place) lastPlace = e.place;
      const told = refersBack ? (merged.find((m) => sameKind(m, e)) ?? toldWithSameWord(merged, e)) : undefined;
      if (told) {
        mergeInto(told, e, { keepPlace: true });
        continue;
      }
      const same = merged.find((m) => sameEvent(m, e));
      if (same) mergeInto(same, e);
      else merged.push(e);
    }
  }
  return merged;
}
