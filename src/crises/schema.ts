import { z } from 'zod';
import { alertInput, cancelInput } from '../alerts/schema.js';
import { escalationInput } from '../checkins/schema.js';
import { boardStatuses } from '../vocabulary.js';
import { areaSchema, areaView } from '../geo/area.js';
import { dayOrInstant } from '../time.js';

export const crisisStates = ['open', 'closed'] as const;
export type CrisisState = (typeof crisisStates)[number];

/** Open a crisis from scratch (name, area, window) or from an intake incident (its title, countries and first day as defaults). */
export const openCrisisInput = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  area: areaSchema.optional(),
  startsAt: dayOrInstant().optional(),
  endsAt: dayOrInstant().optional(),
  incidentId: z.uuid().optional(),
  /** Alerts already published for this crisis (e.g. the first security alert). */
  alertIds: z.array(z.uuid()).max(50).default([]),
});
export type OpenCrisisInput = z.output<typeof openCrisisInput>;

export const linkInput = z.object({
  alertIds: z.array(z.uuid()).max(50).default([]),
  incidentIds: z.array(z.uuid()).max(50).default([]),
  note: z.string().trim().min(1).max(1000).optional(),
});
export type LinkInput = z.output<typeof linkInput>;

/** An Update of the crisis's current alert: its content (the room prefills it from the last alert). */
export const crisisUpdateInput = alertInput;
export const crisisCancelInput = cancelInput;

export const helpHandledInput = z.object({ note: z.string().trim().min(1, 'say what was done').max(1000) });

export const closeInput = z.object({
  /** What to do with deliveries still queued: let them finish, or cancel them. Required when any are queued. */
  queuedDeliveries: z.enum(['finish', 'cancel']).optional(),
});

export const crisisPolicyInput = escalationInput;

export const peopleQuery = z.object({
  list: z.enum(['need_help', 'no_answer', 'unreachable', 'all', ...boardStatuses]).default('all'),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PeopleQuery = z.output<typeof peopleQuery>;

export const crisisView = z.object({
  id: z.string(), name: z.string(), area: areaView, areaDescription: z.string(),
  startsAt: z.string(), endsAt: z.string().nullable(), state: z.enum(crisisStates), version: z.number(),
  incidentId: z.string().nullable(), openedBy: z.string().nullable(), openedAt: z.string(),
  closedAt: z.string().nullable(), closedDeliveries: z.string().nullable(),
  policy: z.object({ afterMinutes: z.number(), maxRounds: z.number(), isDefault: z.boolean() }),
  alerts: z.array(z.object({ id: z.string(), msgType: z.string(), state: z.string(), headline: z.string(), publishedAt: z.string().nullable(), recipientCount: z.number().nullable(), references: z.string().nullable() })),
  currentAlertId: z.string().nullable(),
  incidentIds: z.array(z.string()),
});
export type CrisisView = z.infer<typeof crisisView>;

export const departureRequestInput = z.object({
  partySize: z.coerce.number({ error: 'partySize must be a number' }).int('partySize must be a whole number').min(1, 'partySize must be between 1 and 50').max(50, 'partySize must be between 1 and 50'),
  phone: z.string().trim().min(3, 'give a phone number').max(50).regex(/^[+0-9 ()-]+$/, 'digits, spaces, + ( ) - only'),
  note: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(1000).optional()),
});
export type DepartureRequestInput = z.output<typeof departureRequestInput>;

export const departureInput = z.object({
  kind: z.enum(['flight', 'bus', 'convoy']),
  label: z.string().trim().min(1).max(200),
  capacity: z.number().int().min(1).max(10_000),
  departsAt: dayOrInstant(),
  assemblyPoint: z.string().trim().min(1).max(500),
});
export type DepartureInput = z.output<typeof departureInput>;

export const assignInput = z.object({ requestIds: z.array(z.uuid()).min(1).max(1000) });

/** What the crisis room's routes present (people.ts, person.ts, departures.ts, timeline.ts, traveller.ts). */
/** How many people have each board status: every status named, so the document says exactly which keys come. */
const statusCounts = z.object({
  need_help: z.number().int(), unreachable: z.number().int(), no_answer: z.number().int(), departed: z.number().int(), safe: z.number().int(),
}) satisfies z.ZodType<Record<(typeof boardStatuses)[number], number>>;
export const crisisBoardView = z.object({ total: z.number().int(), counts: statusCounts, helpOpen: z.number().int() });
export const clusterView = z.object({ city: z.string(), lat: z.number().nullable(), lon: z.number().nullable(), total: z.number().int(), counts: statusCounts });
export const timelineItemView = z.object({ at: z.string(), kind: z.enum(['source', 'incident', 'advisory', 'post_status', 'alert', 'answer', 'escalation', 'event']), summary: z.string(), ref: z.string().nullable() });
export const crisisPersonView = z.object({
  travellerId: z.string(), name: z.string(), organisation: z.string().nullable(), city: z.string().nullable(), status: z.enum(boardStatuses), helpOpen: z.boolean(),
  joinedAt: z.string(), answeredAt: z.string().nullable(), answeredBy: z.string().nullable(), message: z.string().nullable(), place: z.string().nullable(),
  deliveries: z.array(z.object({ channel: z.string(), state: z.string(), error: z.string().nullable(), at: z.string() })),
});
const helpHandlingView = z.object({ note: z.string(), by: z.string().nullable(), at: z.string() });
export const personDetailView = z.object({
  travellerId: z.string(), status: z.enum(boardStatuses), helpOpen: z.boolean(),
  history: z.array(z.object({ historyId: z.number().int(), alertId: z.string(), answer: z.string(), message: z.string().nullable(), place: z.string().nullable(), channel: z.string(), answeredAt: z.string() })),
  handled: z.array(helpHandlingView.extend({ upTo: z.number() })),
});
export const helpHandledView = z.object({ crisis: crisisView, handled: z.array(helpHandlingView.extend({ upTo: z.number() })) });
export const departureRequestView = z.object({
  id: z.string(), travellerId: z.string(), name: z.string(), city: z.string().nullable(), partySize: z.number().int(), phone: z.string(), note: z.string().nullable(),
  createdAt: z.string(), departureId: z.string().nullable(), departureLabel: z.string().nullable(),
});
export const departureView = z.object({
  id: z.string(), kind: z.string(), label: z.string(), capacity: z.number().int(), departsAt: z.string(), assemblyPoint: z.string(), seatsTaken: z.number().int(), requests: z.number().int(),
  noticeAlertId: z.string().nullable(), createdAt: z.string(),
});
export const myCrisisView = z.object({
  id: z.string(), name: z.string(), state: z.string(), headline: z.string(), instruction: z.string(), status: z.string().nullable(), helpOpen: z.boolean(), emergencyPhone: z.string().nullable(),
});
