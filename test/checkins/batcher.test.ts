/** Group commit of link answers (src/checkins/batcher.ts): which answers share a statement, and that each is stored. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AnswerBatcher } from '../../src/checkins/batcher.js';
import type { Db } from '../../src/db/index.js';
import { addBulkTravellers, alertBody, publishNow } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';

let t: TestContext;
let alertId = '';
let numbers: string[] = [];

before(async () => {
  t = await createTestContext();
  await addBulkTravellers(t.db, 'IQ', 500, 'batch');
  alertId = (await publishNow(t.db, alertBody({ asksCheckin: true }))).alert.id;
  const { rows } = await t.db.query<{ n: string }>('SELECT checkin_no::text AS n FROM alert_recipients WHERE alert_id = $1 ORDER BY checkin_no', [alertId]);
  numbers = rows.map((r) => r.n);
  assert.equal(numbers.length, 500);
});
after(async () => { await t.close(); });

/** The database handle, counting the answer statements that go through it. */
function counting(db: Db): { db: Db; statements: () => number } {
  let n = 0;
  return {
    db: { ...db, query: (sql, params) => { if (sql.includes('INSERT INTO checkin_history')) n += 1; return db.query(sql, params); } },
    statements: () => n,
  };
}

const safe = { answer: 'safe' as const, place: 'Hotel, Baghdad' };

test('answers submitted in the same turn of the event loop share one statement', async () => {
  const probe = counting(t.db);
  const batcher = new AnswerBatcher(probe.db, 72, []);
  const start = (await countRows(t.db, ['checkin_history'])).checkin_history!;
  const recorded = await Promise.all(numbers.slice(0, 40).map((no) => batcher.submit(no, safe)));
  assert.equal(probe.statements(), 1);
  assert.equal(recorded.filter((r) => r?.alertId === alertId && r.answer === 'safe').length, 40);
  assert.equal((await countRows(t.db, ['checkin_history'])).checkin_history! - start, 40);
});

test('a statement holds at most maxBatch answers; the rest follow in the next', async () => {
  const probe = counting(t.db);
  const batcher = new AnswerBatcher(probe.db, 72, [], 50, 1);
  const recorded = await Promise.all(numbers.slice(40, 160).map((no) => batcher.submit(no, safe)));
  assert.equal(probe.statements(), 3, '120 answers at 50 per statement');
  assert.equal(recorded.filter(Boolean).length, 120);
});

test('two answers of one person never share a statement: both are kept, the later one is current', async () => {
  const probe = counting(t.db);
  const batcher = new AnswerBatcher(probe.db, 72, []);
  const person = numbers[200]!;
  const [first, second] = await Promise.all([batcher.submit(person, { answer: 'need_help', message: 'at the airport road' }), batcher.submit(person, { answer: 'departed' })]);
  assert.equal(probe.statements(), 2);
  assert.ok(first && second && second.historyId > first.historyId);
  const { rows } = await t.db.query<{ answer: string }>(`SELECT c.answer FROM checkins c WHERE c.alert_id = $1 AND c.traveller_id = $2`, [alertId, second.travellerId]);
  assert.deepEqual(rows, [{ answer: 'departed' }]);
});

test('an unknown check-in number is answered null in its group and nothing is written for it', async () => {
  const batcher = new AnswerBatcher(t.db, 72, []);
  const start = await countRows(t.db, ['checkin_history', 'checkins']);
  const [known, unknown] = await Promise.all([batcher.submit(numbers[300]!, safe), batcher.submit('999999999999', safe)]);
  assert.equal(known?.answer, 'safe');
  assert.equal(unknown, null);
  const afterRows = await countRows(t.db, ['checkin_history', 'checkins']);
  assert.deepEqual(afterRows, { checkin_history: start.checkin_history! + 1, checkins: start.checkins! + 1 });
});
