/**
 * Throughput of the full intake pipeline (extract(): dates, places, actors, events, severity)
 * over the articles of both geoparsing gold sets, on one core.
 *
 *   npm run bench:intake [-- --db]
 *
 * With --db, also times `ingest()` (dedupe, extract, group into incidents, store; one transaction per
 * document) into a fresh in-memory PGlite database, over both sets once.
 *
 * The gazetteer is loaded (and timed) before the clock starts; each set is run once to warm
 * up, then timed over `ROUNDS` passes. The last line is one JSON object.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countryAt } from '../src/geo/countries.js';
import { loadGazetteer } from '../src/geo/index.js';
import { contentHash, normalizeText, type SourceDocument } from '../src/intake/text/documents.js';
import { extract } from '../src/intake/text/extract.js';
import { systemActor } from '../src/auth/roles.js';
import { migrate } from '../src/db/index.js';
import { openPglite } from '../src/db/pglite.js';
import { ingest } from '../src/intake/ingest.js';
import { readGold } from '../scripts/geoparse-gold.js';

const ROUNDS = 3;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const files = ['TR-News.xml', 'GeoVirus.xml'].map((f) => resolve(repoRoot, '../shared/testdata/geoparsing', f));

function documents(path: string): SourceDocument[] {
  return readGold(path).articles.map((a) => {
    const text = normalizeText(a.text);
    return { text, contentHash: contentHash(text), publishedAt: new Date(Date.UTC(2016, 11, 1)) };
  });
}

const load = loadGazetteer();
console.log(`gazetteer: ${load.cities} cities in ${Math.round(load.loadMs)} ms (not timed below)`);
const results: { file: string; docs: number; docsPerSecond: number; msPerDoc: number; events: number }[] = [];
for (const file of files) {
  const docs = documents(file);
  let events = 0;
  for (const d of docs) events += extract(d, { sites: [] }).events.length; // warm-up
  const started = performance.now();
  for (let r = 0; r < ROUNDS; r++) for (const d of docs) extract(d, { sites: [] });
  const ms = performance.now() - started;
  const n = docs.length * ROUNDS;
  const result = { file: file.split('/').pop()!, docs: docs.length, docsPerSecond: Math.round((n / ms) * 1000), msPerDoc: Math.round((ms / n) * 100) / 100, events };
  results.push(result);
  console.log(`${result.file}: ${result.docs} docs × ${ROUNDS}: ${result.docsPerSecond} docs/s (${result.msPerDoc} ms/doc), ${events} events`);
}
const totalDocs = results.reduce((s, r) => s + r.docs, 0);
const totalMs = results.reduce((s, r) => s + r.docs * r.msPerDoc, 0);
let stored: { docs: number; docsPerSecond: number; incidents: number } | undefined;
if (process.argv.includes('--db')) {
  const db = await openPglite();
  await migrate(db);
  const actor = systemActor('bench');
  const all = files.flatMap((f) => documents(f));
  const started = performance.now();
  for (const d of all) await ingest(db, actor, JSON.stringify({ text: d.text, date: '2016-12-01' }), { format: 'jsonl' });
  const ms = performance.now() - started;
  const incidents = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]!.n;
  stored = { docs: all.length, docsPerSecond: Math.round((all.length / ms) * 1000), incidents };
  console.log(`ingest() into PGlite: ${all.length} docs: ${stored.docsPerSecond} docs/s, ${incidents} incidents`);
  await db.close();
}
// Point-in-country look-ups (moved here from a timed unit test): limit 10 per millisecond.
const points = Array.from({ length: 5000 }, (_, i): [number, number] => [-50 + ((i * 37) % 120), -180 + ((i * 73) % 360)]);
countryAt(0, 0); // builds the index
const lookupStarted = performance.now();
for (const [lat, lon] of points) countryAt(lat, lon);
const countryAtPerMs = Math.round((points.length / (performance.now() - lookupStarted)) * 10) / 10;
console.log(`countryAt: ${countryAtPerMs} look-ups/ms (limit 10)`);
console.log(JSON.stringify({ bench: 'intake', countryAtPerMs, countryAtLimitPerMs: 10, gazetteerLoadMs: Math.round(load.loadMs), results, overallDocsPerSecond: Math.round((totalDocs / totalMs) * 1000), ...(stored ? { ingest: stored } : {}) }));
