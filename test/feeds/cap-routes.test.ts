/**
 * CAP documents and feeds wired to the data: the model case (Iraq Level 4; a Baghdad security
 * alert, its Update and its Cancel) is seeded through the services, and EVERY CAP document the
 * server produces — every advisory version and every alert, reached by following every feed
 * link — is validated against the OASIS CAP 1.2 schema.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { createTestContext, type TestContext } from '../support/app.js';
import { readCapFeed } from '../../src/feeds/cap-feed-reader.js';
import { readCap } from '../../src/feeds/cap-reader.js';
import { validateCapXml } from '../../src/feeds/cap-validate.js';
import type { CapAlert } from '../../src/feeds/cap-types.js';
import { composeAlert, submitAlert } from '../../src/alerts/service.js';
import { publishAlert } from '../../src/alerts/publish.js';
import { actor, seedAdvisories, seedAlerts, seedPostsAndTravellers, type SeededAlerts } from './seed.js';

let t: TestContext;
let ids: SeededAlerts & { extra?: string };
const BASE = 'http://warden.test';
const validated = new Set<string>();

before(async () => {
  t = await createTestContext();
  await seedAdvisories(t.db);
  await seedPostsAndTravellers(t.db);
  ids = await seedAlerts(t.db, t.config.secret);
});
after(async () => { await t.close(); });

function local(url: string): string {
  assert.ok(url.startsWith(BASE), `${url} is on the public URL`);
  return url.slice(BASE.length);
}

/** Fetches a CAP document, checks its media type, validates it against the XSD and reads it back. */
async function fetchCap(path: string): Promise<CapAlert> {
  const res = await t.request('GET', path);
  assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/cap\+xml/);
  const verdict = await validateCapXml(res.body);
  assert.ok(verdict.valid, `${path} is not valid CAP 1.2:\n${verdict.errors.join('\n')}`);
  const read = readCap(res.body);
  assert.ok(read.ok, read.ok ? '' : read.errors.join('\n'));
  validated.add(path);
  return read.alert;
}

describe('advisory CAP', () => {
  it('writes the current Iraq advisory as a valid CAP Update of version 1, Level 4 → Extreme, with an ISO 3166-1 geocode', async () => {
    const cap = await fetchCap('/cap/advisories/IQ.xml');
    assert.equal(cap.identifier, 'warden-advisory-IQ-v2');
    assert.equal(cap.sender, 'warden@warden.test');
    assert.equal(cap.msgType, 'Update');
    assert.deepEqual(cap.references?.map((r) => r.identifier), ['warden-advisory-IQ-v1']);
    const info = cap.infos[0]!;
    assert.deepEqual(info.category, ['Safety', 'Security']);
    assert.equal(info.event, 'Travel advisory');
    assert.equal(info.severity, 'Extreme');
    assert.equal(info.urgency, 'Immediate');
    assert.deepEqual(info.responseType, ['Avoid']);
    assert.match(info.headline ?? '', /Iraq: Level 4 - Do not travel/);
    assert.match(info.description ?? '', /Terrorism \(T\), Civil unrest \(U\), Kidnapping or hostage-taking \(K\), Other \(O\)/);
    assert.match(info.instruction ?? '', /IQ-AR/);
    const area = info.areas[0]!;
    assert.equal(area.areaDesc, 'Iraq');
    assert.deepEqual(area.geocodes, [{ valueName: 'ISO3166-1', value: 'IQ' }]);
    assert.ok((area.polygons?.length ?? 0) >= 1, 'Iraq\'s outline is small enough to include');
  });

  it('writes version 1 as an Alert with Level 3 → Severe, and keeps it readable after it was superseded', async () => {
    const cap = await fetchCap('/cap/advisories/IQ/1.xml');
    assert.equal(cap.msgType, 'Alert');
    assert.equal(cap.references, undefined);
    assert.equal(cap.infos[0]!.severity, 'Severe');
    await fetchCap('/cap/advisories/IQ/2.xml');
    await fetchCap('/cap/advisories/LB.xml');
  });

  it('answers 404 problems for a version or country without a published advisory, 400 for a malformed path', async () => {
    for (const path of ['/cap/advisories/IQ/3.xml', '/cap/advisories/FR.xml']) {
      const res = await t.request('GET', path);
      assert.equal(res.statusCode, 404, path);
      assert.equal(res.json().type, '/problems/not-found');
    }
    const bad = await t.request('GET', '/cap/advisories/IRQ.xml');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'params.file');
    const unknown = await t.request('GET', '/cap/advisories/QQ.xml');
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].field, 'cc');
  });
});

