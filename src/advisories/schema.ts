import { z } from 'zod';
import { areaSchema, areaView } from '../geo/area.js';
import { advisoryStates } from '../vocabulary.js';

export const riskIndicators = ['C', 'T', 'U', 'H', 'N', 'E', 'K', 'D', 'O'] as const;
export const indicatorNames: Record<(typeof riskIndicators)[number], string> = {
  C: 'Crime', T: 'Terrorism', U: 'Civil unrest', H: 'Health', N: 'Natural disaster',
  E: 'Time-limited event', K: 'Kidnapping or hostage-taking', D: 'Wrongful detention', O: 'Other',
};
export const levelLabels: Record<1 | 2 | 3 | 4, string> = {
  1: 'Exercise normal precautions', 2: 'Exercise increased caution', 3: 'Reconsider travel', 4: 'Do not travel',
};

export const countryCode = z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').transform((s) => s.toUpperCase());

/** A regional exception: a stricter (or looser) level for a subdivision or a drawn area. */
export const exceptionSchema = z.object({
  level: z.number().int().min(1).max(4),
  subdivisionCode: z.string().regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, 'must be an ISO 3166-2 code').optional(),
  area: areaSchema.partial().optional(),
  note: z.string().min(1).max(2000),
}).refine((e) => e.subdivisionCode || e.area, { message: 'needs a subdivisionCode or an area', path: ['subdivisionCode'] });

/** A stored exception, as the API returns it. */
export const exceptionView = z.object({ level: z.number().int(), subdivisionCode: z.string().optional(), area: areaView.optional(), note: z.string() });

export type AdvisoryException = z.infer<typeof exceptionView>;

export const advisoryInput = z.object({
  level: z.number().int().min(1, 'must be 1 to 4').max(4, 'must be 1 to 4'),
  indicators: z.array(z.enum(riskIndicators)).max(9).default([]),
  title: z.string().min(1).max(300),
  summary: z.string().min(1).max(5000),
  body: z.string().max(50_000).default(''),
  exceptions: z.array(exceptionSchema).max(50).default([]),
});
export type AdvisoryInput = z.output<typeof advisoryInput>;

export const advisoryView = z.object({
  id: z.string(),
  countryCode: z.string(),
  countryName: z.string(),
  version: z.number(),
  level: z.number(),
  levelLabel: z.string(),
  indicators: z.array(z.string()),
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  exceptions: z.array(exceptionView),
  state: z.enum(advisoryStates),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
});
export type AdvisoryView = z.infer<typeof advisoryView>;
