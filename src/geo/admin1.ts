/**
 * Maps GeoNames admin1 codes (e.g. IQ "07") to ISO 3166-2 codes (IQ-BG).
 *
 * cities1000 carries admin1 *codes* but no admin1 names, and GeoNames codes
 * are mostly FIPS-style numbers unrelated to ISO's. Two kinds of evidence are
 * used, and a mapping is kept only when it is unambiguous:
 *
 * 1. Seat names: the seat of an admin1 area (its PPLA town, or the PPLC
 *    capital) is often its namesake: Baghdad → "Baghdād", Erbil (alias Arbil) →
 *    "Arbīl". A seat must match exactly one subdivision, and that subdivision
 *    no other seat.
 *    Only the ISO level whose size is close to the number of admin1 areas is
 *    considered, so France's regions are never mapped onto its departments.
 * 2. Same code: some countries' GeoNames admin1 codes are the ISO suffixes
 *    themselves (US "CA" → US-CA). Used only for letter codes, when every one
 *    of the country's codes exists in ISO and most seat-name matches agree;
 *    it then wins over seat names, whose namesakes can mislead (the seat of
 *    US "DC" is Washington, which names US-WA).
 */
import type { City } from './gazetteer.js';
import { listSubdivisions, nameKeys, type Subdivision } from './subdivisions.js';

/** Keyed "CC.admin1", e.g. "IQ.07". */
export type Admin1Mapping = Map<string, string>;

export function mapAdmin1ToIso(cities: readonly City[]): Admin1Mapping {
  const mapping: Admin1Mapping = new Map();
  for (const [countryCode, areas] of groupAdmin1Areas(cities)) {
    const candidates = firstLevelSubdivisions(countryCode, areas.size);
    const bySeat = matchBySeatName(countryCode, areas, candidates);
    const byCode = matchBySameCode(countryCode, areas, bySeat);
    for (const [admin1, iso] of [...bySeat, ...byCode]) mapping.set(`${countryCode}.${admin1}`, iso);
    const claimed = new Set([...bySeat.values(), ...byCode.values()]);
    for (const [admin1, iso] of Object.entries(KNOWN_ADMIN1[countryCode] ?? {})) {
      const key = `${countryCode}.${admin1}`;
      if (areas.has(admin1) && !mapping.has(key) && !claimed.has(iso)) mapping.set(key, iso);
    }
  }
  return mapping;
}

/**
 * GeoNames admin1 codes → ISO 3166-2, from GeoNames' admin1CodesASCII.txt (CA.01 "Alberta",
 * AU.04 "Queensland", …), for countries whose codes are numeric and whose seats do not carry
 * the area's name. Seats per code (checked in test/geo/subdivisions.test.ts): CA 01 Edmonton,
 * 02 Victoria, 03 Winnipeg, 04 Fredericton, 05 St. John's, 07 Halifax, 08 Toronto, 09 Charlottetown,
 * 10 Québec, 11 Regina, 12 Whitehorse, 13 Yellowknife, 14 Iqaluit; AU 01 Canberra, 02 Sydney,
 * 03 Darwin, 04 Brisbane, 05 Adelaide, 06 Hobart, 07 Melbourne, 08 Perth.
 */
export const KNOWN_ADMIN1: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CA: {
    '01': 'CA-AB', '02': 'CA-BC', '03': 'CA-MB', '04': 'CA-NB', '05': 'CA-NL', '07': 'CA-NS', '08': 'CA-ON',
    '09': 'CA-PE', '10': 'CA-QC', '11': 'CA-SK', '12': 'CA-YT', '13': 'CA-NT', '14': 'CA-NU',
  },
  AU: { '01': 'AU-ACT', '02': 'AU-NSW', '03': 'AU-NT', '04': 'AU-QLD', '05': 'AU-SA', '06': 'AU-TAS', '07': 'AU-VIC', '08': 'AU-WA' },
};

