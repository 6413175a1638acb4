/**
 * What the whole text says about where it is, for resolving each of its names: which countries and subdivisions
 * its names put in focus, its anchors (unambiguous towns, counties), the likely readings of every name — each piece
 * with the name it came from, so that the context of one name holds evidence from the *other* names only
 * ("London" does not vouch for London, England by itself).
 */
import type { Gazetteer } from './gazetteer.js';
import type { Context } from './place-resolution.js';
import type { Span } from './place-spans.js';
import { focusSubdivisionFor, nameReadings, supportFor } from './place-support.js';
import { fold } from './tokens.js';

/** What the whole text says, with the name each piece of evidence came from. */
export interface Evidence {
  /** Country → the names that put it in focus. */
  focus: Map<string, Set<string>>;
  /** Subdivision → the names that name it. */
  subdivisionsNamed: Map<string, Set<string>>;
  anchors: Array<{ lat: number; lon: number; subdivisionCode?: string | undefined; source: string }>;
  /** Country → the names that can be that country itself ("France"; not its towns or nationality words). */
  countriesNamed: Map<string, Set<string>>;
  /** Each name's likely readings, for state focus (place-support.ts). */
  readings: ReturnType<typeof nameReadings>;
  /** Subdivisions holding the clearly biggest namesake of a sizeable town of the text ("Atlanta" → US-GA). */
  leadingTowns: Array<{ subdivisionCode: string; source: string }>;
  /** Subdivision → the names that can be it, even when they are more likely something else ("Georgia" → US-GA). */
  subdivisionReadings: Map<string, Set<string>>;
}

/** Records that `source` (a folded name) vouches for `key` (a country or subdivision code). */
function addFocus(map: Map<string, Set<string>>, key: string, source: string): void {
  const sources = map.get(key);
  if (sources) sources.add(source);
  else map.set(key, new Set([source]));
}

/** The keys that some name other than `name` vouches for. */
function fromOthers(map: Map<string, Set<string>>, name: string): Set<string> {
  const out = new Set<string>();
  for (const [key, sources] of map) if ([...sources].some((s) => s !== name)) out.add(key);
  return out;
}

/** The country that the most other names point to, when one leads (a tie says nothing). */
function mostNamed(map: Map<string, Set<string>>, name: string): string | undefined {
  const counts = [...map].map(([code, sources]) => [code, [...sources].filter((s) => s !== name).length] as const).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const [first, second] = counts;
  return first && (!second || first[1] > second[1]) ? first[0] : undefined;
}

/**
 * A town this big, ten times the next of its name, is taken as meant when the text names it ("Paris" is not
 * Paris, Texas): an anchor and a focus country for the text's other names. (Measured: 300,000 or 100,000, which
 * would make "Boston" one, cost TR-News 0.001–0.002 Acc@161; GeoVirus unchanged.)
 */
const DOMINANT_TOWN_POPULATION = 1_000_000;
/** A town at least this big, three times its next namesake, is a town's likely reading (not an anchor: see above). */
const LEADING_TOWN_POPULATION = 100_000;

