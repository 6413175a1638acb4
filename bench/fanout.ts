/**
 * Fan-out benchmark (PostgreSQL via DATABASE_URL; creates and drops its own database).
 *   1. smtp-source → smtp-sink raw rate (Postfix tools) with the workers' connection count;
 *   2. 100,000 travellers: publish → last message accepted by smtp-sink, 2 worker processes;
 *   3. 1,000,000 travellers in one country: time to publish (freeze + outbox) in its own process.
 * Peak RSS of the publishing process and of each worker. Last line: one JSON object.
 * Knobs: FANOUT_BIG (1000000), FANOUT_SEND (100000), FANOUT_WORKERS (2), WARDEN_SMTP_MAX_CONNECTIONS (5 per worker),
 * FANOUT_CPU_PROF (a folder: the workers write V8 CPU profiles there).
 */
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { publishAlert } from '../src/alerts/publish.js';
import { alertInput } from '../src/alerts/schema.js';
import { composeAlert, submitAlert } from '../src/alerts/service.js';
import { systemActor } from '../src/auth/roles.js';
import { migrate } from '../src/db/index.js';
import { openPostgres } from '../src/db/postgres.js';
import { composeMessage, type AlertContent } from '../src/delivery/compose.js';
import { unusedPort } from '../test/support/silent-tcp-server.js';
import { WorkerFleet } from '../test/support/worker-fleet.js';

const secret = 'bench-secret-bench-secret-bench-secret-01';
const self = fileURLToPath(import.meta.url);
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Waits until something accepts connections on the port (smtp-sink has started). */
async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); }).once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`smtp-sink did not start on port ${port}`);
}

function withDb(url: string, name: string) { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); }

/** The model case's alert, so messages have a realistic size (text and HTML, about 4 KB). */
const benchAlert = (country: string) => alertInput.parse({
  kind: 'security_alert', sender: 'U.S. Embassy Baghdad', area: { countries: [country] },
  infos: [{ language: 'en', event: 'Security alert', headline: 'Depart Iraq immediately',
    description: 'Following a U.S. airstrike at Baghdad International Airport, tensions and the risk of attacks are heightened across Iraq. '
      + 'The Embassy has suspended all public consular operations until further notice.',
    instruction: 'Depart Iraq immediately: by airline while possible, and otherwise overland to other countries.\nDo not approach the Embassy.\nKeep a low profile and monitor local media.' }],
  assistance: { contacts: [{ name: 'U.S. Embassy Baghdad', phone: '+964 760 030 3000', email: 'BaghdadACS@state.gov', website: 'https://iq.usembassy.gov' }], notes: [] },
});

/** Bytes of one message as the workers send it (for smtp-source's -l, so both sides send the same size). */
async function messageBytes(): Promise<number> {
  const input = benchAlert('IQ');
  const content: AlertContent = { id: '00000000-0000-4000-8000-000000000000', kind: input.kind, msgType: 'Alert', sender: input.sender, effective: new Date(), expires: null,
    areaDescription: 'Iraq', infos: input.infos, assistance: input.assistance };
  const row = { id: content.id, alert_id: content.id, traveller_id: content.id, channel: 'email' as const, address: 's1@bench.test', attempts: 1, language: 'en', checkin_no: '1', kind: 'alert' as const, content: null };
  const msg = composeMessage(row, content, { secret, publicUrl: 'http://warden.test' });
  const compiler = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await compiler.sendMail({ from: 'Warden <alerts@warden.test>', to: msg.to, subject: msg.subject, text: msg.text, html: msg.html,
    messageId: `<${row.id}@warden.test>`, headers: { ...msg.headers, 'X-Warden-Delivery-Id': row.id } });
  return (info.message as Buffer).length;
}

