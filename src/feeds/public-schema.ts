/** What the public routes present (public-service.ts, alert-geojson.ts), for the OpenAPI document and the response serializer. */
import { z } from 'zod';
import { advisoryView, exceptionView } from '../advisories/schema.js';
import { postView } from '../posts/schema.js';

const links = z.object({ page: z.string(), cap: z.string() });
export const publicAdvisorySummary = z.object({
  countryCode: z.string(), countryName: z.string(), level: z.number().int(), levelLabel: z.string(),
  indicators: z.array(z.object({ code: z.string(), name: z.string() })), title: z.string(), summary: z.string(), version: z.number().int(), updated: z.string().nullable(),
  links: links.extend({ atom: z.string(), rss: z.string() }),
});
export const publicAdvisoryDetail = publicAdvisorySummary.extend({
  body: z.string(), exceptions: z.array(exceptionView),
  history: z.array(advisoryView.pick({ version: true, level: true, levelLabel: true, indicators: true, title: true, summary: true, publishedAt: true, supersededAt: true }).extend({ cap: z.string() })),
  posts: z.array(postView.pick({ slug: true, name: true, kind: true, city: true, lat: true, lon: true, contacts: true, status: true, statusMessage: true, statusSince: true, doNotApproach: true, departurePosture: true })),
});
export const publicAlert = z.object({
  id: z.string(), kind: z.string(), kindLabel: z.string(), msgType: z.enum(['Alert', 'Update', 'Cancel']), state: z.string(), status: z.string(),
  headline: z.string(), event: z.string(), areaDescription: z.string(), countries: z.array(z.string()), languages: z.array(z.string()),
  effective: z.string(), expires: z.string().nullable(), publishedAt: z.string(), references: z.string().nullable(), links,
});

/** GeoJSON (RFC 7946) of alert areas: circles as 64-point polygons, centre and radius kept in the properties. */
const position = z.array(z.number()).min(2);
const geometry = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]).nullable().describe('null for a subdivision (no shape data)');
export const areaFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({
    type: z.literal('Feature'), geometry,
    properties: z.object({
      alertId: z.string(), shape: z.enum(['country', 'subdivision', 'circle', 'polygon']), label: z.string(), code: z.string().optional(),
      center: z.array(z.number()).optional(), radiusKm: z.number().optional(),
      headline: z.string().optional(), msgType: z.string().optional(), state: z.string().optional(), page: z.string().optional(),
    }),
  })),
});
