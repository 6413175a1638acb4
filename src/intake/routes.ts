import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { WardenError } from '../errors.js';
import { actorOf } from '../http/access.js';
import { declareRoutes } from '../http/declare.js';
import type { AppContext } from '../context.js';
import type { ZodApp } from '../zod-app.js';
import { problem, sendProblem } from '../http/problem.js';
import { DEFAULT_MAX_BYTES, type DocumentFormat } from './text/documents.js';
import { CapImportError, fetchCap, importCap, type CapImportOptions } from './cap-import.js';
import { capImportResultView, capUrlBody, incidentDetailView, incidentListView, incidentSuggestionView, ingestBody, ingestResultView, listQuery, reviewBody } from './schema.js';
import { getIncident, listIncidents } from './incidents.js';
import { reviewIncident } from './incident-review.js';
import { suggestionFor } from './incident-suggestion.js';
import { ingest, IntakeInputError, type IngestOptions } from './ingest.js';

const idParams = z.object({ id: z.uuid() });
/** Room for a 5 MB document in a JSON string (escapes) before the service's own size check answers 413. */
const bodyLimit = DEFAULT_MAX_BYTES * 2;

/** A refused document → RFC 9457: 413 for over-size, 422 for the rest, naming the field and the reason. */
function sendInputProblem(reply: FastifyReply, error: IntakeInputError): FastifyReply {
  const errors = [{ field: error.field, message: error.reason }];
  return sendProblem(reply, error.status === 413
    ? problem('payload-too-large', 413, error.message, errors)
    : { ...problem('validation', 422, error.message, errors), code: error.code } as ReturnType<typeof problem>);
}

function firstIssue(error: z.ZodError): WardenError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  return new WardenError('validation', `${field}: ${issue.message}`, [{ field, message: issue.message }]);
}

/** The intake domain's HTTP routes. Every route declares config.access. */
export async function intakeRoutes(app: ZodApp, { db }: AppContext): Promise<void> {
  // Encapsulated: the raw-body parsers below apply to these routes only.
  await app.register(async (scope: ZodApp) => {
    const route = declareRoutes(scope, 'intake');
    scope.removeContentTypeParser(['text/plain']);
    scope.addContentTypeParser(['text/plain', 'text/html', 'application/octet-stream', 'application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/cap+xml', 'application/x-ndjson'],
      { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

    route.post('/api/intake', { access: 'editor', bodyLimit }, {
      summary: 'Ingest news or statements: JSON {text|html|feed|jsonl, url?, format?} or a raw text/HTML/feed body',
        description: 'Stores each document once, extracts places, actors and events, and groups documents into incidents. 413 over 5 MB.',
        response: { 201: ingestResultView },
      }, async (request, reply) => {
      let input: string | Uint8Array;
      let opts: IngestOptions;
      if (Buffer.isBuffer(request.body)) {
        const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const format: DocumentFormat | undefined = type === 'text/html' ? 'html' : /xml/.test(type) ? 'feed' : type === 'application/x-ndjson' ? 'jsonl' : undefined;
        input = new Uint8Array(request.body);
        opts = { field: 'body', ...(format ? { format } : {}) };
      } else {
        const parsed = ingestBody.safeParse(request.body ?? {});
        if (!parsed.success) throw firstIssue(parsed.error);
        const b = parsed.data;
        const key = (['text', 'html', 'feed', 'jsonl'] as const).find((k) => b[k] !== undefined)!;
        input = b[key]!;
        const format: DocumentFormat = b.format ?? key;
        opts = { field: key, format, ...(b.url ? { url: b.url } : {}) };
      }
      try {
        return reply.code(201).send(await ingest(db, actorOf(request), input, opts));
      } catch (error) {
        if (error instanceof IntakeInputError) return sendInputProblem(reply, error);
        throw error;
      }
    });

    route.post('/api/intake/cap', { access: 'editor', bodyLimit }, {
      summary: 'Import CAP 1.2 alerts from other agencies: a raw application/cap+xml or application/xml body (one alert or an Atom/RSS feed of them), or JSON {url}',
        description: 'Each alert becomes an intake document grouped into an incident for review; the same (sender, identifier) is stored once; '
          + 'an Update/Cancel joins the incident of the alert it references. An invalid document is refused with 422 and the list of what is wrong; nothing is written.',
        response: { 201: capImportResultView },
      }, async (request, reply) => {
      let input: Uint8Array;
      let opts: CapImportOptions;
      if (Buffer.isBuffer(request.body)) {
        input = new Uint8Array(request.body);
        opts = { field: 'body' };
      } else {
        const parsed = capUrlBody.safeParse(request.body ?? {});
        if (!parsed.success) throw firstIssue(parsed.error);
        const { url } = parsed.data;
        try {
          input = await fetchCap(url);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return sendProblem(reply, problem('validation', 422, `url: ${message}`, [{ field: 'url', message }]));
        }
        opts = { field: 'url', url, fetchLinked: fetchCap };
      }
      try {
        return reply.code(201).send(await importCap(db, actorOf(request), input, opts));
      } catch (error) {
        if (error instanceof CapImportError) {
          const errors = error.errors.map((message) => ({ field: error.field, message }));
          return sendProblem(reply, { ...problem('validation', 422, error.message, errors), code: 'invalid_cap' } as ReturnType<typeof problem>);
        }
        throw error;
      }
    });

    route.get('/api/incidents', 'viewer', { summary: 'Incidents found by intake, newest first', querystring: listQuery, response: { 200: incidentListView } },
      async (request) => listIncidents(db, request.query));

    route.get('/api/incidents/:id', 'viewer', { summary: 'An incident with its sources, places, actors, events and timeline', params: idParams,
        response: { 200: incidentDetailView } },
      async (request) => getIncident(db, request.params.id));

    route.post('/api/incidents/:id/review', 'editor', { summary: 'Mark an incident reviewed, dismissed or linked to an alert', params: idParams, body: reviewBody,
        response: { 200: incidentDetailView } },
      async (request) => reviewIncident(db, actorOf(request), request.params.id, request.body));

    route.get('/api/incidents/:id/suggestion', 'editor', { summary: 'A draft alert and advisory level suggestion for an incident (never sent)', params: idParams,
        response: { 200: incidentSuggestionView } },
      async (request) => suggestionFor(db, request.params.id));
  });
}
