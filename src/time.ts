import { z } from 'zod';

/**
 * Instants at the API edge. ISO 8601 allows years PostgreSQL cannot store (year 0) or that make no
 * sense for a trip or an alert; such input is refused here with a field error instead of failing in SQL.
 */
const earliestYear = 1900;
const latestYear = 2200;
const yearOf = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value).getUTCFullYear();
const inRange = (value: string) => { const year = yearOf(value); return year >= earliestYear && year <= latestYear; };
const rangeMessage = `must be between the years ${earliestYear} and ${latestYear}`;

/** An ISO 8601 date-time with an offset, e.g. 2020-01-03T06:00:00+03:00. */
export const instant = (error = 'must be an ISO 8601 date-time with offset') =>
  z.iso.datetime({ offset: true, error }).refine(inRange, rangeMessage);

/** A day (YYYY-MM-DD) or a date-time with offset. */
export const dayOrInstant = (error = 'must be a date (YYYY-MM-DD) or a date-time with offset') =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error }).refine(inRange, rangeMessage);
