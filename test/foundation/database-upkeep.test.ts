import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { analyzeAfterBulkWrite, maintainTables, upkeepDue, type TableActivity } from '../../src/db/maintenance.js';
import { registeredJobs } from '../../src/runtime.js';
import { addBulkTravellers, alertBody, publishNow } from '../support/alert-fixtures.js';
import { backend, freshDatabase } from '../support/db.js';

let db: Db;
let drop: () => Promise<void>;
before(async () => ({ db, drop } = await freshDatabase()));
after(async () => drop());

const quiet: TableActivity = { table: 'public.t', rows: 1000, deadRows: 0, insertedSinceVacuum: 0, changedSinceAnalyze: 0, neverAnalyzed: false };

test('a table is due exactly past autovacuum\'s default thresholds', () => {
  assert.equal(upkeepDue(quiet), null);
  // Dead rows: 50 + 0.2 × 1000 = 250.
  assert.equal(upkeepDue({ ...quiet, deadRows: 250 }), null);
  assert.equal(upkeepDue({ ...quiet, deadRows: 251 }), 'vacuum');
  // Inserted since the last vacuum: 1000 + 0.2 × 1000 = 1200.
  assert.equal(upkeepDue({ ...quiet, insertedSinceVacuum: 1200 }), null);
  assert.equal(upkeepDue({ ...quiet, insertedSinceVacuum: 1201 }), 'vacuum');
  // Changed since the last analyze: 50 + 0.1 × 1000 = 150.
  assert.equal(upkeepDue({ ...quiet, changedSinceAnalyze: 150 }), null);
  assert.equal(upkeepDue({ ...quiet, changedSinceAnalyze: 151 }), 'analyze');
  // A never-analyzed table (PGlite reports reltuples -1, so rows count as 0): 51 changed rows are enough.
  assert.equal(upkeepDue({ ...quiet, rows: 0, changedSinceAnalyze: 51 }), 'analyze');
  // Counters lost with a killed process: a table with rows that was never analyzed is due anyway.
  assert.equal(upkeepDue({ ...quiet, rows: 0, neverAnalyzed: true }), 'analyze');
});

test('the runtime runs the upkeep on the embedded database only (PostgreSQL has its own autovacuum)', () => {
  const names = registeredJobs({ db, config: loadConfig({}) }).map((j) => j.name);
  assert.equal(names.includes('embedded-maintenance'), backend === 'pglite', names.join(', '));
  assert.ok(!registeredJobs({ db, config: loadConfig({}) }, { maintenance: false }).some((j) => j.name === 'embedded-maintenance'));
});

interface ProbeStats { reltuples: number; dead: number; vacuumed: boolean; analyzed: boolean }

async function probeStats(): Promise<ProbeStats> {
  const { rows } = await db.query<ProbeStats>(
    `SELECT c.reltuples::float8 AS reltuples, s.n_dead_tup::int AS dead,
            coalesce(s.last_vacuum, s.last_autovacuum) IS NOT NULL AS vacuumed, coalesce(s.last_analyze, s.last_autoanalyze) IS NOT NULL AS analyzed
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'upkeep_probe'`);
  return rows[0]!;
}

/** The statistics reach pg_stat_user_tables when a session's counters are flushed, up to a second later. */
async function untilStats(ok: (s: ProbeStats) => boolean): Promise<ProbeStats> {
  const until = Date.now() + 10_000;
  for (;;) {
    const s = await probeStats();
    if (ok(s) || Date.now() > until) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('one pass analyzes a table that was never analyzed and vacuums away its dead rows; a second pass has nothing to do', async () => {
  await db.exec(`CREATE TABLE upkeep_probe (id int PRIMARY KEY, k int NOT NULL);
    INSERT INTO upkeep_probe SELECT g, g % 100 FROM generate_series(1, 5000) g;`);
  await db.exec(`UPDATE upkeep_probe SET k = k + 1 WHERE id <= 2000`);
  const stale = await untilStats((s) => s.dead >= 2000);
  assert.equal(stale.dead, 2000);
  assert.equal(stale.analyzed, false);
  if (backend === 'pglite') assert.equal(stale.reltuples, -1, 'PGlite never analyzes by itself');

  const done = await maintainTables(db);
  assert.deepEqual(done.filter((d) => d.table === 'public.upkeep_probe'), [{ table: 'public.upkeep_probe', upkeep: 'vacuum' }]);

  const kept = await untilStats((s) => s.dead === 0);
  assert.deepEqual({ ...kept, reltuples: Math.round(kept.reltuples) }, { reltuples: 5000, dead: 0, vacuumed: true, analyzed: true });
  const { rows } = await db.query<Record<string, string>>(`EXPLAIN SELECT * FROM upkeep_probe WHERE k = 7`);
  assert.match(Object.values(rows[0]!)[0]!, /rows=50 /, 'the planner now knows 50 of 5,000 rows have k = 7');

  const again = await maintainTables(db);
  assert.deepEqual(again.filter((d) => d.table === 'public.upkeep_probe'), []);
});

const reltuples = async (table: string) =>
  (await db.query<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = $1`, [table])).rows[0]!.n;

test('a publish leaves the planner knowing its recipients and outbox rows at once, without waiting for autovacuum', async () => {
  await addBulkTravellers(db, 'JO', 600, 'stats');
  const { recipients, deliveries } = await publishNow(db, alertBody({ area: { countries: ['JO'] } }));
  assert.deepEqual({ recipients, deliveries }, { recipients: 600, deliveries: 600 });
  assert.equal(await reltuples('alert_recipients'), 600);
  assert.ok(await reltuples('deliveries') >= 600);
});

test('a write that is small for its table does not analyze it', async () => {
  const analyzedAt = async () => (await db.query<{ at: string | null }>(
    `SELECT coalesce(last_analyze, last_autoanalyze)::text AS at FROM pg_stat_user_tables WHERE relname = 'upkeep_probe'`)).rows[0]!.at;
  const before = await untilStats((s) => s.analyzed);
  assert.equal(before.analyzed, true);
  const at = await analyzedAt();
  // 5,000 rows: the threshold is 50 + 500 changed rows.
  await analyzeAfterBulkWrite(db, { upkeep_probe: 550 });
  assert.equal(await analyzedAt(), at);
  await analyzeAfterBulkWrite(db, { upkeep_probe: 551 });
  let after = await analyzedAt();
  for (const until = Date.now() + 10_000; after === at && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 100));
    after = await analyzedAt();
  }
  assert.notEqual(after, at);
});
