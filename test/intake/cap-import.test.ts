import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { systemActor } from '../../src/auth/roles.js';
import { CapImportError, capToIntake, importCap } from '../../src/intake/cap-import.js';
import { readCap } from '../../src/feeds/cap-reader.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { backend, countRows, freshDatabase } from '../support/db.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const capDir = join(repo, '../shared/testdata/cap');
const read = (name: string): Buffer => readFileSync(join(capDir, name));
const tables = ['intake_documents', 'incidents', 'incident_documents', 'intake_actors', 'incident_actors', 'audit_log'];

/** Every good .cap file and the incident it must give (see the README of ../shared/testdata/cap). */
const GOOD: Record<string, { country?: string; severity: number; type: string; label: string; sameAlertAs?: string }> = {
  'australia.cap': { country: 'AU', severity: 2, type: 'natural_disaster', label: 'Fire' },
  'canada.cap': { country: 'CA', severity: 2, type: 'natural_disaster', label: 'thunderstorm' },
  // Its only fault is an empty <references/>: read liberally (issue 14), the reference is dropped with a warning and the
  // alert kept — the same message as canada.cap.
  'canada_errors.cap': { country: 'CA', severity: 2, type: 'natural_disaster', label: 'thunderstorm', sameAlertAs: 'canada.cap' },
  'earthquake.cap': { country: 'TO', severity: 3, type: 'natural_disaster', label: 'Earthquake' },
  'earthquake-iso8859-1.cap': { country: 'SV', severity: 3, type: 'natural_disaster', label: 'Earthquake' },
  // Same sender and identifier as earthquake.cap: the same CAP message, stored once.
  'no_optional_fields.cap': { country: 'TO', severity: 3, type: 'natural_disaster', label: 'Earthquake', sameAlertAs: 'earthquake.cap' },
  'wcatwc-warning.cap': { country: 'US', severity: 5, type: 'natural_disaster', label: 'Tsunami Warning' },
  'weather.cap': { country: 'US', severity: 4, type: 'natural_disaster', label: 'Flash Flood Watch' },
};

/** Every known-bad .cap file and an error it must be refused with. */
const BAD: Record<string, RegExp[]> = {
  'invalid.cap': [/^alert\/scope: required element missing$/],
  'noaa_errors.cap': [/^alert\/references: must not be empty/, /^alert\/info\[1\]\/urgency: must not be empty$/, /^alert\/info\[1\]\/severity: must not be empty$/],
  'xee.cap': [/^document: DOCTYPE declarations are not allowed/],
};

type Imported = { documents: Array<{ documentId: string; incidentId: string; outcome: string }>; incidents: Array<{ id: string; change: string; countryCodes: string[]; severity: number; eventTypes: string[] }>; skipped: Array<{ entry: string; reason: string }> };

let t: TestContext;
const documentOf = new Map<string, string>();
let server: Server;
let base = '';
const served = new Map<string, Buffer>();