async function publishOne(url: string, country: string) {
  const db = openPostgres(url, 2);
  const actor = systemActor('bench');
  const draft = await composeAlert(db, actor, benchAlert(country));
  await submitAlert(db, actor, draft.id);
  const started = performance.now();
  const result = await publishAlert(db, { ...actor, id: null }, draft.id, { twoPersonThreshold: Number.MAX_SAFE_INTEGER });
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  return { alertId: draft.id, recipients: result.recipients, deliveries: result.deliveries, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

async function addTravellers(db: ReturnType<typeof openPostgres>, country: string, count: number, prefix: string) {
  await db.query(`INSERT INTO travellers (id, full_name, consent_at, external_ref) SELECT gen_random_uuid(), 'T ' || n, now(), $2::text || n FROM generate_series(1, $1::int) n`, [count, prefix]);
  await db.query(`INSERT INTO contact_points (traveller_id, channel, address) SELECT id, 'email', external_ref || '@bench.test' FROM travellers WHERE external_ref LIKE $1 || '%'`, [prefix]);
  await db.query(`INSERT INTO trips (traveller_id, country_code, place_name, starts_at) SELECT id, $2::text, $2::text, now() - interval '1 day' FROM travellers WHERE external_ref LIKE $1 || '%'`, [prefix, country]);
  await db.query('ANALYZE');
}

/** Two (FANOUT_WORKERS) worker processes with production-like settings: a 60 s lease, no rate limit in the way. */
function fanoutFleet(url: string, port: number): WorkerFleet {
  const env = process.env;
  return new WorkerFleet({
    dbUrl: url, smtpPort: port, secret, batch: Number(env.WARDEN_WORKER_BATCH ?? 500), appName: 'warden-bench-fanout',
    nodeArgs: env.FANOUT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.FANOUT_CPU_PROF}`] : [],
    env: { WARDEN_WORKER_CONCURRENCY: env.WARDEN_WORKER_CONCURRENCY ?? '50', WARDEN_SMTP_MAX_CONNECTIONS: env.WARDEN_SMTP_MAX_CONNECTIONS ?? '5',
      WARDEN_SMTP_MAX_MESSAGES: '100000', WARDEN_RATE_EMAIL_PER_SEC: '1000000', WARDEN_RATE_EMAIL_BURST: '100000',
      WARDEN_WORKER_LEASE_MS: '60000', WARDEN_RETRY_BASE_MS: '15000' },
  });
}


async function main() {
  if (process.argv[2] === '--publish') {
    process.stdout.write(`${JSON.stringify(await publishOne(process.argv[3]!, process.argv[4]!))}\n`);
    return;
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set DATABASE_URL to a PostgreSQL server (the benchmark creates its own database)');
  const big = Number(process.env.FANOUT_BIG ?? 1_000_000);
  const send = Number(process.env.FANOUT_SEND ?? 100_000);
  const workers = Number(process.env.FANOUT_WORKERS ?? 2);
  const connections = workers * Number(process.env.WARDEN_SMTP_MAX_CONNECTIONS ?? 5);
  const name = `warden_bench_fanout_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDb(adminUrl, name);
  const db = openPostgres(url, 4);
  const port = await unusedPort();
  const sink = spawn('smtp-sink', ['-c', '-u', 'nobody', `127.0.0.1:${port}`, '1000'], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await migrate(db);
    await listening(port);
    const bytes = await messageBytes();
    log(`smtp-source: ${send} messages of ${bytes} bytes over ${connections} connections…`);
    let t0 = performance.now();
    execFileSync('smtp-source', ['-s', String(connections), '-m', String(send), '-l', String(bytes), '-f', 'a@bench.test', '-t', 'b@bench.test', `127.0.0.1:${port}`]);
    const rawRate = send / ((performance.now() - t0) / 1000);
    log(`raw rate ${Math.round(rawRate)} msg/s; enrolling ${send} travellers…`);
    await addTravellers(db, 'IQ', send, 's');
    const fleet = fanoutFleet(url, port);
    const pool = await Promise.all(Array.from({ length: workers }, () => fleet.spawn()));
    t0 = performance.now();
    const small = await publishOne(url, 'IQ');
    let firstSent = 0;
    for (;;) {
      const { rows } = await db.query<{ left: number; done: number }>(`SELECT count(*) FILTER (WHERE state IN ('queued','sending'))::int AS left, count(*) FILTER (WHERE state = 'sent')::int AS done FROM deliveries WHERE alert_id = $1`, [small.alertId]);
      if (!firstSent && rows[0]!.done > 0) firstSent = performance.now();
      if (rows[0]!.left === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const publishToLast = (performance.now() - t0) / 1000;
    const sendRate = send / ((performance.now() - (firstSent || t0)) / 1000);
    const workerStats = (await Promise.all(pool.map((w) => fleet.stop(w)))).map((out) => JSON.parse(out.trim().split('\n').pop()!) as { maxRssKb: number });
    log(`publish → last accepted ${publishToLast.toFixed(1)} s (${Math.round(sendRate)} msg/s); enrolling ${big} travellers…`);
    await addTravellers(db, 'JO', big, 'b');
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--publish', url, 'JO'], { encoding: 'utf8' });
    const bigRun = JSON.parse(out.trim().split('\n').pop()!) as Awaited<ReturnType<typeof publishOne>>;
    log(`publish ${bigRun.recipients} recipients: ${bigRun.seconds.toFixed(1)} s, publisher RSS ${bigRun.maxRssMb} MB`);
    const result = {
      bench: 'fanout', smtp: 'postfix smtp-sink', connections, workers,
      publish1M: { recipients: bigRun.recipients, deliveries: bigRun.deliveries, seconds: +bigRun.seconds.toFixed(2), publisherPeakRssMb: bigRun.maxRssMb },
      send100k: { recipients: small.recipients, publishSeconds: +small.seconds.toFixed(2), publishToLastAcceptedSeconds: +publishToLast.toFixed(2), rateMsgPerSec: Math.round(sendRate),
        rawSmtpSourceMsgPerSec: Math.round(rawRate), messageBytes: bytes, ratio: +(sendRate / rawRate).toFixed(2), workerPeakRssMb: workerStats.map((w) => Math.round(w.maxRssKb / 1024)) },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    sink.kill();
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
