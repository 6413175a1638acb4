import { z } from 'zod';
import { shownCount } from '../auth/small-counts.js';
import { roundCoordinate } from '../geo/coordinates.js';
import { boardStatuses, channels, checkinAnswers as answers, type CheckinAnswer as Answer } from '../vocabulary.js';

export { answers, type Answer };
export const answerChannels = ['link', 'sms', 'email'] as const;
export type AnswerChannel = (typeof answerChannels)[number];

const optionalNumber = (min: number, max: number, what: string) => z.preprocess(
  (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
  z.number({ error: `${what} must be a number` }).min(min, `${what} must be between ${min} and ${max}`).max(max, `${what} must be between ${min} and ${max}`)
    .transform(roundCoordinate).optional());

const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().max(max, `must be at most ${max} characters`).optional());

/** An answer from the check-in page (form) or its JSON variant. */
export const checkinInput = z.object({
  answer: z.enum(answers, { error: 'choose safe, need_help or departed' }),
  message: optionalText(1000),
  place: optionalText(200),
  lat: optionalNumber(-90, 90, 'lat'),
  lon: optionalNumber(-180, 180, 'lon'),
}).refine((v) => (v.lat === undefined) === (v.lon === undefined), { message: 'lat and lon go together', path: ['lat'] });
export type CheckinInput = z.output<typeof checkinInput>;


export const boardQuery = z.object({
  city: z.string().trim().min(1).max(200).optional(),
  organisation: z.string().trim().min(1).max(200).optional(),
  channel: z.enum(channels).optional(),
  status: z.enum(boardStatuses).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});
export type BoardQuery = z.output<typeof boardQuery>;

export const escalationInput = z.object({
  // At least 6 s: also keeps subnormal floats, which the database refuses, out.
  afterMinutes: z.number().min(0.1, 'must be at least 0.1 minutes').max(7 * 24 * 60),
  maxRounds: z.number().int().min(1).max(10),
});
export type EscalationInput = z.infer<typeof escalationInput>;

/** The accountability board as the API presents it (src/checkins/accountability.ts); counts are "<5" for viewers. */
export const boardPersonView = z.object({
  travellerId: z.string(), name: z.string(), organisation: z.string().nullable(), city: z.string().nullable(), status: z.enum(boardStatuses), round: z.number().int(),
  channels: z.array(z.string()), answeredAt: z.string().nullable(), answeredBy: z.string().nullable(), message: z.string().nullable(), place: z.string().nullable(),
  lat: z.number().nullable(), lon: z.number().nullable(),
});
export const boardView = z.object({
  alertId: z.string(), total: shownCount, counts: z.record(z.enum(boardStatuses), shownCount), byRound: z.record(z.string(), shownCount),
  filters: z.record(z.string(), z.union([z.string(), z.number()])).describe('The filters applied'),
  people: z.array(boardPersonView).optional().describe('Editors and above'), nextOffset: z.number().int().nullable().optional(),
});

