/**
 * Crisis benchmark (PostgreSQL via DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; creates
 * and drops its own database warden_bench_crisis_<pid>).
 * A crisis of 100,000 people in Iraq (20 cities) over 3 alerts (the first, two Updates sent through the
 * crisis). Answers (80% safe, 8% need help, 12% departed among those who answer): 57% answer the first alert,
 * 15% more (and 5% of the earlier ones again) the first Update, 5% more the second; 2% are reached on no channel
 * (every delivery refused). Measures, as the routes run them (membership sync included), the median of
 * CRISIS_RUNS (15) runs of: the board counts, the first page (50) of "no answer", the map's clusters.
 * Knobs: CRISIS_PEOPLE (100000), CRISIS_RUNS (15). Limit: 200 ms each at the median. Last line: one JSON object.
 */
import pg from 'pg';
import { publishAlert } from '../src/alerts/publish.js';
import { alertInput } from '../src/alerts/schema.js';
import { composeAlert, submitAlert } from '../src/alerts/service.js';
import { systemActor } from '../src/auth/roles.js';
import { crisisBoard, crisisClusters, crisisPeople } from '../src/crises/people.js';
import { ensureMembers, openCrisis, sendCrisisUpdate } from '../src/crises/service.js';
import { migrate } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { timedRuns } from './support.js';

const log = (m: string) => process.stderr.write(`${m}\n`);
const withDb = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
const limitMs = 200;

function body(headline: string) {
  return alertInput.parse({
    kind: 'security_alert', sender: 'Embassy Baghdad', area: { countries: ['IQ'] }, expires: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    infos: [{ language: 'en', event: 'Armed clashes', headline, description: 'Armed groups attacked sites in Baghdad.', instruction: 'Depart Iraq immediately.' }],
  });
}

/** Answers to one alert for the people picked by `where` (over n = the person's number), in one statement. */
async function answer(db: ReturnType<typeof openPostgres>, alertId: string, where: string): Promise<number> {
  const result = await db.query(
    `WITH h AS (
       INSERT INTO checkin_history (alert_id, traveller_id, answer, channel)
       SELECT $1::uuid, t.id, CASE WHEN (n * 37) % 100 < 80 THEN 'safe' WHEN (n * 37) % 100 < 88 THEN 'need_help' ELSE 'departed' END, 'link'
         FROM (SELECT id, substr(external_ref, 3)::int AS n FROM travellers) t WHERE ${where} ORDER BY t.id
       RETURNING id, alert_id, traveller_id, answer, channel, answered_at)
     INSERT INTO checkins (alert_id, traveller_id, history_id, answer, channel, answered_at) SELECT alert_id, traveller_id, id, answer, channel, answered_at FROM h`, [alertId]);
  return result.rowCount;
}

async function median(label: string, runs: number, fn: () => Promise<unknown>): Promise<number> {
  const t = await timedRuns(runs, fn);
  log(`${label}: median ${t.median} ms (min ${t.min}, max ${t.max})`);
  return t.median;
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const people = Number(process.env.CRISIS_PEOPLE ?? 100_000);
  const runs = Number(process.env.CRISIS_RUNS ?? 15);
  const name = `warden_bench_crisis_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const db = openPostgres(withDb(adminUrl, name), 4);
  const actor = systemActor('bench');
  try {
    await migrate(db);
    await db.query(`INSERT INTO travellers (id, full_name, consent_at, external_ref) SELECT gen_random_uuid(), 'Person ' || n, now(), 'cr' || n FROM generate_series(1, $1::int) n`, [people]);
    await db.query(`INSERT INTO contact_points (traveller_id, channel, address) SELECT id, 'email', external_ref || '@bench.test' FROM travellers`);
    await db.query(`INSERT INTO contact_points (traveller_id, channel, address)
      SELECT id, 'sms', '+9647' || lpad(substr(external_ref, 3), 9, '0') FROM travellers WHERE substr(external_ref, 3)::int % 10 < 6`);
    await db.query(`INSERT INTO trips (traveller_id, country_code, place_name, lat, lon, starts_at)
      SELECT id, 'IQ', 'City ' || (n % 20), 30 + (n % 20) * 0.3 + (n % 7) * 0.01, 43 + (n % 20) * 0.2, now() - interval '2 days'
        FROM (SELECT id, substr(external_ref, 3)::int AS n FROM travellers) t`);
    await db.query('ANALYZE');
    const draft = await composeAlert(db, actor, body('Depart Iraq immediately'));
    await submitAlert(db, actor, draft.id);
    const first = await publishAlert(db, { ...actor, id: null }, draft.id, { twoPersonThreshold: Number.MAX_SAFE_INTEGER });
    log(`first alert: ${first.recipients} recipients, ${first.deliveries} deliveries`);
    const crisis = await openCrisis(db, actor, { name: 'Bench crisis', area: { countries: ['IQ'], subdivisions: [], cities: [], sites: [], circles: [], polygons: [] }, startsAt: '2020-01-03', alertIds: [first.alert.id] });
    await answer(db, first.alert.id, 'n % 100 < 57');
    const second = await sendCrisisUpdate(db, actor, crisis.id, body('Update: shelter in place'));
    await answer(db, second.alert.id, '(n % 100 BETWEEN 57 AND 71) OR n % 100 < 5');
    const third = await sendCrisisUpdate(db, actor, crisis.id, body('Update: depart by road to the north'));
    await answer(db, third.alert.id, 'n % 100 BETWEEN 72 AND 76');
    // 2% can be reached on no channel (every delivery of every alert refused); the rest were sent.
    await db.query(`UPDATE deliveries d SET state = 'failed', last_error = '550 no such user', finished_at = now()
      FROM travellers t WHERE t.id = d.traveller_id AND substr(t.external_ref, 3)::int % 100 IN (90, 91)`);
    await db.query(`UPDATE deliveries d SET state = 'sent', sent_at = now(), finished_at = now() WHERE state = 'queued'`);
    await db.query('ANALYZE');
    const alertIds = await ensureMembers(db, crisis.id);
    const board = await crisisBoard(db, crisis.id);
    log(`crisis: ${alertIds.length} alerts, ${board.total} people, counts ${JSON.stringify(board.counts)}, need help open ${board.helpOpen}`);
    const boardMs = await median('board counts', runs, async () => crisisBoard(db, (await ensureMembers(db, crisis.id), crisis.id)));
    const noAnswerMs = await median('first page of "no answer"', runs, async () => crisisPeople(db, crisis.id, await ensureMembers(db, crisis.id), { list: 'no_answer', offset: 0, limit: 51 }));
    const clustersMs = await median('map clusters', runs, async () => crisisClusters(db, (await ensureMembers(db, crisis.id), crisis.id)));
    const ok = boardMs <= limitMs && noAnswerMs <= limitMs && clustersMs <= limitMs;
    console.log(JSON.stringify({
      bench: 'crisis', backend: 'postgresql', people: board.total, alerts: alertIds.length, counts: board.counts, runs,
      boardMs, noAnswerFirstPageMs: noAnswerMs, clustersMs, limitMs, ok,
    }));
    if (!ok) process.exitCode = 1;
  } finally {
    await db.close();
    if (process.env.CRISIS_KEEP_DB) log(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
