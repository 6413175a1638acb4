import { z } from 'zod';
import { latitude, longitude } from '../geo/coordinates.js';
import { instant } from '../time.js';
import { statusRequestStates } from '../vocabulary.js';

export const postStatuses = ['normal', 'limited', 'suspended', 'closed'] as const;
export const departurePostures = ['none', 'authorized', 'ordered'] as const;

export const contactsSchema = z.object({
  phone: z.string().max(50).optional(),
  emergencyPhone: z.string().max(50).optional(),
  email: z.email().optional(),
  address: z.string().max(500).optional(),
  website: z.url().optional(),
});

export const postInput = z.object({
  slug: z.string().regex(/^[a-z0-9-]{2,80}$/, 'must be lowercase letters, digits and dashes'),
  name: z.string().min(2).max(200),
  kind: z.enum(['embassy', 'consulate']),
  countryCode: z.string().length(2),
  city: z.string().min(1).max(200),
  lat: latitude.optional(),
  lon: longitude.optional(),
  contacts: contactsSchema.default({}),
});
export type PostInput = z.output<typeof postInput>;

export const postStatusInput = z.object({
  status: z.enum(postStatuses),
  message: z.string().max(2000).default(''),
  doNotApproach: z.boolean().default(false),
  departurePosture: z.enum(departurePostures).default('none'),
  since: instant().optional(),
});
export type PostStatusInput = z.output<typeof postStatusInput>;

export const postView = z.object({
  id: z.string(), slug: z.string(), name: z.string(), kind: z.string(), countryCode: z.string(), city: z.string(),
  lat: z.number().nullable(), lon: z.number().nullable(), contacts: contactsSchema,
  status: z.enum(postStatuses), statusMessage: z.string(), statusSince: z.string(), doNotApproach: z.boolean(),
  departurePosture: z.enum(departurePostures), updatedAt: z.string(),
});
export type PostView = z.infer<typeof postView>;

export const postStatusChange = z.object({
  status: z.enum(postStatuses), statusMessage: z.string(), doNotApproach: z.boolean(), departurePosture: z.enum(departurePostures),
  since: z.string(), changedAt: z.string(),
});

export const postStatusRequestView = z.object({
  id: z.string(), slug: z.string(), status: z.enum(postStatuses), message: z.string(), doNotApproach: z.boolean(), departurePosture: z.enum(departurePostures),
  since: z.string().nullable(), state: z.enum(statusRequestStates),
  requestedBy: z.string().nullable(), requestedAt: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(),
});
export type PostStatusRequestView = z.infer<typeof postStatusRequestView>;