/** Country → admin1 code → the area's seat (PPLA, else PPLC), if any. */
function groupAdmin1Areas(cities: readonly City[]): Map<string, Map<string, City | undefined>> {
  const countries = new Map<string, Map<string, City | undefined>>();
  for (const city of cities) {
    if (city.admin1 === '' || city.admin1 === '00') continue; // "00": GeoNames' "no admin1"
    const areas = countries.get(city.countryCode) ?? new Map<string, City | undefined>();
    countries.set(city.countryCode, areas);
    const seat = areas.get(city.admin1);
    areas.set(city.admin1, isBetterSeat(city, seat) ? city : seat);
  }
  return countries;
}

const SEAT_RANK: Readonly<Record<string, number>> = { PPLA: 2, PPLC: 1 };

function isBetterSeat(city: City, current: City | undefined): boolean {
  const rank = SEAT_RANK[city.featureCode] ?? 0;
  if (rank === 0) return false;
  const currentRank = current ? (SEAT_RANK[current.featureCode] ?? 0) : 0;
  if (rank !== currentRank) return rank > currentRank;
  return city.population > (current?.population ?? -1);
}

/**
 * The subdivisions of the ISO type whose count is nearest the number of
 * admin1 areas, and only if that count is within a third of it.
 */
function firstLevelSubdivisions(countryCode: string, areaCount: number): Subdivision[] {
  const byType = new Map<string, Subdivision[]>();
  for (const s of listSubdivisions(countryCode)) byType.set(s.type, [...(byType.get(s.type) ?? []), s]);
  let best: Subdivision[] = [];
  for (const list of byType.values()) {
    if (Math.abs(list.length - areaCount) < Math.abs(best.length - areaCount)) best = list;
  }
  return Math.abs(best.length - areaCount) <= Math.max(1, areaCount / 3) ? best : [];
}

function seatKeys(seat: City): Set<string> {
  const keys = new Set<string>();
  for (const name of [seat.name, seat.asciiName, ...seat.alternateNames]) {
    for (const key of nameKeys(name)) keys.add(key);
  }
  return keys;
}

/**
 * Seat-name matches. Ambiguity is judged against every ISO level, so a seat
 * naming both a region and a city district (Tashkent: UZ-TO and UZ-TK) is left out.
 */
function matchBySeatName(
  countryCode: string,
  areas: Map<string, City | undefined>,
  candidates: Subdivision[],
): Map<string, string> {
  const firstLevel = new Set(candidates.map((s) => s.code));
  const allLevels = listSubdivisions(countryCode).map((s) => ({ code: s.code, keys: nameKeys(s.name) }));
  const matches = new Map<string, string>();
  const claims = new Map<string, number>();
  for (const [admin1, seat] of areas) {
    if (!seat) continue;
    const keys = seatKeys(seat);
    const hits = allLevels.filter((c) => [...c.keys].some((k) => keys.has(k)));
    if (hits.length !== 1 || !firstLevel.has(hits[0]!.code)) continue;
    matches.set(admin1, hits[0]!.code);
    claims.set(hits[0]!.code, (claims.get(hits[0]!.code) ?? 0) + 1);
  }
  for (const [admin1, code] of matches) if (claims.get(code)! > 1) matches.delete(admin1);
  return matches;
}

/** Any ISO level counts here: letter codes like US "DC" or GB "SCT" are unlikely to coincide by chance. */
function matchBySameCode(
  countryCode: string,
  areas: Map<string, City | undefined>,
  bySeat: Map<string, string>,
): Map<string, string> {
  const isoCodes = new Set(listSubdivisions(countryCode).map((s) => s.code));
  const admin1Codes = [...areas.keys()];
  const allLettersAndKnown = admin1Codes.every((a) => /^[A-Z]+$/.test(a) && isoCodes.has(`${countryCode}-${a}`));
  const agreeing = [...bySeat].filter(([admin1, iso]) => iso === `${countryCode}-${admin1}`).length;
  if (!allLettersAndKnown || bySeat.size - agreeing > agreeing) return new Map();
  return new Map(admin1Codes.map((a) => [a, `${countryCode}-${a}`]));
}
