import { z } from 'zod';
import { instant } from '../time.js';
import { areaSchema, areaView } from '../geo/area.js';
import { alertKinds, alertStates, languages as supportedLanguages, type AlertState } from '../vocabulary.js';

// Re-exported: the alert routes and CLI name the states through the alerts' schema.
export { alertStates, type AlertState };
export const msgTypes = ['Alert', 'Update', 'Cancel'] as const;
export const capStatuses = ['Actual', 'Exercise', 'Test'] as const;
export const capScopes = ['Public', 'Restricted', 'Private'] as const;
export const capCategories = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const capUrgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const capSeverities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const capCertainties = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type MsgType = (typeof msgTypes)[number];

const dateTime = instant();

/** One CAP <info> block: the text of the alert in one language. */
export const infoSchema = z.object({
  language: z.enum(supportedLanguages, { error: `must be one of ${supportedLanguages.join(', ')}` }),
  /** CAP <event>: what kind of thing happened ("Armed clashes"). */
  event: z.string().trim().min(1).max(200),
  headline: z.string().trim().min(1).max(160),
  /** What happened; blank lines separate paragraphs. */
  description: z.string().trim().min(1).max(10_000),
  /** What to do, one action per line. */
  instruction: z.string().trim().min(1).max(5_000),
});
export type InfoInput = z.output<typeof infoSchema>;

const contactCard = z.object({
  name: z.string().min(1).max(200),
  phone: z.string().max(50).optional(),
  email: z.string().max(200).optional(),
  website: z.string().max(500).optional(),
  address: z.string().max(500).optional(),
});

/** The "Assistance" section of an alert's messages: contact cards, then free notes. */
/** The "Assistance" section as stored (the input with its defaults applied). */
export const assistanceView = z.object({
  contacts: z.array(z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional(), website: z.string().optional(), address: z.string().optional() })),
  notes: z.array(z.string()),
});
export const assistanceInput = z.object({ contacts: z.array(contactCard).max(10).default([]), notes: z.array(z.string().max(500)).max(10).default([]) });

/**
 * CAP <info> fields beyond urgency, severity, certainty, effective and expires, the same in every
 * language. (<web> is always the alert's public page; <senderName> is `sender`.)
 */
export const capInfoSchema = z.object({
  /** When the hazard is expected to begin (CAP <onset>). */
  onset: dateTime.optional(),
  /** Who to contact for follow-up (CAP <contact>): free text, e.g. an emergency number. */
  contact: z.string().trim().min(1).max(500).optional(),
}).strict();
export type CapInfo = z.output<typeof capInfoSchema>;

/** The content of an alert (also of an Update); the first info block is the default language. */
export const alertInput = z.object({
  kind: z.enum(alertKinds),
  status: z.enum(capStatuses).default('Actual'),
  scope: z.enum(capScopes).default('Public'),
  categories: z.array(z.enum(capCategories)).min(1).max(12).default(['Safety']),
  urgency: z.enum(capUrgencies).default('Immediate'),
  severity: z.enum(capSeverities).default('Severe'),
  certainty: z.enum(capCertainties).default('Observed'),
  sender: z.string().trim().min(1).max(200),
  effective: dateTime.optional(),
  expires: dateTime.optional(),
  capInfo: capInfoSchema.optional(),
  area: areaSchema,
  infos: z.array(infoSchema).min(1, 'at least one info block').max(13),
  assistance: assistanceInput.default({ contacts: [], notes: [] }),
  asksCheckin: z.boolean().default(true),
});
export type AlertInput = z.output<typeof alertInput>;

/** A Cancel carries only a short note per language; area and recipients are the original's. */
export const cancelInput = z.object({
  infos: z.array(infoSchema.partial({ event: true, instruction: true })).min(1).max(13).optional(),
});
export type CancelInput = z.output<typeof cancelInput>;

const counts = z.record(z.string(), z.number());

export const alertView = z.object({
  id: z.string(),
  kind: z.enum(alertKinds),
  msgType: z.enum(msgTypes),
  status: z.enum(capStatuses),
  scope: z.enum(capScopes),
  categories: z.array(z.string()),
  urgency: z.string(),
  severity: z.string(),
  certainty: z.string(),
  sender: z.string(),
  effective: z.string(),
  expires: z.string().nullable(),
  area: areaView,
  areaDescription: z.string(),
  infos: z.array(infoSchema),
  assistance: assistanceView,
  asksCheckin: z.boolean(),
  references: z.string().nullable(),
  capInfo: capInfoSchema,
  state: z.enum(alertStates),
  /** The last rejection (set when an approver sent it back to draft); null when never rejected. */
  rejection: z.object({ reason: z.string(), by: z.string().nullable(), at: z.string() }).nullable(),
  withdrawnAt: z.string().nullable(),
  recipientCount: z.number().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertView>;

export const dryRunView = z.object({
  people: z.number(),
  byChannel: counts,
  deliveries: z.number(),
  unreachable: z.number(),
  areaDescription: z.string(),
  /** True when publishing needs a second operator (two-person rule). */
  needsSecondApprover: z.boolean(),
  summary: z.string(),
});
export type DryRunView = z.infer<typeof dryRunView>;

const stateCounts = z.object({ queued: z.number(), sending: z.number(), sent: z.number(), failed: z.number(), bounced: z.number() });
export const progressView = z.object({
  alertId: z.string(),
  state: z.enum(alertStates),
  recipients: z.number(),
  total: z.number(),
  byState: stateCounts,
  byChannel: z.record(z.string(), stateCounts),
  done: z.boolean(),
  /** Deliveries finished per second over the last 30 s. */
  ratePerSec: z.number(),
  etaSeconds: z.number().nullable(),
  publishedAt: z.string().nullable(),
  lastSentAt: z.string().nullable(),
});
export type ProgressView = z.infer<typeof progressView>;

/** Sending a submitted alert back to its author. */
export const rejectInput = z.object({ reason: z.string().trim().min(1, 'say why, for the author').max(1000) }).strict();

/** The author taking back a draft or a submitted alert. */
export const withdrawInput = z.object({ reason: z.string().trim().max(1000).optional() }).strict();

/** A saved starting point for an alert of one kind. */
export const templateInput = z.object({
  kind: z.enum(alertKinds),
  name: z.string().trim().min(1).max(120),
  urgency: z.enum(capUrgencies).default('Immediate'),
  severity: z.enum(capSeverities).default('Severe'),
  certainty: z.enum(capCertainties).default('Observed'),
  infos: z.array(infoSchema).min(1, 'at least one info block').max(13),
}).strict();
export type TemplateInput = z.output<typeof templateInput>;
export const templateView = templateInput.extend({ id: z.string(), createdBy: z.string().nullable(), updatedAt: z.string() });
export type TemplateView = z.infer<typeof templateView>;

const smsPreview = z.object({ text: z.string(), characters: z.number(), encoding: z.enum(['GSM-7', 'UCS-2']), units: z.number(), segments: z.number() });
/** The messages exactly as the worker would render them, per info block (language). */
export const previewView = z.object({
  items: z.array(z.object({
    language: z.string(),
    email: z.object({ subject: z.string(), text: z.string(), html: z.string() }),
    sms: smsPreview,
  })),
  /** Stands in for each recipient's own check-in link, at the same length. */
  linkPlaceholder: z.string(),
});
export type PreviewView = z.infer<typeof previewView>;