describe('alert CAP', () => {
  it('writes the Baghdad alert with one info per language and circles and geocodes from its area', async () => {
    const cap = await fetchCap(`/cap/alerts/${ids.alertId}.xml`);
    assert.equal(cap.identifier, `warden-alert-${ids.alertId}`);
    assert.equal(cap.msgType, 'Alert');
    assert.deepEqual(cap.infos.map((i) => i.language), ['en', 'fr']);
    const area = cap.infos[0]!.areas[0]!;
    assert.deepEqual(area.geocodes, [{ valueName: 'ISO3166-2', value: 'IQ-BG' }]);
    assert.equal(area.circles?.length, 2, 'the drawn circle and the airport site');
    assert.ok(area.circles!.some((c) => c.radiusKm === 5 && Math.abs(c.lat - 33.2625) < 1e-6));
    assert.equal(cap.infos[0]!.instruction, 'Depart Iraq immediately. Do not approach the Embassy.');
  });

  it('writes the Update referencing the Alert and the Cancel referencing both, oldest first', async () => {
    const first = await fetchCap(`/cap/alerts/${ids.alertId}.xml`);
    const update = await fetchCap(`/cap/alerts/${ids.updateId}.xml`);
    assert.equal(update.msgType, 'Update');
    assert.deepEqual(update.references?.map((r) => r.identifier), [first.identifier]);
    assert.equal(update.references?.[0]?.sent.getTime(), first.sent.getTime());
    const cancel = await fetchCap(`/cap/alerts/${ids.cancelId}.xml`);
    assert.equal(cancel.msgType, 'Cancel');
    assert.deepEqual(cancel.references?.map((r) => r.identifier), [first.identifier, update.identifier]);
    assert.ok(cancel.infos[0]!.areas[0]!.geocodes?.some((g) => g.value === 'IQ-BG'), 'a Cancel covers the area of what it cancels');
  });

  it('writes a drawn polygon as a closed lat,lon ring, and never publishes a Restricted alert', async () => {
    const ring: [number, number][] = [[33.35, 44.3], [33.35, 44.45], [33.25, 44.45], [33.25, 44.3], [33.35, 44.3]];
    const make = async (scope: 'Public' | 'Restricted', headline: string) => {
      const a = await composeAlert(t.db, actor, {
        kind: 'demonstration_alert', status: 'Exercise', scope, categories: ['Safety'], urgency: 'Expected', severity: 'Moderate', certainty: 'Likely',
        sender: 'Embassy Baghdad', area: { countries: [], subdivisions: [], cities: [], sites: [], circles: [], polygons: [ring] },
        infos: [{ language: 'en', event: 'Demonstration', headline, description: 'A march is planned.', instruction: 'Avoid the area.' }],
        assistance: { contacts: [], notes: [] }, asksCheckin: false,
      });
      await submitAlert(t.db, actor, a.id);
      await publishAlert(t.db, actor, a.id, { twoPersonThreshold: 1000 });
      return a.id;
    };
    const publicId = await make('Public', 'March in central Baghdad');
    const cap = await fetchCap(`/cap/alerts/${publicId}.xml`);
    assert.equal(cap.status, 'Exercise');
    assert.deepEqual(cap.infos[0]!.areas[0]!.polygons, [ring]);
    assert.equal(cap.infos[0]!.areas[0]!.geocodes, undefined);
    const restrictedId = await make('Restricted', 'Staff only');
    assert.equal((await t.request('GET', `/cap/alerts/${restrictedId}.xml`)).statusCode, 404);
    const feed = readCapFeed((await t.request('GET', '/feeds/countries/IQ.atom')).body);
    assert.ok(feed.ok);
    assert.ok(feed.feed.entries.some((e) => e.capLink?.includes(publicId)), 'the polygon alert is placed in Iraq');
    assert.ok(!feed.feed.entries.some((e) => e.capLink?.includes(restrictedId)));
    ids.extra = publicId;
  });

  it('never serves a draft alert or a malformed id', async () => {
    assert.equal((await t.request('GET', `/cap/alerts/${ids.draftId}.xml`)).statusCode, 404);
    assert.equal((await t.request('GET', '/cap/alerts/not-an-id.xml')).statusCode, 400);
  });
});

