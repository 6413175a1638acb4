import { randomUUID } from 'node:crypto';
import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { invalid } from '../errors.js';
import { privateFetchAllowed, urlProblem } from '../net/address-guard.js';
import { countryAt, getCity, getCountry, getSubdivision, subdivisionAt } from '../geo/index.js';
import type { ChannelName, TravellerInput, TripInput } from './schema.js';

/** Rows ready for set-based insertion: ids are assigned here so contacts and trips can reference their traveller. */
export interface TravellerRows {
  traveller: { id: string; full_name: string; language: string; organisation: string | null; emergency_contact: unknown; external_ref: string | null };
  contacts: { traveller_id: string; channel: ChannelName; address: string; priority: number }[];
  trips: { traveller_id: string; country_code: string; subdivision_code: string | null; city_id: number | null; place_name: string; lat: number | null; lon: number | null; starts_at: string; ends_at: string | null }[];
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Validates and normalises one contact point; the address comes back in canonical form (lower-case e-mail, E.164 phone). */
export function normalizeContact(channel: ChannelName, address: string, field: string): string {
  const value = address.trim();
  switch (channel) {
    case 'email':
      if (!emailPattern.test(value)) throw invalid(field, 'is not an e-mail address');
      return value.toLowerCase();
    case 'sms': {
      try {
        const phone = parsePhoneNumberWithError(value);
        if (!phone.isValid()) throw new Error('invalid');
        return phone.number;
      } catch {
        throw invalid(field, 'is not a phone number in international form (e.g. +964 770 123 4567)');
      }
    }
    // Whoever enters these URLs makes the server call them: public addresses only (src/net/address-guard.ts),
    // refused here by their text and again, on the resolved address, when sending.
    case 'webhook': {
      const problem = urlProblem(value, { allowPrivate: privateFetchAllowed() });
      if (problem) throw invalid(field, problem === 'is not a URL' ? 'must be an http(s) URL' : problem);
      return new URL(value).toString();
    }
    case 'webpush': {
      let sub: { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
      try {
        sub = JSON.parse(value) as typeof sub;
        if (typeof sub.endpoint !== 'string' || !URL.canParse(sub.endpoint) || typeof sub.keys?.p256dh !== 'string' || typeof sub.keys?.auth !== 'string') throw new Error('shape');
      } catch {
        throw invalid(field, 'must be a push subscription JSON with endpoint and keys.p256dh, keys.auth');
      }
      const allowPrivate = privateFetchAllowed();
      const problem = urlProblem(sub.endpoint, { httpsOnly: !allowPrivate, allowPrivate });
      if (problem) throw invalid(field, `endpoint ${problem}`);
      return JSON.stringify({ endpoint: sub.endpoint, keys: { p256dh: sub.keys.p256dh, auth: sub.keys.auth } });
    }
  }
}

/** A date (YYYY-MM-DD) means the start of that day in UTC for a start, and its end for an end. */
function toInstant(value: string, edge: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return edge === 'start' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
  return new Date(value).toISOString();
}

/** Resolves where a trip is: from a city id, a point, or a country; they must agree with each other. */
export function normalizeTrip(trip: TripInput, travellerId: string, field: string): TravellerRows['trips'][number] {
  let countryCode = trip.countryCode?.toUpperCase();
  let subdivisionCode = trip.subdivisionCode?.toUpperCase() ?? null;
  let { lat, lon } = trip;
  let placeName = trip.placeName;
  if ((lat === undefined) !== (lon === undefined)) throw invalid(`${field}.lat`, 'lat and lon go together');
  if (trip.cityId !== undefined) {
    const city = getCity(trip.cityId);
    if (!city) throw invalid(`${field}.cityId`, `unknown city id ${trip.cityId}`);
    if (countryCode && countryCode !== city.countryCode) throw invalid(`${field}.cityId`, `city ${city.name} is not in ${countryCode}`);
    countryCode = city.countryCode;
    subdivisionCode ??= city.subdivisionCode ?? null;
    if (lat === undefined) { lat = city.lat; lon = city.lon; }
    placeName ??= city.name;
  }
  if (lat !== undefined && lon !== undefined) {
    const pointCountry = countryAt(lat, lon);
    if (!countryCode) {
      if (!pointCountry) throw invalid(`${field}.lat`, 'the point is not inside any country; give countryCode');
      countryCode = pointCountry;
    }
    subdivisionCode ??= subdivisionAt(lat, lon) ?? null;
  }
  if (!countryCode) throw invalid(`${field}.countryCode`, 'give a countryCode, a cityId or a point');
  const country = getCountry(countryCode);
  if (!country) throw invalid(`${field}.countryCode`, `unknown country code ${countryCode}`);
  if (subdivisionCode) {
    const sub = getSubdivision(subdivisionCode);
    if (!sub || sub.countryCode !== countryCode) throw invalid(`${field}.subdivisionCode`, `${subdivisionCode} is not a subdivision of ${countryCode}`);
  }
  const startsAt = toInstant(trip.startsAt, 'start');
  const endsAt = trip.endsAt ? toInstant(trip.endsAt, 'end') : null;
  if (endsAt && endsAt < startsAt) throw invalid(`${field}.endsAt`, 'must not be before startsAt');
  return {
    traveller_id: travellerId, country_code: countryCode, subdivision_code: subdivisionCode, city_id: trip.cityId ?? null,
    place_name: placeName ?? country.name, lat: lat ?? null, lon: lon ?? null, starts_at: startsAt, ends_at: endsAt,
  };
}

export function normalizeTraveller(input: TravellerInput, field = ''): TravellerRows {
  const id = randomUUID();
  const prefix = field ? `${field}.` : '';
  const seen = new Set<string>();
  const contacts = input.contacts.map((c, i) => {
    const address = normalizeContact(c.channel, c.address, `${prefix}contacts[${i}].address`);
    const key = `${c.channel}:${address}`;
    if (seen.has(key)) throw invalid(`${prefix}contacts[${i}].address`, 'is listed twice');
    seen.add(key);
    return { traveller_id: id, channel: c.channel, address, priority: c.priority ?? i };
  });
  return {
    traveller: {
      id, full_name: input.fullName, language: input.language, organisation: input.organisation ?? null,
      emergency_contact: input.emergencyContact ?? null, external_ref: input.externalRef ?? null,
    },
    contacts,
    trips: input.trips.map((t, i) => normalizeTrip(t, id, `${prefix}trips[${i}]`)),
  };
}
