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
import type { City } from './city.js';
import { ownValue } from './own-value.js';
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
    for (const [admin1, iso] of Object.entries(ownValue(KNOWN_ADMIN1, countryCode) ?? {})) {
      const key = `${countryCode}.${admin1}`;
      if (areas.has(admin1) && !mapping.has(key) && !claimed.has(iso)) mapping.set(key, iso);
    }
  }
  return mapping;
}

/**
 * GeoNames admin1 codes → ISO 3166-2, from GeoNames' admin1CodesASCII.txt (CA.01 "Alberta",
 * AU.04 "Queensland", CN.02 "Zhejiang", …), for countries whose codes are numeric and whose seats do
 * not carry the area's name, so neither rule above maps them. Without an entry no town maps to the
 * subdivision and it falls back to its country's point (Zhejiang ~1,500 km off). Countries: the ones
 * news names most often among those left unmapped — Canada, Australia, China, India, Brazil, Mexico,
 * Nigeria, South Africa, Pakistan, Sudan, DR Congo, Zimbabwe. Each entry is checked against a town of that area in
 * test/geo/reference-points.test.ts (its seat, e.g. CN.02 Hangzhou, IN.36 Lucknow, BR.15 Belo Horizonte).
 * Codes GeoNames leaves without towns in cities1000 (IN.40 Telangana) are omitted.
 */
export const KNOWN_ADMIN1: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CA: {
    '01': 'CA-AB', '02': 'CA-BC', '03': 'CA-MB', '04': 'CA-NB', '05': 'CA-NL', '07': 'CA-NS', '08': 'CA-ON',
    '09': 'CA-PE', '10': 'CA-QC', '11': 'CA-SK', '12': 'CA-YT', '13': 'CA-NT', '14': 'CA-NU',
  },
  AU: { '01': 'AU-ACT', '02': 'AU-NSW', '03': 'AU-NT', '04': 'AU-QLD', '05': 'AU-SA', '06': 'AU-TAS', '07': 'AU-VIC', '08': 'AU-WA' },
  CN: {
    '01': 'CN-34', '02': 'CN-33', '03': 'CN-36', '04': 'CN-32', '05': 'CN-22', '06': 'CN-63', '07': 'CN-35', '08': 'CN-23',
    '09': 'CN-41', '10': 'CN-13', '11': 'CN-43', '12': 'CN-42', '13': 'CN-65', '14': 'CN-54', '15': 'CN-62', '16': 'CN-45',
    '18': 'CN-52', '19': 'CN-21', '20': 'CN-15', '21': 'CN-64', '22': 'CN-11', '23': 'CN-31', '24': 'CN-14', '25': 'CN-37',
    '26': 'CN-61', '28': 'CN-12', '29': 'CN-53', '30': 'CN-44', '31': 'CN-46', '32': 'CN-51', '33': 'CN-50',
  },
  IN: {
    '01': 'IN-AN', '02': 'IN-AP', '03': 'IN-AS', '05': 'IN-CH', '06': 'IN-DN', '07': 'IN-DL', '09': 'IN-GJ', '10': 'IN-HR',
    '11': 'IN-HP', '12': 'IN-JK', '13': 'IN-KL', '14': 'IN-LD', '16': 'IN-MH', '17': 'IN-MN', '18': 'IN-ML', '19': 'IN-KA',
    '20': 'IN-NL', '21': 'IN-OR', '22': 'IN-PY', '23': 'IN-PB', '24': 'IN-RJ', '25': 'IN-TN', '26': 'IN-TR', '28': 'IN-WB',
    '29': 'IN-SK', '30': 'IN-AR', '31': 'IN-MZ', '32': 'IN-DD', '33': 'IN-GA', '34': 'IN-BR', '35': 'IN-MP', '36': 'IN-UP',
    '37': 'IN-CT', '38': 'IN-JH', '39': 'IN-UT',
  },
  BR: {
    '01': 'BR-AC', '02': 'BR-AL', '03': 'BR-AP', '04': 'BR-AM', '05': 'BR-BA', '06': 'BR-CE', '07': 'BR-DF', '08': 'BR-ES',
    '11': 'BR-MS', '13': 'BR-MA', '14': 'BR-MT', '15': 'BR-MG', '16': 'BR-PA', '17': 'BR-PB', '18': 'BR-PR', '20': 'BR-PI',
    '21': 'BR-RJ', '22': 'BR-RN', '23': 'BR-RS', '24': 'BR-RO', '25': 'BR-RR', '26': 'BR-SC', '27': 'BR-SP', '28': 'BR-SE',
    '29': 'BR-GO', '30': 'BR-PE', '31': 'BR-TO',
  },
  MX: {
    '01': 'MX-AGU', '02': 'MX-BCN', '03': 'MX-BCS', '04': 'MX-CAM', '05': 'MX-CHP', '06': 'MX-CHH', '07': 'MX-COA', '08': 'MX-COL',
    '09': 'MX-CMX', '10': 'MX-DUR', '11': 'MX-GUA', '12': 'MX-GRO', '13': 'MX-HID', '14': 'MX-JAL', '15': 'MX-MEX', '16': 'MX-MIC',
    '17': 'MX-MOR', '18': 'MX-NAY', '19': 'MX-NLE', '20': 'MX-OAX', '21': 'MX-PUE', '22': 'MX-QUE', '23': 'MX-ROO', '24': 'MX-SLP',
    '25': 'MX-SIN', '26': 'MX-SON', '27': 'MX-TAB', '28': 'MX-TAM', '29': 'MX-TLA', '30': 'MX-VER', '31': 'MX-YUC', '32': 'MX-ZAC',
  },
  NG: {
    '05': 'NG-LA', '11': 'NG-FC', '16': 'NG-OG', '21': 'NG-AK', '22': 'NG-CR', '23': 'NG-KD', '24': 'NG-KT', '25': 'NG-AN',
    '26': 'NG-BE', '27': 'NG-BO', '28': 'NG-IM', '29': 'NG-KN', '30': 'NG-KW', '31': 'NG-NI', '32': 'NG-OY', '35': 'NG-AD',
    '36': 'NG-DE', '37': 'NG-ED', '39': 'NG-JI', '40': 'NG-KE', '41': 'NG-KO', '42': 'NG-OS', '43': 'NG-TA', '44': 'NG-YO',
    '45': 'NG-AB', '46': 'NG-BA', '47': 'NG-EN', '48': 'NG-ON', '49': 'NG-PL', '50': 'NG-RI', '51': 'NG-SO', '52': 'NG-BY',
    '53': 'NG-EB', '54': 'NG-EK', '55': 'NG-GO', '56': 'NG-NA', '57': 'NG-ZA',
  },
  // ISO names Pakistan's provinces in transliterations ("Panjāb", "Khaībar Pakhtūnkhwā") that no seat carries.
  PK: { '01': 'PK-TA', '02': 'PK-BA', '03': 'PK-KP', '04': 'PK-PB', '05': 'PK-SD', '06': 'PK-JK', '07': 'PK-GB', '08': 'PK-IS' },
  // Sudan's, Congo's and Zimbabwe's seats do not carry their states' ISO names ("Janūb Dārfūr": Nyala; Nord-Kivu: Goma).
  SD: {
    '29': 'SD-KH', '36': 'SD-RS', '38': 'SD-GZ', '39': 'SD-GD', '41': 'SD-NW', '42': 'SD-NB', '43': 'SD-NO', '47': 'SD-DW',
    '49': 'SD-DS', '50': 'SD-KS', '52': 'SD-KA', '53': 'SD-NR', '55': 'SD-DN', '56': 'SD-KN', '58': 'SD-SI', '60': 'SD-DE', '61': 'SD-DC',
  },
  CD: {
    '01': 'CD-BN', '02': 'CD-EQ', '03': 'CD-KW', '04': 'CD-KE', '05': 'CD-KA', '06': 'CD-KN', '08': 'CD-BC', '09': 'CD-OR',
    '10': 'CD-MA', '11': 'CD-NK', '12': 'CD-SK',
  },
  ZW: {
    '01': 'ZW-MA', '02': 'ZW-MI', '03': 'ZW-MC', '04': 'ZW-ME', '05': 'ZW-MW', '06': 'ZW-MN', '07': 'ZW-MS', '08': 'ZW-MV',
    '09': 'ZW-BU', '10': 'ZW-HA',
  },
  ZA: { '02': 'ZA-NL', '03': 'ZA-FS', '05': 'ZA-EC', '06': 'ZA-GT', '07': 'ZA-MP', '08': 'ZA-NC', '09': 'ZA-LP', '10': 'ZA-NW', '11': 'ZA-WC' },
};

