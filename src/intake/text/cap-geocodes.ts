/**
 * CAP geocodes other than ISO 3166 that name a place Warden can locate, from small shipped tables:
 * - SAME / FIPS6 (NOAA Weather Radio, "024031": part, state FIPS 24 = Maryland, county) and FIPS 5-digit county codes
 *   → the US state;
 * - UGC (NWS zones and counties, "MDZ011", "AKC013") → the US state named by the first two letters (marine zones such as
 *   "ANZ535" name no state and are left out);
 * - EMMA_ID (Meteoalarm, "DE001", "UK012", "EL003") → the country of its two-letter prefix (UK → GB, EL → GR).
 * And the country an agency's address belongs to ("cap@ec.gc.ca" → CA, "….gov" → US).
 */
import { getCountry, getSubdivision } from '../../geo/index.js';

/** US state FIPS codes (FIPS PUB 5-2) → USPS abbreviations. */
const US_STATE_BY_FIPS: Readonly<Record<string, string>> = {
  '01': 'AL', '02': 'AK', '04': 'AZ', '05': 'AR', '06': 'CA', '08': 'CO', '09': 'CT', '10': 'DE', '11': 'DC', '12': 'FL',
  '13': 'GA', '15': 'HI', '16': 'ID', '17': 'IL', '18': 'IN', '19': 'IA', '20': 'KS', '21': 'KY', '22': 'LA', '23': 'ME',
  '24': 'MD', '25': 'MA', '26': 'MI', '27': 'MN', '28': 'MS', '29': 'MO', '30': 'MT', '31': 'NE', '32': 'NV', '33': 'NH',
  '34': 'NJ', '35': 'NM', '36': 'NY', '37': 'NC', '38': 'ND', '39': 'OH', '40': 'OK', '41': 'OR', '42': 'PA', '44': 'RI',
  '45': 'SC', '46': 'SD', '47': 'TN', '48': 'TX', '49': 'UT', '50': 'VT', '51': 'VA', '53': 'WA', '54': 'WV', '55': 'WI',
  '56': 'WY', '60': 'AS', '66': 'GU', '69': 'MP', '72': 'PR', '78': 'VI',
};

/** US territories with their own ISO 3166-1 code: their SAME/UGC codes are countries, not US states. */
const US_TERRITORIES = new Set(['AS', 'GU', 'MP', 'PR', 'VI']);

/** Meteoalarm prefixes that are not ISO 3166-1 codes. */
const EMMA_PREFIX: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' };

export type GeocodePlace = { kind: 'subdivision'; code: string } | { kind: 'country'; code: string };

function usState(postal: string | undefined): GeocodePlace | undefined {
  if (!postal) return undefined;
  if (US_TERRITORIES.has(postal)) return getCountry(postal) ? { kind: 'country', code: postal } : undefined;
  const code = `US-${postal}`;
  return getSubdivision(code) ? { kind: 'subdivision', code } : undefined;
}

/** The place a SAME, FIPS, UGC or EMMA_ID geocode stands for, if the tables know it. */
export function geocodePlace(valueName: string, rawValue: string): GeocodePlace | undefined {
  const name = valueName.trim().toUpperCase();
  const value = rawValue.trim().toUpperCase();
  if (name === 'SAME' || name === 'FIPS6' || name === 'FIPS') {
    if (/^\d{6}$/.test(value)) return usState(US_STATE_BY_FIPS[value.slice(1, 3)]);
    if (/^\d{5}$/.test(value)) return usState(US_STATE_BY_FIPS[value.slice(0, 2)]);
    return undefined;
  }
  if (name === 'UGC') return /^[A-Z]{2}[CZ]\d{3}$/.test(value) ? usState(value.slice(0, 2)) : undefined;
  if (name === 'EMMA_ID') {
    const prefix = value.slice(0, 2);
    const cc = EMMA_PREFIX[prefix] ?? prefix;
    return /^[A-Z]{2}/.test(value) && getCountry(cc) ? { kind: 'country', code: cc } : undefined;
  }
  return undefined;
}

/** The country of an agency's address or domain: its country-code TLD (uk → GB), or US for .gov and .mil. */
export function senderCountry(sender: string): string | undefined {
  const host = (sender.split('@').pop() ?? '').toLowerCase().replace(/[^a-z0-9.-].*$/, '');
  const tld = host.split('.').pop() ?? '';
  if (tld === 'gov' || tld === 'mil') return 'US';
  const cc = tld === 'uk' ? 'GB' : tld.toUpperCase();
  return /^[A-Z]{2}$/.test(cc) && getCountry(cc) ? cc : undefined;
}
