/**
 * CAP 1.2 value rules shared by the writer (which must never emit a bad value)
 * and the reader (which must refuse one). Each parser returns either the value
 * or a reason phrased to follow an element path, e.g. "alert/sent: <reason>".
 */
import type { CapCircle, CapPoint, CapReference } from './cap-types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

// CAP 1.2 §3.3.2: a numeric offset is mandatory and "Z" is forbidden.
const CAP_DATETIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-])(\d\d):(\d\d)$/;

/**
 * Formats a date the way CAP requires: `YYYY-MM-DDThh:mm:ss+00:00`, in UTC,
 * whole seconds (CAP has no fractional seconds, so they are truncated).
 */
export function capDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('capDateTime: invalid date');
  const iso = date.toISOString();
  // Years outside 0000–9999 come out as ±YYYYYY, which CAP cannot carry.
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`capDateTime: year out of range in ${iso}`);
  return `${iso.slice(0, 19)}+00:00`;
}

export function parseCapDateTime(text: string): Parsed<Date> {
  const m = CAP_DATETIME.exec(text);
  if (!m) {
    return fail(`"${text}" is not a CAP date-time (YYYY-MM-DDThh:mm:ss with a numeric offset such as +00:00; "Z" is not allowed)`);
  }
  const [year, month, day, hour, minute, second, , offH, offM] = m.slice(1).map(Number) as number[];
  const sign = m[7] === '-' ? -1 : 1;
  const utcMs = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(utcMs);
  const fieldsInRange =
    check.getUTCFullYear() === year && check.getUTCMonth() === month! - 1 && check.getUTCDate() === day &&
    hour! < 24 && minute! < 60 && second! < 60 && offH! <= 14 && offM! < 60;
  if (!fieldsInRange) return fail(`"${text}" is not a real date-time`);
  return ok(new Date(utcMs - sign * (offH! * 60 + offM!) * 60_000));
}

/** CAP forbids spaces, commas and the restricted characters < and & in identifier and sender. */
export function identifierProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (/[\s,<&]/.test(value)) return 'must not contain spaces, commas, "<" or "&"';
  return undefined;
}

export function formatReferences(refs: readonly CapReference[]): string {
  return refs.map((r) => `${r.sender},${r.identifier},${capDateTime(r.sent)}`).join(' ');
}

export function parseReferences(text: string): Parsed<CapReference[]> {
  const triples = text.trim().split(/\s+/).filter(Boolean);
  if (triples.length === 0) return fail('must not be empty (give at least one sender,identifier,sent triple)');
  const refs: CapReference[] = [];
  for (const triple of triples) {
    const parts = triple.split(',');
    if (parts.length !== 3 || parts.some((p) => p === '')) {
      return fail(`"${triple}" is not a sender,identifier,sent triple`);
    }
    const sent = parseCapDateTime(parts[2]!);
    if (!sent.ok) return fail(`in "${triple}": ${sent.reason}`);
    refs.push({ sender: parts[0]!, identifier: parts[1]!, sent: sent.value });
  }
  return ok(refs);
}

/** Formats a coordinate without exponent notation, to 6 decimals (about 0.1 m). */
export function formatCoordinate(n: number): string {
  return String(Number(n.toFixed(6)));
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}

export function pointProblem(lat: number, lon: number): string | undefined {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `latitude ${lat} is outside -90..90`;
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) return `longitude ${lon} is outside -180..180`;
  return undefined;
}

function parsePoint(pair: string): Parsed<CapPoint> {
  const parts = pair.split(',');
  const lat = parts.length === 2 ? parseDecimal(parts[0]!) : undefined;
  const lon = parts.length === 2 ? parseDecimal(parts[1]!) : undefined;
  if (lat === undefined || lon === undefined) return fail(`"${pair}" is not a "lat,lon" pair`);
  const problem = pointProblem(lat, lon);
  return problem ? fail(problem) : ok([lat, lon]);
}

