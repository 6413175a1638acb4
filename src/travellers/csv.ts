import { parse } from 'csv-parse/sync';
import { invalid, WardenError } from '../errors.js';
import { searchPlaces } from '../geo/index.js';
import { travellerInput, type TravellerInput } from './schema.js';

/** The columns `warden travellers import` reads; one row per traveller and trip. */
export const csvColumns = ['full_name', 'email', 'phone', 'language', 'organisation', 'country', 'city', 'starts_at', 'ends_at', 'external_ref'] as const;
type CsvRow = Partial<Record<(typeof csvColumns)[number], string>>;

/**
 * Parses and validates a whole CSV before anything is written: the first bad row
 * stops the import with its line number and field, so an import is all or nothing.
 */
export function parseTravellersCsv(text: string): TravellerInput[] {
  let rows: CsvRow[];
  try {
    rows = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw invalid('file', `not a readable CSV file (${(error as Error).message.split('\n')[0]})`);
  }
  if (!rows.length) throw invalid('file', 'has no data rows');
  const missing = ['full_name', 'email', 'country', 'starts_at'].filter((c) => !(c in rows[0]!));
  if (missing.length) throw invalid('file', `missing column(s): ${missing.join(', ')}`);
  return rows.map((row, i) => toTraveller(row, i + 2));
}

function toTraveller(row: CsvRow, line: number): TravellerInput {
  const country = row.country?.toUpperCase();
  const city = row.city ? searchPlaces(row.city, { countryCode: country, limit: 1 })[0] : undefined;
  if (row.city && !city) throw invalid(`line ${line}: city`, `unknown city "${row.city}" in ${country}`);
  const candidate = {
    fullName: row.full_name,
    language: row.language || undefined,
    organisation: row.organisation || undefined,
    externalRef: row.external_ref || undefined,
    consent: true,
    contacts: [
      ...(row.email ? [{ channel: 'email', address: row.email }] : []),
      ...(row.phone ? [{ channel: 'sms', address: row.phone }] : []),
    ],
    trips: [{ countryCode: country, cityId: city?.id, startsAt: row.starts_at, endsAt: row.ends_at || null }],
  };
  const parsed = travellerInput.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
    throw new WardenError('validation', `line ${line}: ${field}: ${issue.message}`, [{ field: `line ${line}: ${field}`, message: issue.message }]);
  }
  return parsed.data;
}
