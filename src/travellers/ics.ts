/**
 * A booking confirmation's calendar (ICS, RFC 5545, parsed with ical.js) as trips.
 *
 * Airlines, hotels and agencies mail one VEVENT per flight and per hotel stay. Flights are the
 * events whose summary names a flight ("Flight BA 123", "✈", "London (LHR) to Baghdad (BGW)"):
 * the traveller is at the destination from the arrival (DTEND) until the next flight that leaves
 * that country (its DTSTART), or else until the last hotel check-out there, or else with no planned
 * end. A hotel (any other event with a place) in a country no flight reaches is a stay of its own,
 * from DTSTART to DTEND. The home airport of the first flight is not a trip.
 * Places come from GEO (lat;lon), else from the LOCATION and SUMMARY text, read with the gazetteer.
 */
import ICAL from 'ical.js';
import { invalid } from '../errors.js';
import { countryAt, findCountryByName, searchPlaces, type City } from '../geo/index.js';
import type { TripInput } from './schema.js';

interface Place { countryCode: string; cityId?: number; placeName: string; lat?: number; lon?: number }
interface CalendarEvent { uid: string; summary: string; start: Date | string; end: Date | string; flight?: { from?: Place; to?: Place }; place?: Place }

const FLIGHT = /\bflight\b|✈|\b[A-Z][A-Z0-9]\s?\d{1,4}\b/i;
const ROUTE = /(.+?)\s+(?:to|→|->|–|—|-)\s+(.+)/;

/** The trips of a booking's calendar, in time order, and the UID of its first event (a natural booking reference). */
export function tripsFromIcs(text: string, field = 'calendar'): { trips: TripInput[]; firstUid: string } {
  const { events, firstUid } = readEvents(text, field);
  const trips: TripInput[] = [];
  const flights = events.filter((e) => e.flight);
  const stays = events.filter((e) => !e.flight && e.place);
  const coveredCountries = new Set<string>();
  // The first flight leaves from home: going back there is not a trip.
  const home = flights[0]?.flight!.from?.countryCode;
  let lastArrival = home;
  flights.forEach((flight, i) => {
    const to = flight.flight!.to;
    // A connection inside the country of the last arrival does not start a new stay.
    if (!to || to.countryCode === lastArrival) return;
    lastArrival = to.countryCode;
    if (to.countryCode === home) return;
    coveredCountries.add(to.countryCode);
    const leaving = flights.slice(i + 1).find((f) => f.flight!.from?.countryCode === to.countryCode && f.flight!.to?.countryCode !== to.countryCode);
    const checkouts = stays.filter((h) => h.place!.countryCode === to.countryCode && instant(h.end) > instant(flight.end)).map((h) => h.end);
    const lastCheckout = checkouts.sort((a, b) => instant(b) - instant(a))[0];
    const end = leaving?.start ?? lastCheckout ?? null;
    trips.push({ ...placeOf(to), startsAt: iso(flight.end), endsAt: end === null ? null : iso(end) });
  });
  for (const stay of stays) {
    if (coveredCountries.has(stay.place!.countryCode)) continue;
    trips.push({ ...placeOf(stay.place!), startsAt: iso(stay.start), endsAt: iso(stay.end) });
  }
  if (!trips.length) throw invalid(field, 'no flight or hotel event with a place Warden knows (give LOCATION or GEO)');
  trips.sort((a, b) => instant(a.startsAt) - instant(b.startsAt));
  return { trips, firstUid };
}

/** The events in time order, and the UID of the calendar's first event (in document order). */
function readEvents(text: string, field: string): { events: CalendarEvent[]; firstUid: string } {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw invalid(field, `not an iCalendar (ICS) file: ${(error as Error).message.split('\n')[0]}`);
  }
  if (root.name !== 'vcalendar') throw invalid(field, 'not an iCalendar (ICS) file: no VCALENDAR');
  const events = root.getAllSubcomponents('vevent').map((component, i) => toEvent(new ICAL.Event(component), `${field}: event ${i + 1}`));
  if (!events.length) throw invalid(field, 'has no VEVENT');
  const firstUid = events[0]!.uid;
  return { events: events.sort((a, b) => instant(a.start) - instant(b.start)), firstUid };
}

function toEvent(event: ICAL.Event, where: string): CalendarEvent {
  if (!event.startDate) throw invalid(where, 'has no DTSTART');
  const start = timeOf(event.startDate);
  const end = event.endDate ? timeOf(event.endDate) : start;
  const summary = event.summary ?? '';
  const location = event.location ?? '';
  const base = { uid: event.uid || `${where}`, summary, start, end };
  if (FLIGHT.test(summary)) {
    const route = ROUTE.exec(stripFlightNumber(summary)) ?? ROUTE.exec(location);
    const to = route ? findPlace(route[2]!) : findPlace(location);
    return { ...base, flight: { from: route ? findPlace(route[1]!) : undefined, to } };
  }
  const geo = event.component.getFirstPropertyValue('geo') as number[] | string | null;
  const point = Array.isArray(geo) ? geo : typeof geo === 'string' ? geo.split(';').map(Number) : null;
  const atPoint = point && point.length === 2 && point.every(Number.isFinite) ? pointPlace(point[0]!, point[1]!, location || summary) : undefined;
  return { ...base, place: atPoint ?? findPlace(location) ?? findPlace(summary) };
}

/** All-day values stay days (YYYY-MM-DD); times become instants (a floating time is read as UTC). */
function timeOf(time: ICAL.Time): Date | string {
  if (time.isDate) return time.toString().slice(0, 10);
  return time.zone === ICAL.Timezone.localTimezone ? new Date(`${time.toString().slice(0, 19)}Z`) : time.toJSDate();
}

function instant(value: Date | string | null | undefined): number {
  if (value === null || value === undefined) return Number.POSITIVE_INFINITY;
  return value instanceof Date ? value.getTime() : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

function stripFlightNumber(summary: string): string {
  return summary.replace(/^.*?\bflight\b[^:]*:\s*/i, '').replace(/^\s*✈\s*/, '').replace(/^[A-Z][A-Z0-9]\s?\d{1,4}\s*[:,-]?\s*/, '');
}

function placeOf(place: Place): Omit<TripInput, 'startsAt' | 'endsAt'> {
  return place.cityId !== undefined
    ? { cityId: place.cityId, placeName: place.placeName }
    : { countryCode: place.countryCode, placeName: place.placeName, ...(place.lat !== undefined ? { lat: place.lat, lon: place.lon } : {}) };
}

function pointPlace(lat: number, lon: number, name: string): Place | undefined {
  const countryCode = countryAt(lat, lon);
  return countryCode ? { countryCode, placeName: name.split(',')[0]!.trim() || countryCode, lat, lon } : undefined;
}

/**
 * A place in free text: "Baghdad (BGW)", "Al Rasheed Hotel, Haifa Street, Baghdad, Iraq".
 * A part naming a country narrows the city search; the last part that is a known city wins.
 */
function findPlace(text: string): Place | undefined {
  const parts = text.replace(/\([^)]*\)/g, ' ').split(/[,\n]/).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return undefined;
  const countryCode = parts.map((p) => findCountryByName(p)).find(Boolean);
  for (const part of [...parts].reverse()) {
    if (findCountryByName(part)) continue;
    const city: City | undefined = searchPlaces(part, { ...(countryCode ? { countryCode } : {}), limit: 1 })[0];
    if (city) return { countryCode: city.countryCode, cityId: city.id, placeName: parts[0] === part ? city.name : `${parts[0]}, ${city.name}` };
  }
  return countryCode ? { countryCode, placeName: parts[0]! } : undefined;
}
