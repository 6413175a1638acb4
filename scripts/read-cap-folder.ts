/**
 * `npx tsx scripts/read-cap-folder.ts DIR…`: reads every file in the folders with intake's CAP reader
 * (readCapInput, liberal reading, no database, no fetching) and prints one row per file —
 * accepted / repaired / refused, why, and what intake would place — then a JSON summary as the last line.
 * Used for the table of CAP files from public repositories in docs/intake.md (the files are not committed).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { capToIntake, readCapInput } from '../src/intake/cap-import.js';

type Verdict = 'accepted' | 'repaired' | 'refused';

async function readOne(file: string): Promise<{ verdict: Verdict; detail: string }> {
  try {
    const { alerts, skipped } = await readCapInput(readFileSync(file), { field: basename(file) });
    const warnings = alerts.flatMap((a) => a.reading.warnings ?? []);
    const places = alerts.flatMap((a) => capToIntake(a.alert, a.url, a.reading).extraction.places.map((p) => p.countryCode ?? p.name));
    const signed = alerts.some((a) => a.reading.signed) ? '; signature not verified' : '';
    const skips = skipped.length ? `; ${skipped.length} feed entries skipped (${skipped[0]!.reason})` : '';
    const detail = `${alerts.length} alert(s); places ${[...new Set(places)].join(' ') || '—'}${signed}${skips}${warnings.length ? `; ${warnings.join('; ')}` : ''}`;
    return { verdict: warnings.length ? 'repaired' : 'accepted', detail };
  } catch (error) {
    const reason = error instanceof Error && 'errors' in error ? (error as { errors: string[] }).errors.slice(0, 2).join('; ') : String(error);
    return { verdict: 'refused', detail: reason };
  }
}

const files = process.argv.slice(2).flatMap((dir) => readdirSync(dir).map((f) => join(dir, f))).filter((f) => statSync(f).isFile()).sort();
if (!files.length) { process.stderr.write('read-cap-folder: give one or more folders of CAP files\n'); process.exit(2); }
const counts: Record<Verdict, number> = { accepted: 0, repaired: 0, refused: 0 };
for (const file of files) {
  const { verdict, detail } = await readOne(file);
  counts[verdict] += 1;
  console.log(`| ${basename(file)} | ${verdict} | ${detail.replace(/\|/g, '\\|').slice(0, 300)} |`);
}
console.log(JSON.stringify({ files: files.length, ...counts }));
