import { z } from 'zod';
import { alertKinds } from '../vocabulary.js';
import { eventTypes, hazards } from './text/events.js';

export const documentFormat = z.enum(['text', 'html', 'feed', 'jsonl']);

/** POST /api/intake as JSON: exactly one of text, html, feed, jsonl. */
export const ingestBody = z.object({
  text: z.string().optional(),
  html: z.string().optional(),
  feed: z.string().optional(),
  jsonl: z.string().optional(),
  url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  format: documentFormat.optional(),
}).strict().superRefine((b, ctx) => {
  const given = (['text', 'html', 'feed', 'jsonl'] as const).filter((k) => b[k] !== undefined);
  if (given.length === 0) ctx.addIssue({ code: 'custom', path: ['text'], message: 'one of text, html, feed or jsonl is required' });
  if (given.length > 1) ctx.addIssue({ code: 'custom', path: [given[1]!], message: `give one of text, html, feed or jsonl, not ${given.join(' and ')}` });
});
export type IngestBody = z.infer<typeof ingestBody>;

export const incidentStatus = z.enum(['new', 'reviewed', 'dismissed', 'linked']);

export const listQuery = z.object({
  status: incidentStatus.optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const reviewBody = z.object({
  status: incidentStatus,
  alertId: z.uuid().optional(),
  note: z.string().max(2000).optional(),
}).strict();

/** POST /api/intake/cap with a JSON body: the http(s) address of a CAP alert or feed. */
export const capUrlBody = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
}).strict();

/** What the intake routes present (incidents.ts, ingest.ts, cap-import.ts, incident-suggestion.ts). */
export const incidentSummaryView = z.object({
  id: z.string(), status: z.enum(['new', 'reviewed', 'dismissed', 'linked']), linkedAlertId: z.string().nullable(), title: z.string(),
  firstSeen: z.string(), lastSeen: z.string(), eventTypes: z.array(z.string()), severity: z.number(), countryCodes: z.array(z.string()),
  documentCount: z.number().int(), createdAt: z.string(), updatedAt: z.string(),
});
const sourceView = z.object({
  id: z.string(), title: z.string().nullable(), url: z.string().nullable(), format: z.string(), publishedAt: z.string().nullable(), date: z.string().nullable(),
  duplicateOf: z.string().nullable(), similarity: z.number().nullable(), ingestedAt: z.string(),
});
const placeKind = z.enum(['country', 'subdivision', 'city', 'site', 'region']);
const placeView = z.object({
  name: z.string(), kind: placeKind, code: z.string(), countryCode: z.string(), lat: z.number(), lon: z.number(), confidence: z.number(),
  demonym: z.boolean(), approximate: z.boolean().optional(), radiusKm: z.number().optional(), surfaces: z.array(z.string()),
});
const actorView = z.object({
  id: z.string(), name: z.string(), kind: z.enum(['person', 'organization', 'group']), surfaceForms: z.array(z.string()),
  acronym: z.string().optional(), partOf: z.string().optional(), countryCode: z.string().optional(), titles: z.array(z.string()).optional(),
});
const eventView = z.object({
  type: z.enum(eventTypes), hazard: z.enum(hazards).optional(), label: z.string(), sentence: z.string(), sentences: z.array(z.string()), cue: z.string(),
  place: z.object({ name: z.string(), kind: placeKind, code: z.string(), countryCode: z.string(), lat: z.number(), lon: z.number() }).optional(),
  actors: z.array(z.string()), agent: z.string().optional(), target: z.string().optional(), diplomatic: z.boolean(), date: z.string().optional(),
  dateSource: z.enum(['text', 'publication', 'ingest']).optional(), documentIds: z.array(z.string()),
});
export const incidentDetailView = incidentSummaryView.extend({
  severityReasons: z.array(z.string()), notes: z.array(z.string()), reviewNote: z.string().nullable(), reviewedAt: z.string().nullable(),
  sources: z.array(sourceView), places: z.array(placeView), actors: z.array(actorView), events: z.array(eventView),
  timeline: z.array(z.object({ date: z.string(), kind: z.enum(['event', 'source']), label: z.string(), type: z.enum(eventTypes).optional(), place: z.string().optional(), documentId: z.string().optional() })),
});
export const ingestResultView = z.object({
  documents: z.array(z.object({
    documentId: z.string(), incidentId: z.string(), outcome: z.enum(['new', 'duplicate', 'near_duplicate']), title: z.string().nullable(), date: z.string().nullable(),
    duplicateOf: z.string().optional(), similarity: z.number().optional(),
  })),
  incidents: z.array(incidentSummaryView.extend({ change: z.enum(['created', 'updated']) })),
});
export const capImportResultView = ingestResultView.extend({ skipped: z.array(z.object({ entry: z.string(), reason: z.string() })) });
export const incidentListView = z.object({ items: z.array(incidentSummaryView), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
const confidenceView = z.object({ score: z.number(), level: z.enum(['high', 'medium', 'low']), reasons: z.array(z.string()) });
/** A drafted alert (draft-alert.ts): a suggestion for the composer, never sent. */
const alertSuggestionView = z.object({
  draft: z.literal(true), kind: z.enum(alertKinds), headline: z.string(), description: z.string(), instruction: z.string(),
  instructions: z.record(z.enum(['en', 'fr', 'es', 'ar']), z.string()), countryCodes: z.array(z.string()), areaDescription: z.string(),
  cap: z.object({
    urgency: z.enum(['Immediate', 'Expected', 'Future', 'Past', 'Unknown']), severity: z.enum(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown']),
    certainty: z.enum(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown']), category: z.enum(['Security', 'Safety', 'Health', 'Geo', 'Met', 'Fire', 'Transport', 'Other']), event: z.string(),
  }),
  evidence: z.array(z.object({ type: z.enum(eventTypes), sentence: z.string() })), confidence: confidenceView,
  suggestedAdvisoryLevel: z.object({ countryCode: z.string(), level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]), reasons: z.array(z.string()), evidence: z.array(z.string()), confidence: confidenceView }).optional(),
  advisoryNote: z.string().optional(),
  area: z.object({ description: z.string(), countryCodes: z.array(z.string()), circles: z.array(z.object({ name: z.string(), lat: z.number(), lon: z.number(), radiusKm: z.number() })) }),
});
export const incidentSuggestionView = z.object({
  incidentId: z.string(), alert: alertSuggestionView,
  advisory: z.object({ countryCode: z.string(), currentLevel: z.number().nullable(), suggestedLevel: z.number(), change: z.boolean(), reasons: z.array(z.string()) }).nullable(),
  notice: z.string(),
});
