import { readFile, stat } from 'node:fs/promises';
import { systemActor } from '../auth/roles.js';
import type { CommandGroup } from '../cli/context.js';
import { FETCH_LIMITS, fetchBounded } from './bounded-fetch.js';
import type { DocumentFormat } from './text/documents.js';
import { documentFormat } from './schema.js';
import { CapImportError, fetchCap, importCap, type CapImportResult } from './cap-import.js';
import { ingest, IntakeInputError, type IngestResult } from './ingest.js';

function human(results: Array<{ source: string; result: IngestResult & Partial<Pick<CapImportResult, 'skipped'>> }>): string {
  const lines: string[] = [];
  for (const { source, result } of results) {
    for (const d of result.documents) {
      lines.push(`${source}: document ${d.documentId} ${d.outcome === 'new' ? 'stored' : d.outcome === 'duplicate' ? 'already stored' : `stored as a near-duplicate of ${d.duplicateOf}`} → incident ${d.incidentId}`);
    }
    for (const s of result.skipped ?? []) lines.push(`${source}: entry ${s.entry} skipped: ${s.reason}`);
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
    .option('--cap', 'the inputs are CAP 1.2 alerts or Atom/RSS feeds of them (from other agencies)')
    .option('--json', 'JSON output')
    .action(async (inputs: string[], opts: { format?: string; json?: boolean; cap?: boolean }) => {
      if (opts.cap && opts.format !== undefined) throw new Error('--format: not used with --cap (CAP input is always XML)');
      const format = opts.format === undefined ? undefined : documentFormat.safeParse(opts.format);
      if (format && !format.success) throw new Error(`--format: must be one of text, html, feed, jsonl (got ${opts.format})`);
      // Read everything first: a missing file or a failed fetch stores nothing.
      const loaded: Array<{ source: string; bytes: Uint8Array; format?: DocumentFormat; url?: string }> = [];
      for (const source of inputs) {
        if (/^https?:\/\//i.test(source)) {
          if (opts.cap) {
            loaded.push({ source, bytes: await fetchCap(source), url: source });
            continue;
          }
          // The host administrator runs the CLI: internal addresses are theirs to fetch.
          const fetched = await fetchBounded(source, undefined, undefined, true);
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
        const out: Array<{ source: string; result: IngestResult & Partial<Pick<CapImportResult, 'skipped'>> }> = [];
        for (const item of loaded) {
          if (opts.cap) {
            try {
              out.push({ source: item.source, result: await importCap(tx, actor, item.bytes, { field: item.source, ...(item.url ? { url: item.url, fetchLinked: fetchCap } : {}) }) });
            } catch (error) {
              if (error instanceof CapImportError) throw new Error(`${item.source}: not valid CAP: ${error.errors.join('; ')}`);
              throw error;
            }
            continue;
          }
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
