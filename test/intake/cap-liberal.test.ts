/**
 * Issue 14, point 4: CAP from any agency, liberally read — a bad item is repaired or dropped with a warning and the
 * alert kept; other agencies' feeds; geocodes; areaDesc read inside the area's country; unseen Cancels; signatures.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemActor } from '../../src/auth/roles.js';
import { readCapFeed } from '../../src/feeds/cap-feed-reader.js';
import { readCap } from '../../src/feeds/cap-reader.js';
import { capToIntake, importCap, readCapInput } from '../../src/intake/cap-import.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';

const NS12 = 'urn:oasis:names:tc:emergency:cap:1.2';
const NS11 = 'urn:oasis:names:tc:emergency:cap:1.1';

interface AlertParts { ns?: string; id?: string; sender?: string; msgType?: string; references?: string; area?: string; event?: string; category?: string; extra?: string; infoExtra?: string }
function alertXml(p: AlertParts = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="${p.ns ?? NS12}">
  <identifier>${p.id ?? 'test-1'}</identifier><sender>${p.sender ?? 'alerts@agency.example.au'}</sender><sent>2024-03-11T10:00:00+00:00</sent>
  <status>Actual</status><msgType>${p.msgType ?? 'Alert'}</msgType><scope>Public</scope>${p.references ?? ''}
  <info><category>${p.category ?? 'Met'}</category><event>${p.event ?? 'Severe Thunderstorm'}</event><urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <headline>${p.event ?? 'Severe Thunderstorm'} warning</headline>${p.infoExtra ?? ''}
    <area>${p.area ?? '<areaDesc>Somewhere</areaDesc>'}</area>
  </info>${p.extra ?? ''}
</alert>`;
}
const ok = (r: ReturnType<typeof readCap>) => { assert.ok(r.ok, r.ok ? '' : r.errors.join('; ')); return r; };

describe('readCap({ lenient: true })', () => {
  test('a polygon that does not close is closed, with a warning; strict reading still refuses it', () => {
    const xml = alertXml({ area: '<areaDesc>A</areaDesc><polygon>-31.5,152.5 -31.0,153.0 -30.5,152.6</polygon>' });
    assert.deepEqual(readCap(xml), { ok: false, errors: ['alert/info[1]/area[1]/polygon[1]: has 3 points; a closed ring needs at least 4'] });
    const r = ok(readCap(xml, { lenient: true }));
    assert.deepEqual(r.alert.infos[0]!.areas[0]!.polygons, [[[-31.5, 152.5], [-31.0, 153.0], [-30.5, 152.6], [-31.5, 152.5]]]);
    assert.deepEqual(r.warnings, ['alert/info[1]/area[1]/polygon[1]: repaired: closed (the last point now repeats the first)']);
  });

  test('a bad polygon is dropped and the alert kept; -180.005 is clamped to -180', () => {
    const xml = alertXml({ area: '<areaDesc>A</areaDesc><polygon>51.0,-180.005 52,-179 52,-178 51.0,-180.005</polygon><polygon>1,2 x,y 3,4 1,2</polygon><circle>10,10</circle>' });
    const r = ok(readCap(xml, { lenient: true }));
    assert.deepEqual(r.alert.infos[0]!.areas[0]!.polygons, [[[51, -180], [52, -179], [52, -178], [51, -180]]]);
    assert.equal(r.alert.infos[0]!.areas[0]!.circles?.length, 0);
    assert.deepEqual(r.warnings, [
      'alert/info[1]/area[1]/polygon[1]: repaired: 51.0,-180.005 clamped to 51,-180; 51.0,-180.005 clamped to 51,-180',
      'alert/info[1]/area[1]/polygon[2]: "x,y" is not a "lat,lon" pair; polygon dropped',
      'alert/info[1]/area[1]/circle[1]: "10,10" is not "lat,lon radius"; circle dropped',
    ]);
  });

  test('an empty <references/> is ignored with a warning; a required element missing still refuses the alert, listing both', () => {
    const r = ok(readCap(alertXml({ references: '<references/>' }), { lenient: true }));
    assert.equal(r.alert.references, undefined);
    assert.match(r.warnings![0]!, /^alert\/references: must not be empty .*; ignored$/);
    const bad = readCap(alertXml({ references: '<references/>' }).replace('<scope>Public</scope>', ''), { lenient: true });
    assert.deepEqual(bad.ok ? [] : bad.errors.map((e) => e.split(':')[0]), ['alert/scope', 'alert/references']);
  });

  test('CAP 1.1: a resource without mimeType is fine', () => {
    const r = ok(readCap(alertXml({ ns: NS11, infoExtra: '<resource><resourceDesc>map</resourceDesc><uri>https://x.example/map.png</uri></resource>' })));
    assert.equal(r.capVersion, '1.1');
  });

  test('a signed alert is read and marked signed; the import notes the signature was not verified', () => {
    const xml = alertXml({ extra: '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature>' });
    const r = ok(readCap(xml, { lenient: true }));
    assert.equal(r.signed, true);
    const x = capToIntake(r.alert, undefined, { signed: true }).extraction;
    assert.deepEqual(x.notes, ['signature not verified: the alert carries an XML signature, which Warden does not check']);
  });
});

describe('feeds from other agencies', () => {
  const atom = (entry: string, author = '') => `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>T</title><updated>2024-03-11T10:00:00Z</updated>${author}${entry}</feed>`;
  const entry = '<entry><id>urn:e1</id><title>E</title><updated>2024-03-11T10:00:00Z</updated><link href="https://agency.example/alerts/e1.cap"/></entry>';

  test('an Atom feed without an author, linking to a .cap file without a type, is read liberally', () => {
    const strict = readCapFeed(atom(entry));
    assert.ok(!strict.ok && strict.errors.some((e) => /author: required element missing/.test(e)));
    const r = readCapFeed(atom(entry), { lenient: true });
    assert.ok(r.ok);
    assert.equal(r.feed.entries[0]!.capLink, 'https://agency.example/alerts/e1.cap');
    assert.match(r.warnings![0]!, /^feed\/author: required element missing/);
  });

  test('RSS with two channel links and an item <link> to a CAP file; the link is followed when fetching', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://agency.example/</link><link>https://agency.example/rss</link><description>d</description>
      <item><title>Storm</title><link>https://agency.example/cap/storm.xml</link><guid>storm-1</guid></item></channel></rss>`;
    assert.ok(!readCapFeed(rss).ok);
    const fetched: string[] = [];
    const { alerts, skipped } = await readCapInput(rss, { fetchLinked: async (url) => { fetched.push(url); return Buffer.from(alertXml({ id: 'storm-1' })); } });
    assert.deepEqual(fetched, ['https://agency.example/cap/storm.xml']);
    assert.deepEqual([alerts.map((a) => a.alert.identifier), skipped], [['storm-1'], []]);
  });
});

describe('places of CAP areas', () => {
  const placesOf = (xml: string) => capToIntake(ok(readCap(xml, { lenient: true })).alert).extraction.places;

  test('SAME, UGC and EMMA_ID geocodes become the state or country', () => {
    const same = placesOf(alertXml({ sender: 'w-nws.webmaster@noaa.gov', area: '<areaDesc>Howard</areaDesc><geocode><valueName>SAME</valueName><value>024027</value></geocode><geocode><valueName>UGC</valueName><value>MDZ011</value></geocode>' }));
    assert.deepEqual(same.map((p) => [p.kind, p.code]), [['subdivision', 'US-MD']]);
    const emma = placesOf(alertXml({ area: '<areaDesc>Kent</areaDesc><geocode><valueName>EMMA_ID</valueName><value>UK012</value></geocode>' }));
    assert.deepEqual(emma.map((p) => [p.kind, p.code]), [['country', 'GB']]);
  });

  test('"Mid North Coast" with an Australian polygon stays in Australia', () => {
    const places = placesOf(alertXml({ area: '<areaDesc>Mid North Coast</areaDesc><polygon>-31.5,152.5 -31.0,153.0 -30.5,152.6 -31.5,152.5</polygon>' }));
    assert.deepEqual([...new Set(places.map((p) => p.countryCode))], ['AU']);
  });

  test('"NE of Dutch Harbor" is not Nebraska; Maryland polygons are not the United Kingdom', () => {
    const alaska = placesOf(alertXml({ sender: 'ntwc@noaa.gov', category: 'Geo', event: 'Earthquake', area: '<areaDesc>85 miles NE of Dutch Harbor, Alaska</areaDesc><circle>54.5,-165.5 10</circle>' }));
    assert.ok(!alaska.some((p) => p.code === 'US-NE'), JSON.stringify(alaska.map((p) => p.code)));
    assert.ok(alaska.every((p) => p.countryCode === 'US'));
    const maryland = placesOf(alertXml({ sender: 'w-nws.webmaster@noaa.gov', area: '<areaDesc>Carroll; Frederick; Howard; Montgomery</areaDesc><polygon>39.72,-77.5 39.72,-76.8 39.1,-76.8 39.1,-77.5 39.72,-77.5</polygon>' }));
    assert.ok(maryland.length > 0 && maryland.every((p) => p.countryCode === 'US'), JSON.stringify(maryland.map((p) => [p.name, p.countryCode])));
  });

  test('without geometry, areaDesc is read inside the sender\'s country; a name read abroad is left out', () => {
    const ottawa = placesOf(alertXml({ sender: 'cap@ec.gc.ca', area: '<areaDesc>Ottawa</areaDesc>' }));
    assert.deepEqual([...new Set(ottawa.map((p) => p.countryCode))], ['CA']);
    // The gazetteer reads a bare "London" as England's: outside the sender's country, so left out rather than misplaced.
    assert.deepEqual(placesOf(alertXml({ sender: 'cap@ec.gc.ca', area: '<areaDesc>London</areaDesc>' })), []);
  });
});

describe('importCap', () => {
  let t: TestContext;
  before(async () => { t = await createTestContext(); });
  after(async () => t.close());
  const tables = ['intake_documents', 'incidents', 'incident_documents', 'audit_log'];

  test('a Cancel of an alert Warden never saw is skipped: no incident, nothing written', async () => {
    const before = await countRows(t.db, tables);
    const cancel = alertXml({ id: 'c-1', msgType: 'Cancel', references: '<references>alerts@agency.example.au,never-seen,2024-03-10T10:00:00+00:00</references>' });
    const r = await importCap(t.db, systemActor('test'), cancel);
    assert.deepEqual([r.documents, r.incidents], [[], []]);
    assert.deepEqual(r.skipped.map((s) => s.reason), ['a Cancel of an alert Warden never saw; nothing to cancel']);
    assert.deepEqual(await countRows(t.db, tables), before);
  });

  test('a repaired alert is stored with what was repaired on its incident', async () => {
    const xml = alertXml({ id: 'repaired-1', area: '<areaDesc>Mid North Coast</areaDesc><polygon>-31.5,152.5 -31.0,153.0 -30.5,152.6</polygon>' });
    const r = await importCap(t.db, systemActor('test'), xml);
    assert.equal(r.documents[0]!.outcome, 'new');
    const detail = (await t.request('GET', `/api/incidents/${r.incidents[0]!.id}`, { role: 'viewer' })).json();
    assert.deepEqual(detail.countryCodes, ['AU']);
    assert.deepEqual(detail.notes, ['CAP read liberally: alert/info[1]/area[1]/polygon[1]: repaired: closed (the last point now repeats the first)']);
  });
});
