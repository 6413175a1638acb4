/**
 * The intake pipeline for one document: date → places → actors → events → severity,
 * and a DRAFT alert suggestion for an operator to review. Pure: no database, no network.
 */
import type { Actor } from './actor-types.js';
import { findActors } from './actors.js';
import { documentDate, findDates, toIsoDate, utcDay } from './dates.js';
import type { SourceDocument } from './documents.js';
import { findEvents, type IntakeEvent } from './events.js';
import type { Gazetteer } from './gazetteer.js';
import { findPlaces, uniquePlaces, type Place, type Site } from './places.js';
import { scoreSeverity, type Severity } from './severity.js';
import { splitSentences, tokenize, type Sentence } from './tokens.js';

export interface ExtractContext {
  /** Known sites (from the database), matched by name and aliases. */
  sites: readonly Site[];
  gazetteer?: Gazetteer;
  /** When the document is ingested (default now): the stand-in date of a document without a date of its own. */
  ingestedAt?: Date;
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
  /**
   * Safety instructions the source itself gives: a facility to avoid ("should not approach the Embassy"), and the
   * countries an authority advised its citizens to leave ("The State Department urged American citizens to leave Iraq")
   * — never an evacuation of others ("evacuated women and children from Tskhinvali").
   */
  advice: { avoidFacility?: string; departCountries: string[] };
  /** What an operator should know about how this was read ("no publication date: …", "signature not verified"). */
  notes?: string[];
}

const AVOID_FACILITY = /\b(should not|must not|do not|don't|not to) approach\b|\bavoid the\b[^.]{0,30}\b(embassy|consulate)\b/i;

function facilityToAvoid(text: string, actors: readonly Actor[]): string | undefined {
  if (!AVOID_FACILITY.test(text)) return undefined;
  const facility = actors.find((a) => /\b(embassy|consulate)\b/i.test(a.name));
  return facility?.name ?? 'the embassy';
}

/** Advice to leave a country, given to a group of people who can go ("American citizens", "its nationals", "staff"). */
const DEPARTURE_ADVICE = /\b(?:urg\w*|advis\w*|told|order\w*|call\w* on|encourag\w*|recommend\w*|instruct\w*)\b[^.;]{0,60}?\b(?:citizens|nationals|travell?ers|visitors|expatriates|foreigners|staff|personnel|diplomats|families|dependants|dependents|compatriots|\p{Lu}\p{Ll}+(?:ans|ians|ese|ish|ers|is))\b[^.;]{0,60}?\b(?:to\s+)?(?:\w+\s+)?(?:leave|depart|exit)\s+(?:the\s+)?(\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)*)?|\b(?:ordered|authori[sz]ed) departure\b|\b(?:citizens|nationals|travell?ers)\b[^.;]{0,30}\b(?:should|must)\s+(?:\w+\s+)?(?:leave|depart)\b|\bdepart (\p{Lu}\w+) immediately\b/u;
/** Who may advise departure: a foreign ministry, an embassy, a government (not militias, not local evacuations). */
const AUTHORITY = /\b(State Department|Department of State|Foreign (?:Office|Ministry|Affairs)|Ministry|Embassy|Embassies|Consulate|High Commission|Government|Secretary of State|Foreign Minister|Travel Advisory|FCDO|DFAT|Global Affairs)\b/i;

/**
 * Countries an authority advised its citizens to leave: the country named after "leave"/"depart" in an advice
 * sentence that names an authority (in it or in the sentence before: quotes are attributed after them), else the
 * country of that sentence's event.
 */
function departureCountries(sentences: readonly Sentence[], places: readonly Place[], events: readonly IntakeEvent[]): string[] {
  const out = new Set<string>();
  sentences.forEach((sentence, i) => {
    const advice = DEPARTURE_ADVICE.exec(sentence.text);
    if (!advice) return;
    const context = `${sentences[i - 1]?.text ?? ''} ${sentence.text} ${sentences[i + 1]?.text ?? ''}`;
    if (!AUTHORITY.test(context)) return;
    const verb = /\b(leave|depart|exit)\b/.exec(advice[0]);
    const verbAt = sentence.start + advice.index + (verb?.index ?? advice[0].length);
    const named = places.find((p) => p.kind === 'country' && !p.demonym && p.start >= verbAt && p.start <= verbAt + 30);
    const event = events.find((e) => e.type === 'evacuation_departure' && e.sentences.includes(sentence.text) && e.place);
    const cc = named?.countryCode ?? event?.place?.countryCode;
    if (cc) out.add(cc);
  });
  return [...out];
}

export function extract(doc: SourceDocument, ctx: ExtractContext): Extraction {
  const text = doc.text;
  const sentences = splitSentences(text);
  const tokens = tokenize(text, sentences);
  const own = documentDate(doc);
  // Without a date of its own, a document is read as of the day it is ingested (never the epoch).
  const published = own ?? utcDay(ctx.ingestedAt ?? new Date());
  const notes = own ? [] : [`no publication date: dates are read relative to the ingest day ${toIsoDate(published)}`];
  const placeMentions = findPlaces(text, { sites: ctx.sites, ...(ctx.gazetteer ? { gazetteer: ctx.gazetteer } : {}) }, tokens);
  const actors = findActors(text, placeMentions, tokens);
  const dates = findDates(text, published);
  const events = findEvents(text, { sentences, places: placeMentions, actors, dates, publishedAt: published, fallbackDateSource: own ? 'publication' : 'ingest' });
  const severity = scoreSeverity(events, text);
  const departCountries = departureCountries(sentences, placeMentions, events);
  const avoidFacility = facilityToAvoid(text, actors);
  return {
    date: toIsoDate(published),
    places: uniquePlaces(placeMentions),
    placeMentions,
    actors,
    events,
    severity,
    advice: { departCountries, ...(avoidFacility ? { avoidFacility } : {}) },
    ...(notes.length ? { notes } : {}),
  };
}