before(async () => {
  t = await createTestContext();
  server = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (!body) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

async function post(body: Buffer | string, type = 'application/cap+xml') {
  return t.request('POST', '/api/intake/cap', { role: 'editor', body, headers: { 'content-type': type } });
}

describe('POST /api/intake/cap', () => {
  test('the good files are all there', () => {
    const files = readdirSync(capDir).filter((f) => f.endsWith('.cap'));
    assert.deepEqual(files.filter((f) => !(f in BAD)).sort(), Object.keys(GOOD).sort());
  });

  for (const [file, want] of Object.entries(GOOD)) {
    test(`${file} imports as an incident (${want.country ?? 'no country'}, severity ${want.severity}, ${want.label})`, async () => {
      const res = await post(read(file), file.startsWith('weather') ? 'application/xml' : 'application/cap+xml');
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json() as Imported;
      assert.equal(body.documents.length, 1);
      assert.equal(body.documents[0]!.outcome, want.sameAlertAs ? 'duplicate' : 'new');
      if (want.sameAlertAs) {
        assert.equal(body.documents[0]!.documentId, documentOf.get(want.sameAlertAs));
        assert.deepEqual(body.incidents, []);
      }
      documentOf.set(file, body.documents[0]!.documentId);
      const incidentId = body.documents[0]!.incidentId;
      const detail = (await t.request('GET', `/api/incidents/${incidentId}`, { role: 'viewer' })).json();
      const mine = detail.events.filter((e: { documentIds: string[] }) => e.documentIds.includes(body.documents[0]!.documentId));
      assert.equal(mine.length, 1);
      assert.equal(mine[0].type, want.type);
      assert.equal(mine[0].label, want.label);
      if (want.country) {
        assert.equal(mine[0].place.countryCode, want.country);
        assert.ok(detail.countryCodes.includes(want.country), detail.countryCodes.join());
      } else {
        assert.equal(mine[0].place, undefined);
      }
      assert.ok(detail.severity >= want.severity);
      assert.equal(detail.status, 'new');
      assert.equal(detail.sources.find((s: { id: string }) => s.id === body.documents[0]!.documentId).format, 'cap');
    });
  }

  test('an alert with no info maps to an "other" event with no place, severity 1, from its sender', () => {
    const read1 = readCap(read('no_optional_fields.cap'));
    assert.ok(read1.ok);
    const { doc, extraction } = capToIntake(read1.alert);
    assert.deepEqual(extraction.events.map((e) => [e.type, e.label, e.place]), [['other', 'Other', undefined]]);
    assert.deepEqual(extraction.severity, { score: 1, reasons: ['CAP severity Unknown (base for other)'] });
    assert.deepEqual(extraction.places, []);
    assert.deepEqual(extraction.actors.map((a) => a.name), ['http://earthquake.usgs.gov/research/monitoring/anss/neic/']);
    assert.match(doc.text, /^Other \(http:\/\/earthquake\.usgs\.gov/);
  });

  test('an incident from an area keeps its areaDesc and the sender as an actor', async () => {
    const list = (await t.request('GET', '/api/incidents?country=AU', { role: 'viewer' })).json();
    assert.equal(list.total, 1);
    const detail = (await t.request('GET', `/api/incidents/${list.items[0].id}`, { role: 'viewer' })).json();
    assert.equal(detail.severity, 2);
    assert.ok(detail.places.some((p: { name: string; radiusKm?: number }) => p.name === 'Yerong Creek Structure Fire' && p.radiusKm === 25));
    assert.ok(detail.actors.some((a: { surfaceForms: string[] }) => a.surfaceForms.includes('webmaster@rfs.nsw.gov.au')));
  });

  for (const [file, reasons] of Object.entries(BAD)) {
    test(`${file} is refused with what is wrong, and nothing is written`, async () => {
      const before = await countRows(t.db, tables);
      const res = await post(read(file));
      assert.equal(res.statusCode, 422, res.body);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const problem = res.json();
      assert.equal(problem.code, 'invalid_cap');
      const messages = (problem.errors as Array<{ field: string; message: string }>).map((e) => e.message);
      for (const reason of reasons) assert.ok(messages.some((m) => reason.test(m)), `${reason} in ${messages.join(' | ')}`);
      assert.ok(problem.errors.every((e: { field: string }) => e.field === 'body'));
      assert.deepEqual(await countRows(t.db, tables), before);
    });
  }

  test('importing the same alert twice stores it once', async () => {
    const before = await countRows(t.db, tables);
    const res = await post(read('canada.cap'));
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as Imported;
    assert.equal(body.documents[0]!.outcome, 'duplicate');
    assert.deepEqual(body.incidents, []);
    assert.deepEqual(await countRows(t.db, tables), before);
  });

  test('an Atom feed with embedded CAP imports its entries', async () => {
    const res = await post(read('weather.atom'), 'application/xml');
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json() as Imported;
    assert.equal(body.documents.length, 1);
    assert.equal(body.documents[0]!.outcome, 'new', 'a different alert (2012) from weather.cap (2010)');
    assert.deepEqual(body.incidents.map((i) => i.countryCodes), [['US']]);
    assert.deepEqual(body.incidents[0]!.eventTypes, ['natural_disaster']);
    assert.equal(body.incidents[0]!.severity, 4);
  });

  test('an Update and a Cancel join the incident of the alert they reference, wherever they are', async () => {
    const original = read('australia.cap').toString('utf8');
    const id = 'tag:www.rfs.nsw.gov.au2011-10-06:40184';
    const first = (await t.request('GET', '/api/incidents?country=AU', { role: 'viewer' })).json().items[0].id as string;
    const follow = (n: number, msgType: string) => original
      .replace(`<cap:identifier>${id}</cap:identifier>`, `<cap:identifier>${id}-${n}</cap:identifier>`)
      .replace('<cap:msgType>Alert</cap:msgType>', `<cap:msgType>${msgType}</cap:msgType><cap:references>webmaster@rfs.nsw.gov.au,${id},2011-10-06T00:04:00+11:00</cap:references>`)
      .replaceAll('-35.3888,147.0598 25.0', '35.6800,139.6900 5.0'); // moved to Tokyo: grouping alone would not join them
    for (const [n, msgType] of [[1, 'Update'], [2, 'Cancel']] as const) {
      const res = await post(follow(n, msgType));
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json() as Imported;
      assert.equal(body.documents[0]!.outcome, 'new');
      assert.equal(body.documents[0]!.incidentId, first);
      assert.deepEqual(body.incidents.map((i) => [i.id, i.change]), [[first, 'updated']]);
    }
    const detail = (await t.request('GET', `/api/incidents/${first}`, { role: 'viewer' })).json();
    assert.equal(detail.sources.length, 3);
    assert.ok(detail.sources.some((s: { title: string }) => s.title.startsWith('Cancel: ')));
  });

  test('JSON {url}: a loopback address is refused unless private fetches are allowed (SSRF guard)', async () => {
    served.set('/wcatwc.cap', read('wcatwc-warning.cap'));
    const before = await countRows(t.db, ['intake_documents', 'incidents']);
    const res = await t.request('POST', '/api/intake/cap', { role: 'editor', body: { url: `${base}/wcatwc.cap` } });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().errors, [{ field: 'url', message: `${base}/wcatwc.cap: resolves to a private or loopback address (127.0.0.1); refused` }]);
    assert.deepEqual(await countRows(t.db, ['intake_documents', 'incidents']), before);
  });

  test('JSON {url}: a CAP alert, and an Atom feed whose entries link to CAP, are fetched and imported', async () => {
    t.config.fetchAllowPrivate = true; // the test peer lives on loopback (the app reads the config it was built with)
    served.set('/wcatwc.cap', read('wcatwc-warning.cap'));
    const one = await t.request('POST', '/api/intake/cap', { role: 'editor', body: { url: `${base}/wcatwc.cap` } });
    assert.equal(one.statusCode, 201, one.body);
    assert.equal((one.json() as Imported).documents[0]!.outcome, 'duplicate');

    served.set('/eq.cap', read('earthquake.cap'));
    served.set('/index.atom', Buffer.from(read('earthquake_index.atom').toString('utf8').replace('http://earthquake.usgs.gov/earthquakes/catalogs/cap/us2010apcd', `${base}/eq.cap`)));
    const feed = await t.request('POST', '/api/intake/cap', { role: 'editor', body: { url: `${base}/index.atom` } });
    assert.equal(feed.statusCode, 201, feed.body);
    const body = feed.json() as Imported;
    assert.equal(body.documents.length, 1);
    assert.equal(body.documents[0]!.outcome, 'duplicate', 'the linked alert is earthquake.cap, already imported');

    const missing = await t.request('POST', '/api/intake/cap', { role: 'editor', body: { url: `${base}/nothing.cap` } });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.json().errors[0].message, /HTTP 404/);
    const notHttp = await t.request('POST', '/api/intake/cap', { role: 'editor', body: { url: 'file:///etc/passwd' } });
    assert.equal(notHttp.statusCode, 422);
    assert.equal(notHttp.json().errors[0].field, 'url');
    t.config.fetchAllowPrivate = false;
  });

  test('a feed that only links to CAP, read from a body, is refused with the reason; viewers may not import', async () => {
    const res = await post(read('earthquake_index.atom'), 'application/xml');
    assert.equal(res.statusCode, 422, res.body);
    assert.ok(res.json().errors.some((e: { message: string }) => /links to http:\/\/earthquake\.usgs\.gov\/.*fetched only when importing a URL/.test(e.message)));
    const xxe = await post(read('xee.atom'), 'application/xml');
    assert.equal(xxe.statusCode, 422);
    assert.match(xxe.json().errors[0].message, /DOCTYPE declarations are not allowed/);
    assert.equal((await post(read('weather.cap'))).statusCode, 201, 'editor (already stored: duplicate)');
    const viewer = await t.request('POST', '/api/intake/cap', { role: 'viewer', body: read('weather.cap'), headers: { 'content-type': 'application/cap+xml' } });
    assert.equal(viewer.statusCode, 403);
  });
});

describe('importCap (service)', () => {
  test('a feed is stored whole or not at all: a bad linked alert refuses the feed', async () => {
    const before = await countRows(t.db, tables);
    const feed = read('earthquake_index.atom');
    await assert.rejects(
      importCap(t.db, systemActor('test'), feed, { fetchLinked: async () => read('invalid.cap') }),
      (error: unknown) => error instanceof CapImportError && error.errors.some((e) => /alert\/scope: required element missing/.test(e)),
    );
    assert.deepEqual(await countRows(t.db, tables), before);
  });
});

describe('warden intake --cap', () => {
  const run = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'warden-intake-cap-'));
  let env: NodeJS.ProcessEnv;
  let drop: (() => Promise<void>) | undefined;
  let db: Awaited<ReturnType<typeof freshDatabase>>['db'] | undefined;
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

  test('a bad file among good ones stores nothing; then the good ones import, once', async () => {
    const bad = await warden('intake', '--cap', join(capDir, 'weather.cap'), join(capDir, 'noaa_errors.cap'));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^warden: .*noaa_errors\.cap: not valid CAP: alert\/references: must not be empty.*alert\/info\[1\]\/urgency: must not be empty/);
    if (db) assert.deepEqual(await countRows(db, ['intake_documents', 'incidents']), { intake_documents: 0, incidents: 0 });

    const good = await warden('intake', '--cap', join(capDir, 'weather.cap'), join(capDir, 'weather.atom'), '--json');
    assert.equal(good.code, 0, good.stderr);
    const results = JSON.parse(good.stdout) as Array<{ source: string; result: Imported }>;
    assert.deepEqual(results.map((r) => r.result.documents.map((d) => d.outcome)), [['new'], ['new']], 'nothing was stored by the failed run');
    assert.ok(results.every((r) => r.result.incidents.every((i) => i.countryCodes.includes('US'))));

    const again = await warden('intake', '--cap', join(capDir, 'weather.cap'));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already stored → incident /);
    if (db) assert.deepEqual(await countRows(db, ['intake_documents']), { intake_documents: 2 });
  });

  test('--cap refuses --format', async () => {
    writeFileSync(join(dir, 'x.cap'), read('weather.cap'));
    const r = await warden('intake', '--cap', '--format', 'feed', join(dir, 'x.cap'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^warden: --format: not used with --cap/);
  });
});