/**
 * GeoNames admin2 codes → ISO 3166-2 for British counties, which ISO lists as subdivisions but GeoNames keeps
 * at admin2 (its GB admin1 is England/Scotland/Wales/Northern Ireland), so without this no town maps to
 * "Suffolk" or "Fife" and they fall back to the UK's point. From GeoNames' admin2Codes.txt; each entry is checked
 * against its seat (PPLA2) or largest town in test/geo/reference-points.test.ts. Keyed "admin1.admin2".
 */
export const KNOWN_ADMIN2: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  GB: {
    'ENG.B9': 'GB-BKM', 'ENG.C3': 'GB-CAM', 'ENG.C6': 'GB-CON', 'ENG.C9': 'GB-CMA', 'ENG.D3': 'GB-DBY', 'ENG.D4': 'GB-DEV',
    'ENG.D6': 'GB-DOR', 'ENG.D8': 'GB-DUR', 'ENG.E2': 'GB-ESX', 'ENG.E4': 'GB-ESS', 'ENG.E6': 'GB-GLS', 'ENG.F2': 'GB-HAM',
    'ENG.F7': 'GB-HEF', 'ENG.F8': 'GB-HRT', 'ENG.G5': 'GB-KEN', 'ENG.H2': 'GB-LAN', 'ENG.H5': 'GB-LEC', 'ENG.H7': 'GB-LIN',
    'ENG.I9': 'GB-NFK', 'ENG.J1': 'GB-NTH', 'ENG.J6': 'GB-NBL', 'ENG.J7': 'GB-NYK', 'ENG.J9': 'GB-NTT', 'ENG.K2': 'GB-OXF',
    'ENG.L4': 'GB-RUT', 'ENG.L6': 'GB-SHR', 'ENG.M3': 'GB-SOM', 'ENG.M9': 'GB-STS', 'ENG.N5': 'GB-SFK', 'ENG.N7': 'GB-SRY',
    'ENG.P3': 'GB-WAR', 'ENG.P6': 'GB-WSX', 'ENG.P8': 'GB-WIL', 'ENG.Q4': 'GB-WOR', 'SCT.V1': 'GB-FIF',
  },
};

/** The ISO code of the county a town lies in, where GeoNames has it at admin2 (KNOWN_ADMIN2). */
export function admin2ToIso(city: Pick<City, 'countryCode' | 'admin1' | 'admin2'>): string | undefined {
  const codes = ownValue(KNOWN_ADMIN2, city.countryCode);
  return codes && city.admin2 ? ownValue(codes, `${city.admin1}.${city.admin2}`) : undefined;
}

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
  const rank = ownValue(SEAT_RANK, city.featureCode) ?? 0;
  if (rank === 0) return false;
  const currentRank = current ? (ownValue(SEAT_RANK, current.featureCode) ?? 0) : 0;
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
