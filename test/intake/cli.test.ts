import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { backend, countRows, freshDatabase } from '../support/db.js';
import type { Db } from '../../src/db/index.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const scenario = join(repo, '../shared/scenario/baghdad-2020-01-03.txt');
const dir = mkdtempSync(join(tmpdir(), 'warden-intake-cli-'));
const empty = join(dir, 'empty.txt');
const binary = join(dir, 'image.bin');
const badFeed = join(dir, 'feed.xml');
writeFileSync(empty, '  \n');
writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]));
writeFileSync(badFeed, '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</item></rss>');

let env: NodeJS.ProcessEnv;
let db: Db | undefined;
let drop: (() => Promise<void>) | undefined;

before(async () => {
  env = { ...process.env, WARDEN_SECRET: 'test-secret-test-secret-test-secret-0123' };
  if (backend === 'pg') {
    const fresh = await freshDatabase();
    db = fresh.db;
    drop = fresh.drop;
    env.DATABASE_URL = fresh.url!;
  } else {
    delete env.DATABASE_URL;
    env.WARDEN_DATA_DIR = join(dir, 'data');
  }
});
after(async () => {
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

async function warden(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: repo, env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('warden intake: bad inputs exit non-zero with one line, and a bad file among good ones stores nothing', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[scenario, empty], /^warden: .*empty\.txt: input is empty\n$/],
    [[binary], /^warden: .*image\.bin: input looks binary/],
    [[badFeed, '--format', 'feed'], /^warden: .*feed\.xml: /],
    [[join(dir, 'missing.txt')], /^warden: .*missing\.txt: no such file\n$/],
    [['ftp://example.org/a.txt'], /^warden: ftp:\/\/example\.org\/a\.txt: only files and http\(s\) URLs can be ingested\n$/],
    [[scenario, '--format', 'pdf'], /^warden: --format: must be one of text, html, feed, jsonl \(got pdf\)\n$/],
  ];
  for (const [args, reason] of cases) {
    const r = await warden('intake', ...args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, reason);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
  if (db) assert.deepEqual(await countRows(db, ['intake_documents', 'incidents']), { intake_documents: 0, incidents: 0 });
});

test('warden intake FILE --json: one new incident, then the same file is a duplicate', async () => {
  const first = await warden('intake', scenario, '--json');
  assert.equal(first.code, 0, first.stderr);
  const [result] = JSON.parse(first.stdout) as Array<{ source: string; result: { documents: Array<{ outcome: string; incidentId: string }>; incidents: Array<{ id: string; change: string; countryCodes: string[] }> } }>;
  assert.equal(result!.result.documents[0]!.outcome, 'new', 'nothing was stored by the failed runs');
  assert.equal(result!.result.incidents[0]!.change, 'created');
  assert.ok(result!.result.incidents[0]!.countryCodes.includes('IQ'));
  const again = await warden('intake', scenario);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already stored → incident /);
  assert.ok(again.stdout.includes(result!.result.incidents[0]!.id));
  if (db) assert.deepEqual(await countRows(db, ['intake_documents', 'incidents']), { intake_documents: 1, incidents: 1 });
});
