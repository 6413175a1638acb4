import { z } from 'zod';
import { latitude, longitude } from '../geo/coordinates.js';
import { dayOrInstant } from '../time.js';

import { channels, languages as supportedLanguages, type ChannelName } from '../vocabulary.js';

export type { ChannelName };

const isoDateOrDateTime = dayOrInstant();

export const tripInput = z.object({
  countryCode: z.string().length(2).optional(),
  subdivisionCode: z.string().max(6).optional(),
  cityId: z.number().int().positive().optional(),
  placeName: z.string().min(1).max(200).optional(),
  lat: latitude.optional(),
  lon: longitude.optional(),
  startsAt: isoDateOrDateTime,
  /** null or absent: resident, no planned end. */
  endsAt: isoDateOrDateTime.nullable().optional(),
});
export type TripInput = z.output<typeof tripInput>;

export const contactInput = z.object({
  channel: z.enum(channels),
  address: z.string().min(3).max(2000),
  priority: z.number().int().min(0).max(9).optional(),
});

export const travellerInput = z.object({
  fullName: z.string().trim().min(1).max(200),
  language: z.enum(supportedLanguages).default('en'),
  organisation: z.string().max(200).optional(),
  emergencyContact: z.object({ name: z.string().min(1).max(200), phone: z.string().max(50).optional(), email: z.email().optional(), relation: z.string().max(100).optional() }).optional(),
  consent: z.literal(true, { error: 'the traveller must consent to being contacted' }),
  externalRef: z.string().max(200).optional(),
  contacts: z.array(contactInput).min(1, 'at least one way to reach the traveller').max(20),
  trips: z.array(tripInput).max(100).default([]),
});
export type TravellerInput = z.output<typeof travellerInput>;

export const contactView = z.object({ id: z.string(), channel: z.enum(channels), address: z.string(), priority: z.number() });
export const tripView = z.object({
  id: z.string(), countryCode: z.string(), subdivisionCode: z.string().nullable(), cityId: z.number().nullable(), placeName: z.string(),
  lat: z.number().nullable(), lon: z.number().nullable(), startsAt: z.string(), endsAt: z.string().nullable(), resident: z.boolean(),
});
export const travellerView = z.object({
  id: z.string(), fullName: z.string(), language: z.string(), organisation: z.string().nullable(),
  emergencyContact: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional(), relation: z.string().optional() }).nullable(), externalRef: z.string().nullable(), optedOut: z.boolean(), createdAt: z.string(),
  contacts: z.array(contactView), trips: z.array(tripView),
});
export type TravellerView = z.infer<typeof travellerView>;

/** The traveller's own page (GET /api/me). */
export const myContactView = z.object({ channel: z.enum(channels), address: z.string(), priority: z.number().int() });
export const myOverviewView = z.object({
  name: z.string(), language: z.string(), organisation: z.string().nullable(), contacts: z.array(myContactView),
  trips: z.array(z.object({ id: z.string(), countryCode: z.string(), placeName: z.string(), startsAt: z.string(), endsAt: z.string().nullable() })),
  alerts: z.array(z.object({ id: z.string(), headline: z.string(), state: z.string(), publishedAt: z.string(), expires: z.string().nullable(), round: z.number().int(),
    answer: z.string().nullable(), answeredAt: z.string().nullable() })),
  answers: z.array(z.object({ alertId: z.string(), answer: z.string(), message: z.string().nullable(), place: z.string().nullable(), lat: z.number().nullable(),
    lon: z.number().nullable(), channel: z.string(), answeredAt: z.string() })),
});
