import { z } from 'zod';

/**
 * Coordinates are kept to 7 decimal places (about 1 cm): finer digits carry
 * no meaning, and rounding keeps subnormal floats such as 6e-323 — which
 * PostgreSQL's float8 input refuses as out of range — out of SQL.
 */
export const roundCoordinate = (value: number): number => Math.round(value * 1e7) / 1e7 + 0;

export const latitude = z.number().min(-90).max(90).transform(roundCoordinate);
/** A radius in km from 1 m up to `max` (no subnormal floats either: see above). */
export const radiusKm = (max: number) => z.number().min(0.001, 'must be at least 0.001 km (1 m)').max(max);

export const longitude = z.number().min(-180).max(180).transform(roundCoordinate);
