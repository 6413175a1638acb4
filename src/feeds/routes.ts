import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { areaFeatureCollection, publicAdvisoryDetail, publicAdvisorySummary, publicAlert } from './public-schema.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { declareRoutes } from '../http/declare.js';
import { requireCountry } from '../advisories/service.js';
import { capSiteOf } from './advisory-cap.js';
import { advisoryCapDocument } from './advisory-feed-service.js';
import { alertCapDocument } from './alert-cap.js';
import { alertAreaGeoJson, alertAreasGeoJson, GEOJSON_MEDIA_TYPE } from './alert-geojson.js';
import { CAP_MEDIA_TYPE } from './cap-feed-reader.js';
import { conditionalGet } from './conditional-get.js';
import { buildFeed, publicAdvisories, publicAdvisory, publicAlerts } from './public-service.js';
import { confirmSubscription, subscribe, unsubscribe } from './subscriptions.js';

const PUBLIC_CACHE = 'public, max-age=60';

const ccXml = z.object({ file: z.string().regex(/^[A-Za-z]{2}\.xml$/, 'must be <country code>.xml') });
const versionXml = z.object({ cc: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'), file: z.string().regex(/^[1-9]\d{0,8}\.xml$/, 'must be <version>.xml') });
const alertXml = z.object({ file: z.string().regex(/^[0-9a-fA-F-]{36}\.xml$/, 'must be <alert id>.xml') });
const feedFile = z.object({ file: z.enum(['advisories.atom', 'advisories.rss', 'alerts.atom', 'alerts.rss']) });
const countryFeedFile = z.object({ file: z.string().regex(/^[A-Za-z]{2}\.(atom|rss)$/, 'must be <country code>.atom or .rss') });
const ccParams = z.object({ cc: z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code') });
const tokenQuery = z.object({ token: z.string().min(1, 'is required').max(200) });
const subscribeBody = z.object({
  email: z.email('must be an e-mail address').max(254),
  countries: z.array(z.string().regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')).min(1, 'choose at least one country').max(250),
});

/**
 * Sends a public XML document with ETag (strong, from the body) and Last-Modified,
 * answering If-None-Match / If-Modified-Since with 304 through conditionalGet.
 */
function sendConditional(request: FastifyRequest, reply: FastifyReply, body: string, contentType: string, lastModified?: Date) {
  const etag = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const { status, headers } = conditionalGet(request.headers, { etag, ...(lastModified ? { lastModified } : {}) });
  reply.headers(headers).header('cache-control', PUBLIC_CACHE).header('vary', 'Accept-Encoding');
  if (status === 304) return reply.code(304).send();
  return reply.code(200).type(contentType).send(body);
}

const notModified = z.null().describe('Not modified since If-None-Match / If-Modified-Since (no body)');
const capResponse = { 200: { description: 'CAP 1.2 XML (OASIS schema)', content: { 'application/cap+xml': { schema: z.string() } } }, 304: notModified };
const feedResponse = { 200: { description: 'Atom 1.0 (.atom) or RSS 2.0 (.rss)', content: { 'application/atom+xml': { schema: z.string() }, 'application/rss+xml': { schema: z.string() } } }, 304: notModified };
const geoJsonResponse = { 200: { description: 'GeoJSON (RFC 7946)', content: { [GEOJSON_MEDIA_TYPE]: { schema: areaFeatureCollection } } } };
const subscriptionStatus = (status: string) => z.object({ status: z.literal(status) });

/** The feeds domain's HTTP routes: CAP documents, Atom/RSS feeds, public JSON and subscriptions. */
export async function feedRoutes(app: ZodApp, { db, config }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'public');
  const site = capSiteOf(config.publicUrl, config.cap);
  const capType = `${CAP_MEDIA_TYPE}; charset=utf-8`;

  route.get('/cap/advisories/:file', 'public', { summary: "CAP 1.2 document of a country's current advisory (e.g. IQ.xml)", params: ccXml, response: capResponse }, async (request, reply) => {
    const doc = await advisoryCapDocument(db, site, request.params.file.slice(0, 2));
    return sendConditional(request, reply, doc.xml, capType, doc.lastModified);
  });

  route.get('/cap/advisories/:cc/:file', 'public', { summary: 'CAP 1.2 document of one published advisory version (e.g. IQ/3.xml)', params: versionXml, response: capResponse }, async (request, reply) => {
    const doc = await advisoryCapDocument(db, site, request.params.cc, Number(request.params.file.slice(0, -4)));
    return sendConditional(request, reply, doc.xml, capType, doc.lastModified);
  });

  route.get('/cap/alerts/:file', 'public', { summary: 'CAP 1.2 document of a published public alert (<id>.xml)', params: alertXml, response: capResponse }, async (request, reply) => {
    const doc = await alertCapDocument(db, site, request.params.file.slice(0, -4).toLowerCase());
    return sendConditional(request, reply, doc.xml, capType, doc.lastModified);
  });

  route.get('/feeds/:file', 'public', { summary: 'Atom (CAP-feeds shape) or RSS 2.0 feed of all advisories or all alerts', params: feedFile, response: feedResponse }, async (request, reply) => {
    const [kind, format] = request.params.file.split('.') as ['advisories' | 'alerts', 'atom' | 'rss'];
    const feed = await buildFeed(db, site, kind, format);
    return sendConditional(request, reply, feed.body, feed.contentType, feed.lastModified);
  });

  route.get('/feeds/countries/:file', 'public', { summary: "Atom or RSS feed of one country's advisory versions and alerts (e.g. IQ.atom)", params: countryFeedFile, response: feedResponse }, async (request, reply) => {
    const [cc, format] = request.params.file.split('.') as [string, 'atom' | 'rss'];
    const feed = await buildFeed(db, site, 'country', format, requireCountry(cc, 'cc'));
    return sendConditional(request, reply, feed.body, feed.contentType, feed.lastModified);
  });

  route.get('/api/public/advisories', { access: 'public', etag: true }, {
    summary: 'Current advisory of every country with one: level, label, indicators, updated, links',
    response: { 200: z.object({ items: z.array(publicAdvisorySummary) }) },
  }, async () => publicAdvisories(db, site));

  route.get('/api/public/advisories/:cc', { access: 'public', etag: true }, {
    summary: "A country's current advisory with its published history and its posts",
    params: ccParams,
    response: { 200: publicAdvisoryDetail },
  }, async (request) => publicAdvisory(db, site, requireCountry(request.params.cc, 'cc')));

  route.get('/api/public/alerts', { access: 'public', etag: true }, {
    summary: 'Published public alerts (never recipients)',
    querystring: z.object({ country: z.string().regex(/^[A-Za-z]{2}$/).optional() }),
    response: { 200: z.object({ items: z.array(publicAlert) }) },
  }, async (request) => publicAlerts(db, site, request.query.country ? requireCountry(request.query.country, 'country') : undefined));

  route.get('/api/public/alerts.geojson', { access: 'public', etag: true }, {
    summary: "GeoJSON of every published public alert's area (one Feature per shape)",
    querystring: z.object({ country: z.string().regex(/^[A-Za-z]{2}$/).optional() }),
    response: geoJsonResponse,
  }, async (request, reply) => reply.type(GEOJSON_MEDIA_TYPE).send(
    await alertAreasGeoJson(db, site, request.query.country ? requireCountry(request.query.country, 'country') : undefined)));

  route.get('/api/public/alerts/:id/area.geojson', { access: 'public', etag: true }, {
    summary: "GeoJSON of one published public alert's area",
    params: z.object({ id: z.uuid() }),
    response: geoJsonResponse,
  }, async (request, reply) => reply.type(GEOJSON_MEDIA_TYPE).send(await alertAreaGeoJson(db, site, request.params.id.toLowerCase())));

  route.post('/api/public/subscriptions', { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } }, {
    summary: 'Subscribe an e-mail address to countries (sends a confirmation link: double opt-in)',
    body: subscribeBody,
    response: { 202: subscriptionStatus('confirmation_sent').extend({ detail: z.string() }) },
  }, async (request, reply) => {
    await subscribe(db, site, request.body);
    return reply.code(202).send({ status: 'confirmation_sent', detail: 'Check your mailbox for a confirmation link.' });
  });

  route.get('/api/public/subscriptions/confirm', { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } }, {
    summary: 'Confirm a subscription (link from the confirmation mail; works once, expires)',
    querystring: tokenQuery,
    response: { 200: subscriptionStatus('confirmed').extend({ countries: z.array(z.string()) }) },
  }, async (request) => ({ status: 'confirmed', ...(await confirmSubscription(db, request.query.token)) }));

  const unsubscribed = async (token: string) => {
    await unsubscribe(db, config.secret, token);
    return { status: 'unsubscribed' as const };
  };
  route.get('/api/public/subscriptions/unsubscribe', { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } }, {
    summary: 'Unsubscribe (link from any mail)',
    querystring: tokenQuery,
    response: { 200: subscriptionStatus('unsubscribed') },
  }, async (request) => unsubscribed(request.query.token));
  route.post('/api/public/subscriptions/unsubscribe', { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } }, {
    summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post)',
    querystring: tokenQuery,
    response: { 200: subscriptionStatus('unsubscribed') },
  }, async (request) => unsubscribed(request.query.token));
}