/** A CAP polygon is a closed ring: at least 4 points, the last equal to the first. */
export function ringProblem(ring: readonly CapPoint[]): string | undefined {
  if (ring.length < 4) return `has ${ring.length} points; a closed ring needs at least 4`;
  for (const [lat, lon] of ring) {
    const problem = pointProblem(lat, lon);
    if (problem) return problem;
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'is not closed (the last point must repeat the first)';
  return undefined;
}

export function formatPolygon(ring: readonly CapPoint[]): string {
  return ring.map(([lat, lon]) => `${formatCoordinate(lat)},${formatCoordinate(lon)}`).join(' ');
}

export function parsePolygon(text: string): Parsed<CapPoint[]> {
  const pairs = text.trim().split(/\s+/).filter(Boolean);
  if (pairs.length === 0) return fail('must not be empty');
  const ring: CapPoint[] = [];
  for (const pair of pairs) {
    const point = parsePoint(pair);
    if (!point.ok) return point;
    ring.push(point.value);
  }
  const problem = ringProblem(ring);
  return problem ? fail(problem) : ok(ring);
}

export function circleProblem(circle: CapCircle): string | undefined {
  const problem = pointProblem(circle.lat, circle.lon);
  if (problem) return problem;
  if (!Number.isFinite(circle.radiusKm) || circle.radiusKm < 0) return `radius ${circle.radiusKm} must be a number ≥ 0`;
  return undefined;
}

export function formatCircle(c: CapCircle): string {
  return `${formatCoordinate(c.lat)},${formatCoordinate(c.lon)} ${formatCoordinate(c.radiusKm)}`;
}

export function parseCircle(text: string): Parsed<CapCircle> {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) return fail(`"${text}" is not "lat,lon radius"`);
  const centre = parsePoint(parts[0]!);
  if (!centre.ok) return centre;
  const radiusKm = parseDecimal(parts[1]!);
  if (radiusKm === undefined || radiusKm < 0) return fail(`radius "${parts[1]}" must be a number ≥ 0`);
  return ok({ lat: centre.value[0], lon: centre.value[1], radiusKm });
}

/**
 * `addresses` and `incidents` are space-delimited lists in which a value that
 * itself contains whitespace is enclosed in double quotes.
 */
export function formatSpaceList(values: readonly string[]): string {
  return values.map((v) => (/\s/.test(v) ? `"${v}"` : v)).join(' ');
}

export function parseSpaceList(text: string): string[] {
  const values: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) values.push(m[1] ?? m[2]!);
  return values.filter((v) => v !== '');
}

// ISO 3166-1 alpha-2 ("IQ") and ISO 3166-2 subdivisions ("IQ-BG").
const ISO_3166_1 = /^[A-Z]{2}$/;
const ISO_3166_2 = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
export const GEOCODE_ISO3166_1 = 'ISO3166-1';
export const GEOCODE_ISO3166_2 = 'ISO3166-2';

/** Builds the geocode for a country or subdivision code, choosing the valueName from its shape. */
export function isoGeocode(code: string): { valueName: string; value: string } {
  if (ISO_3166_1.test(code)) return { valueName: GEOCODE_ISO3166_1, value: code };
  if (ISO_3166_2.test(code)) return { valueName: GEOCODE_ISO3166_2, value: code };
  throw new RangeError(`isoGeocode: "${code}" is neither an ISO 3166-1 alpha-2 nor an ISO 3166-2 code`);
}

export function isoGeocodeProblem(valueName: string, value: string): string | undefined {
  if (valueName === GEOCODE_ISO3166_1 && !ISO_3166_1.test(value)) return `"${value}" is not an ISO 3166-1 alpha-2 code`;
  if (valueName === GEOCODE_ISO3166_2 && !ISO_3166_2.test(value)) return `"${value}" is not an ISO 3166-2 code`;
  return undefined;
}

export function isOneOf<T extends string>(values: readonly T[], text: string): text is T {
  return (values as readonly string[]).includes(text);
}

/** How far outside −90..90 / −180..180 a coordinate may stray and still be read as the bound (rounding noise: −180.005). */
const COORDINATE_SLACK = 0.01;

function clampCoordinate(value: number, bound: number): number | undefined {
  if (Math.abs(value) <= bound) return value;
  return Math.abs(value) <= bound + COORDINATE_SLACK ? Math.sign(value) * bound : undefined;
}

/**
 * A polygon from another agency, read liberally: coordinates within 0.01° past a bound are clamped, an open ring is
 * closed. Returns the ring and what was repaired, or no ring and why it was dropped.
 */
export function repairPolygon(text: string): { ring?: CapPoint[]; repairs: string[]; dropped?: string } {
  const repairs: string[] = [];
  const ring: CapPoint[] = [];
  for (const pair of text.trim().split(/\s+/).filter(Boolean)) {
    const parts = pair.split(',');
    const lat = parts.length === 2 ? parseDecimal(parts[0]!) : undefined;
    const lon = parts.length === 2 ? parseDecimal(parts[1]!) : undefined;
    if (lat === undefined || lon === undefined) return { repairs, dropped: `"${pair}" is not a "lat,lon" pair` };
    const clampedLat = clampCoordinate(lat, 90);
    const clampedLon = clampCoordinate(lon, 180);
    if (clampedLat === undefined || clampedLon === undefined) return { repairs, dropped: pointProblem(lat, lon) ?? `"${pair}" is out of range` };
    if (clampedLat !== lat || clampedLon !== lon) repairs.push(`${pair} clamped to ${formatCoordinate(clampedLat)},${formatCoordinate(clampedLon)}`);
    ring.push([clampedLat, clampedLon]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    ring.push([first[0], first[1]]);
    repairs.push('closed (the last point now repeats the first)');
  }
  if (ring.length < 4) return { repairs, dropped: `has ${new Set(ring.map((p) => p.join(','))).size} distinct points; an area needs at least 3` };
  return { ring, repairs };
}
