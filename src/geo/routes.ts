import { z } from 'zod';
import { actorOf } from '../http/access.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { countryAt, getCountry, listCountries, searchPlaces, subdivisionAt, listSubdivisions } from './index.js';
import { latitude, longitude } from './coordinates.js';
import { notFound } from '../errors.js';
import { getCity, type City } from './gazetteer.js';
import { subdivisionOutline } from './outline.js';
import { createSite, listSites, siteInput } from './sites.js';
import { declareRoutes } from '../http/declare.js';

const countryListing = z.object({ code: z.string(), name: z.string(), centroid: z.object({ lat: z.number(), lon: z.number() }) });
const subdivisionView = z.object({ code: z.string(), countryCode: z.string(), name: z.string(), type: z.string() });
const placeView = z.object({ id: z.number(), name: z.string(), countryCode: z.string(), subdivisionCode: z.string().nullable(), lat: z.number(), lon: z.number(), population: z.number() });
const outlineView = z.object({ code: z.string(), name: z.string(), towns: z.number().int().describe('Gazetteer towns the hull is drawn around'),
  ring: z.array(z.tuple([z.number(), z.number()])).describe('Closed ring of [lat, lon] points') });
const siteView = z.object({ id: z.string(), name: z.string(), aliases: z.array(z.string()), countryCode: z.string(), lat: z.number(), lon: z.number(), radiusKm: z.number() });

const presentPlace = (c: City) => ({ id: c.id, name: c.name, countryCode: c.countryCode, subdivisionCode: c.subdivisionCode ?? null, lat: c.lat, lon: c.lon, population: c.population });

export async function geoRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  const route = declareRoutes(app, 'geo');
  route.get('/api/geo/countries', { access: 'public', etag: true }, { summary: 'Every country: ISO code, name and centroid', response: { 200: z.object({ items: z.array(countryListing) }) } },
    async () => ({
    items: listCountries().map((c) => ({ code: c.code, name: c.name, centroid: c.centroid })),
  }));

  route.get('/api/geo/countries/:cc/subdivisions', { access: 'public', etag: true }, {
    summary: 'ISO 3166-2 subdivisions of a country',
    params: z.object({ cc: z.string().length(2) }),
    response: { 200: z.object({ items: z.array(subdivisionView) }) },
  }, async (request) => ({ items: listSubdivisions(request.params.cc.toUpperCase()) }));

  route.get('/api/geo/places', 'public', {
    summary: 'Find cities by name or alternate name (case- and accent-insensitive)',
    querystring: z.object({ q: z.string().min(1).max(200), country: z.string().length(2).optional(), limit: z.coerce.number().int().min(1).max(50).default(10) }),
    response: { 200: z.object({ items: z.array(placeView) }) },
  }, async (request) => ({
    items: searchPlaces(request.query.q, { countryCode: request.query.country?.toUpperCase(), limit: request.query.limit })
      .map(presentPlace),
  }));

  route.get('/api/geo/subdivisions/:code/outline', { access: 'public', etag: true }, {
    summary: 'An outline of a subdivision for a map: the hull of its gazetteer towns (not a border)',
    params: z.object({ code: z.string().min(3).max(10) }),
    response: { 200: outlineView },
  }, async (request) => {
    const outline = subdivisionOutline(request.params.code);
    if (!outline) throw notFound(`subdivision ${request.params.code} (or any town of it)`);
    return outline;
  });

  route.get('/api/geo/places/:id', { access: 'public', etag: true }, {
    summary: 'One city of the gazetteer by its GeoNames id',
    params: z.object({ id: z.coerce.number().int().positive() }),
    response: { 200: placeView },
  }, async (request) => {
    const city = getCity(request.params.id);
    if (!city) throw notFound(`city ${request.params.id}`);
    return presentPlace(city);
  });

  route.get('/api/geo/locate', 'public', {
    summary: 'Point to country (and subdivision where the data allows)',
    querystring: z.object({ lat: z.coerce.number().pipe(latitude), lon: z.coerce.number().pipe(longitude) }),
    response: { 200: z.object({ countryCode: z.string().nullable(), countryName: z.string().nullable(), subdivisionCode: z.string().nullable() }) },
  }, async (request) => {
    const code = countryAt(request.query.lat, request.query.lon) ?? null;
    return { countryCode: code, countryName: code ? getCountry(code)?.name ?? null : null, subdivisionCode: subdivisionAt(request.query.lat, request.query.lon) ?? null };
  });

  route.get('/api/sites', 'public', { summary: 'Named sites (airports, compounds) usable as areas', response: { 200: z.object({ items: z.array(siteView) }) } },
    async () => ({ items: await listSites(db) }));

  route.post('/api/sites', 'editor', { summary: 'Add a named site', body: siteInput, response: { 201: siteView } },
    async (request, reply) => reply.code(201).send(await createSite(db, actorOf(request), request.body)));
}
