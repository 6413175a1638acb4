/**
 * npm run bench:targeting — "who is in country X on day T" and "who is within 50 km of a point on day T"
 * over 1,000,000 synthetic trips on PostgreSQL (DATABASE_URL, default the local server's `test` database;
 * a scratch database is created and dropped). Median of 5 runs each. Last line: one JSON object.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { migrate } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { resolveArea } from '../src/geo/area.js';
import { areaSchema } from '../src/geo/area.js';
import { countPresent, presenceParams, presenceSql } from '../src/travellers/presence.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const trips = Number(process.env.BENCH_TRIPS ?? 1_000_000);
const scratch = `warden_bench_targeting_${process.pid}`;

function withDatabase(url: string, name: string) { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
const db = openPostgres(withDatabase(adminUrl, scratch), 2);
try {
  await migrate(db);
  const t0 = performance.now();
  // Trips spread over 40 countries' bounding boxes; Iraq gets 1 in 40 (25,000 trips), as in a large registry.
  await db.query(`INSERT INTO travellers (id, full_name, consent_at)
                  SELECT gen_random_uuid(), 'Traveller ' || g, now() FROM generate_series(1, $1) g`, [trips]);
  await db.query(`
    INSERT INTO trips (traveller_id, country_code, place_name, lat, lon, starts_at, ends_at)
    SELECT t.id, c.code, c.code, c.lat + (random() - 0.5) * 4, c.lon + (random() - 0.5) * 4,
           s.start, CASE WHEN random() < 0.2 THEN NULL ELSE s.start + (random() * 30)::int * interval '1 day' END
      FROM (SELECT id, row_number() OVER () AS n FROM travellers) t
      JOIN LATERAL (SELECT timestamptz '2019-10-01' + (random() * 180)::int * interval '1 day' AS start) s ON true
      JOIN (VALUES ${countries().map((c, i) => `(${i}, '${c[0]}', ${c[1]}, ${c[2]})`).join(',')}) AS c(i, code, lat, lon) ON c.i = t.n % 40`);
  await db.query('ANALYZE');
  const loadSeconds = (performance.now() - t0) / 1000;

  const window = { from: new Date('2020-01-03T00:00:00Z'), to: new Date('2020-01-03T23:59:59.999Z') };
  const measure = async (areaInput: unknown) => {
    const area = await resolveArea(db, areaSchema.parse(areaInput));
    const times: number[] = [];
    let people = 0;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const { rows } = await db.query<{ traveller_id: string }>(presenceSql(1), presenceParams(area, window));
      times.push(performance.now() - start);
      people = rows.length;
    }
    const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${presenceSql(1)}`, presenceParams(area, window));
    return { medianMs: Number(median(times).toFixed(1)), people, plan: plan.rows.map((r) => r['QUERY PLAN']).filter((l) => /Index|Seq Scan/.test(l)).map((l) => l.trim()) };
  };
  const country = await measure({ countries: ['IQ'] });
  const circle = await measure({ circles: [{ lat: 33.34, lon: 44.4, radiusKm: 50 }] });
  const dryRun = await (async () => {
    const area = await resolveArea(db, areaSchema.parse({ countries: ['IQ'] }));
    const start = performance.now();
    await countPresent(db, area, window);
    return Number((performance.now() - start).toFixed(1));
  })();
  console.log(`trips: ${trips} (loaded in ${loadSeconds.toFixed(1)} s)`);
  console.log(`country IQ on 2020-01-03: ${country.people} people, median ${country.medianMs} ms; plan: ${country.plan.join(' | ')}`);
  console.log(`within 50 km of Baghdad on 2020-01-03: ${circle.people} people, median ${circle.medianMs} ms; plan: ${circle.plan.join(' | ')}`);
  console.log(JSON.stringify({ bench: 'targeting', backend: 'postgresql', trips, countryMedianMs: country.medianMs, countryPeople: country.people, circle50kmMedianMs: circle.medianMs, circlePeople: circle.people, dryRunCountMs: dryRun, loadSeconds: Number(loadSeconds.toFixed(1)) }));
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}

/** 40 countries with a representative point (their capitals), to spread trips realistically. */
function countries(): [string, number, number][] {
  return [['IQ', 33.34, 44.4], ['IR', 35.69, 51.42], ['JO', 31.95, 35.93], ['KW', 29.37, 47.98], ['SA', 24.69, 46.72], ['TR', 39.92, 32.85], ['SY', 33.51, 36.29], ['LB', 33.89, 35.5],
    ['EG', 30.04, 31.24], ['AE', 24.45, 54.38], ['QA', 25.29, 51.53], ['IL', 31.77, 35.21], ['FR', 48.86, 2.35], ['DE', 52.52, 13.4], ['GB', 51.51, -0.13], ['ES', 40.42, -3.7],
    ['IT', 41.9, 12.5], ['US', 38.9, -77.04], ['CA', 45.42, -75.7], ['MX', 19.43, -99.13], ['BR', -15.79, -47.88], ['AR', -34.6, -58.38], ['CN', 39.9, 116.4], ['JP', 35.68, 139.69],
    ['IN', 28.61, 77.21], ['PK', 33.69, 73.06], ['AF', 34.53, 69.17], ['TH', 13.75, 100.5], ['ID', -6.2, 106.85], ['AU', -35.28, 149.13], ['NG', 9.08, 7.4], ['KE', -1.29, 36.82],
    ['ZA', -25.75, 28.19], ['ET', 9.03, 38.74], ['MA', 34.02, -6.83], ['RU', 55.76, 37.62], ['UA', 50.45, 30.52], ['PL', 52.23, 21.01], ['GR', 37.98, 23.73], ['PH', 14.6, 120.98]];
}
