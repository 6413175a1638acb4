import { readFile, stat } from 'node:fs/promises';
import { systemActor } from '../auth/roles.js';
import type { CommandGroup } from '../cli/context.js';
import { DEFAULT_MAX_BYTES, type DocumentFormat } from './documents.js';
import { documentFormat } from './schema.js';
import { ingest, IntakeInputError, type IngestResult } from './service.js';

/** Bounds on fetching a URL: the same size limit as the API, and a time limit. */
export const FETCH_LIMITS = { maxBytes: DEFAULT_MAX_BYTES, timeoutMs: 15_000 } as const;

/** Fetch an http(s) URL with a size and time bound; the body is read as bytes (the parser checks the encoding). */
export async function fetchBounded(url: string, limits: { maxBytes: number; timeoutMs: number } = FETCH_LIMITS): Promise<{ bytes: Uint8Array; format?: DocumentFormat }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs), redirect: 'follow', headers: { accept: 'text/html, application/rss+xml, application/atom+xml, text/plain;q=0.9, */*;q=0.1' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes) throw new Error(`${url}: ${(declared / 1048576).toFixed(1)} MB, over the ${(limits.maxBytes / 1048576).toFixed(1)} MB limit`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limits.maxBytes) {
      await reader.cancel();
      throw new Error(`${url}: over the ${(limits.maxBytes / 1048576).toFixed(1)} MB limit`);
    }
    chunks.push(value);
  }
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const format: DocumentFormat | undefined = type === 'text/html' ? 'html' : /(rss|atom)\+xml|^(application|text)\/xml$/.test(type) ? 'feed' : undefined;
  return { bytes: Buffer.concat(chunks), ...(format ? { format } : {}) };
}

function human(results: Array<{ source: string; result: IngestResult }>): string {
  const lines: string[] = [];
  for (const { source, result } of results) {
    for (const d of result.documents) {
      lines.push(`${source}: document ${d.documentId} ${d.outcome === 'new' ? 'stored' : d.outcome === 'duplicate' ? 'already stored' : `stored as a near-duplicate of ${d.duplicateOf}`} → incident ${d.incidentId}`);
    }
    for (const i of result.incidents) {
      lines.push(`  ${i.change} incident ${i.id}  [${i.status}] ${i.title}  ${i.firstSeen}…${i.lastSeen}  severity ${i.severity}  ${i.countryCodes.join(',')}  (${i.documentCount} source${i.documentCount === 1 ? '' : 's'})`);
    }
  }
  return lines.join('\n');
}

/** The intake domain's `warden` commands. */
export const intakeCommands: CommandGroup = (program, ctx) => {
  program.command('intake <inputs...>')
    .description('ingest news or statements (files or http(s) URLs) into incidents; all inputs are stored or none')
    .option('--format <format>', 'text | html | feed | jsonl (default: sniffed)')
    .option('--json', 'JSON output')
    .action(async (inputs: string[], opts: { format?: string; json?: boolean }) => {
      const format = opts.format === undefined ? undefined : documentFormat.safeParse(opts.format);
      if (format && !format.success) throw new Error(`--format: must be one of text, html, feed, jsonl (got ${opts.format})`);
      // Read everything first: a missing file or a failed fetch stores nothing.
      const loaded: Array<{ source: string; bytes: Uint8Array; format?: DocumentFormat; url?: string }> = [];
      for (const source of inputs) {
        if (/^https?:\/\//i.test(source)) {
          const fetched = await fetchBounded(source);
          loaded.push({ source, bytes: fetched.bytes, url: source, ...(fetched.format ? { format: fetched.format } : {}) });
        } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
          throw new Error(`${source}: only files and http(s) URLs can be ingested`);
        } else {
          const info = await stat(source).catch(() => undefined);
          if (!info?.isFile()) throw new Error(`${source}: no such file`);
          if (info.size > FETCH_LIMITS.maxBytes) throw new Error(`${source}: ${(info.size / 1048576).toFixed(1)} MB, over the ${(FETCH_LIMITS.maxBytes / 1048576).toFixed(1)} MB limit`);
          loaded.push({ source, bytes: await readFile(source) });
        }
      }
      const db = await ctx.db();
      const actor = systemActor('cli');
      const results = await db.tx(async (tx) => {
        const out: Array<{ source: string; result: IngestResult }> = [];
        for (const item of loaded) {
          const fmt = format?.success ? format.data : item.format;
          try {
            out.push({ source: item.source, result: await ingest(tx, actor, item.bytes, { field: item.source, ...(fmt ? { format: fmt } : {}), ...(item.url ? { url: item.url } : {}) }) });
          } catch (error) {
            if (error instanceof IntakeInputError) throw new Error(error.message);
            throw error;
          }
        }
        return out;
      });
      ctx.print(opts.json ? results : results, () => human(results), { json: opts.json ?? false });
    });
};