export function gatherEvidence(spans: Span[]): Evidence {
  const e: Evidence = { focus: new Map(), subdivisionsNamed: new Map(), anchors: [], countriesNamed: new Map(), leadingTowns: [], subdivisionReadings: new Map(), readings: nameReadings(spans.map((s) => ({ name: fold(s.lookupName), hits: s.demonymHit ? [s.demonymHit] : s.hits }))) };
  for (const s of spans) {
    const source = fold(s.lookupName);
    if (s.demonymOf) addFocus(e.focus, s.demonymOf, source);
    if (s.demonymHit) {
      addFocus(e.focus, s.demonymHit.countryCode, source);
      if (s.demonymHit.kind === 'subdivision') addFocus(e.subdivisionsNamed, s.demonymHit.code, source);
    }
    const country = s.hits.find((h) => h.kind === 'country');
    if (country) {
      addFocus(e.focus, country.countryCode, source);
      addFocus(e.countriesNamed, country.countryCode, source);
    }
    const subs = s.hits.filter((h) => h.kind === 'subdivision');
    for (const sub of subs) if (!sub.county && !sub.approximate) addFocus(e.subdivisionReadings, sub.code, source);
    // "Bourbon County" (Kentucky or Kansas) says the text is about the US, whichever it is.
    if (subs.length > 1 && subs.every((h) => h.county)) addFocus(e.focus, 'US', source);
    const county = subs.length === 1 && subs[0]!.county ? subs[0] : undefined;
    if (county?.subdivisionCode) {
      // A county names its state and is a place of the text, like a town ("Paris" near Bourbon County, Kentucky).
      addFocus(e.subdivisionsNamed, county.subdivisionCode, source);
      e.anchors.push({ lat: county.lat, lon: county.lon, subdivisionCode: county.subdivisionCode, source });
    }
    if (subs.length === 1 && !country) {
      addFocus(e.subdivisionsNamed, subs[0]!.code, source);
      // It also puts its country in focus ("Texas" → Paris, Texas), unless a sizeable town elsewhere shares
      // the name ("Plymouth", "Victoria", "Washington"): then the name alone does not say which country.
      const townElsewhere = s.hits.some((h) => h.kind === 'city' && h.population >= 20_000 && h.subdivisionCode !== subs[0]!.code);
      if (!townElsewhere) addFocus(e.focus, subs[0]!.countryCode, source);
    }
    const cities = s.hits.filter((h) => h.kind === 'city' && h.primary);
    const only = cities.length === 1 ? cities[0] : cities[0] && cities[0].population >= DOMINANT_TOWN_POPULATION && cities[0].population > 10 * (cities[1]?.population ?? 0) ? cities[0] : undefined;
    if (only && !country) {
      e.anchors.push({ lat: only.lat, lon: only.lon, subdivisionCode: only.subdivisionCode, source });
      addFocus(e.focus, only.countryCode, source);
    }
    const leading = cities[0] && cities[0].population >= LEADING_TOWN_POPULATION && cities[0].population >= 3 * (cities[1]?.population ?? 0) ? cities[0] : undefined;
    if (leading?.subdivisionCode && !country && subs.length === 0) e.leadingTowns.push({ subdivisionCode: leading.subdivisionCode, source });
  }
  return e;
}

/**
 * The context for resolving one name: evidence from the other names only, so that "London" does not vouch
 * for London, England by itself (its own reading would otherwise count as a focus country and an anchor).
 */
export function contextFor(e: Evidence, span: Span, gaz: Gazetteer): Context {
  const name = fold(span.lookupName);
  const focusCountries = fromOthers(e.focus, name);
  const dominantCountry = mostNamed(e.focus, name);
  const focusPoints = [...focusCountries].flatMap((code) => gaz.country(code) ?? []);
  const anchors = e.anchors.filter((a) => a.source !== name);
  // A subdivision's own mention does count as naming it: that is what lets "Wales" or "California" beat the
  // small towns of the same name (measured: excluding it too sends them to the towns).
  const subdivisionsNamed = new Set(e.subdivisionsNamed.keys());
  // …but a town is not vouched for by its own name's subdivision reading ("Delhi" names Delhi territory; that
  // says nothing for the city of Delhi over Delhi, New York).
  const subdivisionsNamedByOthers = fromOthers(e.subdivisionsNamed, name);
  const support = supportFor(e.readings, name);
  const focusSubdivision = focusSubdivisionFor(e.readings, name);
  const countriesNamed = fromOthers(e.countriesNamed, name);
  const townSubdivisions = new Set(e.leadingTowns.filter((t) => t.source !== name).map((t) => t.subdivisionCode));
  const subdivisionsOthersCanBe = fromOthers(e.subdivisionReadings, name);
  return { countriesNamed, townSubdivisions, subdivisionsOthersCanBe, focusCountries, subdivisionsNamed, subdivisionsNamedByOthers, anchors, focusPoints, support, focusSubdivision, ...(dominantCountry ? { dominantCountry } : {}) };
}