describe('feeds', () => {
  const feeds = ['/feeds/advisories', '/feeds/alerts', '/feeds/countries/IQ'];

  it('serves Atom in the CAP-feeds shape; every entry links to a CAP document that validates', async () => {
    for (const feed of feeds) {
      const res = await t.request('GET', `${feed}.atom`);
      assert.equal(res.statusCode, 200, feed);
      assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
      const read = readCapFeed(res.body);
      assert.ok(read.ok, read.ok ? '' : `${feed}: ${read.errors.join('\n')}`);
      assert.ok(read.feed.entries.length > 0, `${feed} has entries`);
      for (const entry of read.feed.entries) {
        assert.ok(entry.capLink, `${feed}: entry ${entry.id} links to CAP`);
        await fetchCap(local(entry.capLink));
      }
    }
    const iq = readCapFeed((await t.request('GET', '/feeds/countries/IQ.atom')).body);
    assert.ok(iq.ok);
    assert.equal(iq.feed.entries.length, 2 + 4, 'two Iraq advisory versions, three alert messages and the polygon alert');
    const all = readCapFeed((await t.request('GET', '/feeds/advisories.atom')).body);
    assert.ok(all.ok);
    assert.equal(all.feed.entries.length, 3, 'IQ v1, IQ v2, LB v1');
    const lb = readCapFeed((await t.request('GET', '/feeds/countries/LB.atom')).body);
    assert.ok(lb.ok);
    assert.equal(lb.feed.entries.length, 1, 'no Baghdad alert in the Lebanon feed');
  });

  it('serves RSS 2.0 that rss-parser reads, with the CAP document as a typed enclosure', async () => {
    for (const feed of feeds) {
      const res = await t.request('GET', `${feed}.rss`);
      assert.equal(res.statusCode, 200, feed);
      assert.match(String(res.headers['content-type']), /^application\/rss\+xml/);
      const parsed = await new Parser().parseString(res.body);
      assert.ok(parsed.items.length > 0);
      for (const item of parsed.items) {
        assert.equal(item.enclosure?.type, 'application/cap+xml');
        await fetchCap(local(item.enclosure!.url));
      }
    }
    const alerts = await new Parser().parseString((await t.request('GET', '/feeds/alerts.rss')).body);
    assert.equal(alerts.items.length, 4, 'alert, update, cancel and the public polygon alert');
    assert.ok(!alerts.items.some((i) => /SECRET DRAFT/.test(i.title ?? '')), 'no draft in a public feed');
  });

  it('answers If-None-Match and If-Modified-Since with 304, and changed feeds with 200', async () => {
    for (const path of ['/feeds/advisories.atom', '/feeds/alerts.rss', '/feeds/countries/IQ.atom', '/cap/advisories/IQ.xml']) {
      const first = await t.request('GET', path);
      const etag = String(first.headers.etag);
      const lastModified = String(first.headers['last-modified']);
      assert.ok(etag && lastModified !== 'undefined', `${path} has validators`);
      const byTag = await t.request('GET', path, { headers: { 'if-none-match': etag } });
      assert.equal(byTag.statusCode, 304, path);
      assert.equal(byTag.body, '');
      assert.equal(byTag.headers.etag, etag);
      const byDate = await t.request('GET', path, { headers: { 'if-modified-since': lastModified } });
      assert.equal(byDate.statusCode, 304, path);
      const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
      assert.equal((await t.request('GET', path, { headers: { 'if-modified-since': older } })).statusCode, 200, path);
      assert.equal((await t.request('GET', path, { headers: { 'if-none-match': '"stale"' } })).statusCode, 200, path);
    }
  });

  it('an empty feed is valid and a bad feed name or country is refused', async () => {
    const empty = readCapFeed((await t.request('GET', '/feeds/countries/FR.atom')).body);
    assert.ok(empty.ok);
    assert.equal(empty.feed.entries.length, 0);
    assert.equal((await t.request('GET', '/feeds/everything.atom')).statusCode, 400);
    assert.equal((await t.request('GET', '/feeds/countries/QQ.rss')).statusCode, 422);
  });

  it('validated every advisory version and every alert message', () => {
    for (const path of ['/cap/advisories/IQ/1.xml', '/cap/advisories/IQ/2.xml', '/cap/advisories/LB/1.xml',
      `/cap/alerts/${ids.alertId}.xml`, `/cap/alerts/${ids.updateId}.xml`, `/cap/alerts/${ids.cancelId}.xml`]) {
      assert.ok(validated.has(path), `${path} was validated`);
    }
  });
});
