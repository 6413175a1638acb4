import { z } from 'zod';

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
