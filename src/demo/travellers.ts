import { searchPlaces } from '../geo/index.js';
import type { TravellerInput, TripInput } from '../travellers/schema.js';
import { pick, seededRandom } from './random.js';
import { demoPlaces } from './scenario.js';

const firstNames = ['James', 'Mary', 'Ahmed', 'Fatima', 'John', 'Sarah', 'Omar', 'Layla', 'David', 'Emma', 'Ali', 'Noor', 'Michael', 'Olivia', 'Hassan', 'Zainab', 'Daniel', 'Sophie', 'Karim', 'Maya', 'Robert', 'Grace', 'Yusuf', 'Hana', 'Thomas', 'Claire', 'Samir', 'Lina', 'Peter', 'Anna', 'Marc', 'Lucía', 'Carlos', 'Amélie', 'Diego', 'Inès'];
const lastNames = ['Smith', 'Johnson', 'Al-Amin', 'Haddad', 'Williams', 'Brown', 'Karimi', 'Nasser', 'Jones', 'Miller', 'Rahman', 'Saleh', 'Davis', 'Garcia', 'Yousef', 'Khalil', 'Wilson', 'Martin', 'Aziz', 'Mansour', 'Taylor', 'Anderson', 'Hussein', 'Farah', 'Thomas', 'Moore', 'Dubois', 'Lefèvre', 'Fernández', 'López'];
const organisations = ['Northgate Engineering', 'Relief Partners International', 'Tigris University Exchange'];

const day = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const scenarioMs = Date.UTC(2020, 0, 3);

type Presence = 'resident' | 'present' | 'left-before' | 'arriving-after';

/** When the trip is, relative to the scenario day, for each kind of presence. */
function tripDates(kind: Presence, random: () => number): { startsAt: string; endsAt: string | null } {
  const days = (from: number, to: number) => scenarioMs + Math.floor(from + random() * (to - from)) * day;
  switch (kind) {
    case 'resident': return { startsAt: isoDay(days(-1800, -60)), endsAt: null };
    case 'present': return { startsAt: isoDay(days(-20, -1)), endsAt: isoDay(days(2, 28)) };
    case 'left-before': return { startsAt: isoDay(days(-60, -25)), endsAt: isoDay(days(-14, -2)) };
    case 'arriving-after': return { startsAt: isoDay(days(3, 40)), endsAt: isoDay(days(45, 90)) };
  }
}

function weightedPlace(random: () => number) {
  const total = demoPlaces.reduce((sum, p) => sum + p.weight, 0);
  let r = random() * total;
  for (const place of demoPlaces) { r -= place.weight; if (r < 0) return place; }
  return demoPlaces[0];
}

/** A trip in a city, staying at a point within ~8 km of its centre. */
function cityTrip(place: (typeof demoPlaces)[number], dates: { startsAt: string; endsAt: string | null }, random: () => number): TripInput {
  const city = searchPlaces(place.city, { countryCode: place.countryCode })[0];
  if (!city) throw new Error(`demo city ${place.city} missing from the gazetteer`);
  const lat = Number((city.lat + (random() - 0.5) * 0.14).toFixed(5));
  const lon = Number((city.lon + (random() - 0.5) * 0.17).toFixed(5));
  return { cityId: city.id, lat, lon, placeName: city.name, ...dates };
}

/**
 * About 2,000 synthetic travellers around 3 January 2020, the same on every machine (seeded):
 * residents, people present that day, people who left before and people arriving after.
 * Every e-mail and phone number is fictional (example.org; a reserved-looking Iraqi mobile range).
 */
export function demoTravellers(count = 2000, seed = 20200103): TravellerInput[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const first = pick(random, firstNames);
    const last = pick(random, lastNames);
    const roll = random();
    const kind: Presence = roll < 0.2 ? 'resident' : roll < 0.68 ? 'present' : roll < 0.84 ? 'left-before' : 'arriving-after';
    const place = weightedPlace(random);
    const trips = [cityTrip(place, tripDates(kind, random), random)];
    if (random() < 0.05) trips.push(cityTrip(demoPlaces[5], tripDates('arriving-after', random), random)); // onward to Amman
    const contacts: TravellerInput['contacts'] = [{ channel: 'email', address: `${slug(first)}.${slug(last)}.${i}@example.org` }];
    if (random() < 0.75) contacts.push({ channel: 'sms', address: `+964770${1_000_000 + i}` });
    const orgRoll = random();
    const organisation = orgRoll < 0.3 ? organisations[0] : orgRoll < 0.4 ? organisations[1] : orgRoll < 0.5 ? organisations[2] : undefined;
    if (organisation === organisations[0]) contacts.push({ channel: 'webhook', address: 'https://security-desk.northgate.example/warden' });
    const langRoll = random();
    const language = langRoll < 0.85 ? 'en' : langRoll < 0.9 ? 'fr' : langRoll < 0.95 ? 'es' : 'ar';
    return {
      fullName: `${first} ${last}`, language, organisation, consent: true, externalRef: `demo-${i}`, contacts, trips,
      emergencyContact: { name: `${pick(random, firstNames)} ${last}`, phone: '+12025550100', relation: 'family' },
    } satisfies TravellerInput;
  });
}

function slug(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}
