/**
 * The structure lint (scripts/lint-structure.mjs, part of `npm run lint`) on a copy of src/: it passes on the
 * tree as it is, and it fails, naming the file and the rule, when a folder queries a table it does not own,
 * when a migration creates a table without an owner, and when an argued exception is no longer used.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

const script = resolve('scripts/lint-structure.mjs');

describe('the structure lint', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-lint-'));
    cpSync(resolve('src'), join(dir, 'src'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const lint = () => spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });

  it('passes on the tree as it is', () => {
    const run = lint();
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /structure ok/);
  });

  it('fails when a folder queries a table another folder owns', () => {
    appendFileSync(join(dir, 'src/geo/sites.ts'),
      "\nexport const leak = (db: Db) => db.query('SELECT id FROM alerts WHERE state = $1', ['published']);\n");
    const run = lint();
    assert.equal(run.status, 1);
    assert.match(run.stderr, /src\/geo\/sites\.ts:\d+ names table alerts, which src\/alerts owns/);
  });

  it('fails when a migration creates a table nobody owns', () => {
    writeFileSync(join(dir, 'src/db/migrations/0099_orphan.sql'), 'CREATE TABLE orphan_rows (id bigint PRIMARY KEY);\n');
    const run = lint();
    assert.equal(run.status, 1);
    assert.match(run.stderr, /table orphan_rows has no owner/);
  });

  it('fails when an argued exception is no longer used', () => {
    const file = join(dir, 'src/crises/store.ts');
    // syncMembers' trip join is the file's one use of trips; without it the exception is stale.
    writeFileSync(file, readFileSync(file, 'utf8').replace('LEFT JOIN trips tr ON tr.id = r.trip_id', 'LEFT JOIN LATERAL (SELECT NULL::text AS place_name, NULL::float8 AS lat, NULL::float8 AS lon) tr ON true'));
    const run = lint();
    assert.equal(run.status, 1);
    assert.match(run.stderr, /crossOwnerJoins lists crises\/store\.ts: trips, which it no longer uses/);
  });
});
