/**
 * Google Public Alerts' CAP and feed rules, one test per rule (the table in docs/public-api.md
 * names each). The model case is seeded through the services; every CAP document fetched here is
 * validated against the OASIS CAP 1.2 schema.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Parser from 'rss-parser';
import { createTestContext, type TestContext } from '../support/app.js';
import { readCapFeed } from '../../src/feeds/cap-feed-reader.js';
import { readCap } from '../../src/feeds/cap-reader.js';
import { validateCapXml } from '../../src/feeds/cap-validate.js';
import type { CapAlert } from '../../src/feeds/cap-types.js';
import { capSettingsFromEnv } from '../../src/config.js';
import { capSiteOf } from '../../src/feeds/advisory-cap.js';
import { buildFeed } from '../../src/feeds/public-service.js';
import { composeAlert, draftUpdate, submitAlert } from '../../src/alerts/service.js';
import { publishAlert } from '../../src/alerts/publish.js';
import type { AlertInput } from '../../src/alerts/schema.js';
import { capitalOf } from '../../src/geo/index.js';
import { actor, seedAdvisories, seedAlerts, seedPostsAndTravellers, type SeededAlerts } from './seed.js';

let t: TestContext;
let ids: SeededAlerts;
const BASE = 'http://warden.test';
const SENDER = 'consular-alerts@mfa.example';
const SENDER_NAME = 'Ministry of Foreign Affairs, Consular Crisis Centre';
const HOUR = 3_600_000;

before(async () => {
  t = await createTestContext({ cap: { sender: SENDER, senderName: SENDER_NAME, advisoryReviewDays: 10, alertReviewHours: 12 } });
  await seedAdvisories(t.db);
  await seedPostsAndTravellers(t.db);
  ids = await seedAlerts(t.db, t.config.secret);
});
after(async () => { await t.close(); });

async function fetchCap(path: string): Promise<CapAlert> {
  const res = await t.request('GET', path);
  assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
  const verdict = await validateCapXml(res.body);
  assert.ok(verdict.valid, `${path} is not valid CAP 1.2:\n${verdict.errors.join('\n')}`);
  const read = readCap(res.body);
  assert.ok(read.ok, read.ok ? '' : read.errors.join('\n'));
  return read.alert;
}

const local = (url: string) => { assert.ok(url.startsWith(BASE), url); return url.slice(BASE.length); };

/** Every CAP document the feeds link to, fetched and validated. */
async function everyCapDocument(): Promise<Map<string, CapAlert>> {
  const docs = new Map<string, CapAlert>();
  for (const feed of ['/feeds/advisories.atom', '/feeds/alerts.atom']) {
    const read = readCapFeed((await t.request('GET', feed)).body);
    assert.ok(read.ok);
    for (const entry of read.feed.entries) docs.set(entry.capLink!, await fetchCap(local(entry.capLink!)));
  }
  assert.ok(docs.size >= 6, `${docs.size} CAP documents`);
  return docs;
}

const input = (area: AlertInput['area'], over: Partial<AlertInput> = {}): AlertInput => ({
  kind: 'security_alert', status: 'Actual', scope: 'Public', categories: ['Security'], urgency: 'Expected', severity: 'Severe', certainty: 'Likely',
  sender: 'Crisis centre', area, assistance: { contacts: [], notes: [] }, asksCheckin: false,
  infos: [{ language: 'en', event: 'Security alert', headline: 'Clashes reported', description: 'Clashes were reported.', instruction: 'Stay indoors.' }],
  ...over,
});
const noArea = { countries: [], subdivisions: [], cities: [], sites: [], circles: [], polygons: [] };

async function publish(alertInput: AlertInput): Promise<string> {
  const a = await composeAlert(t.db, actor, alertInput);
  await submitAlert(t.db, actor, a.id);
  await publishAlert(t.db, actor, a.id, { twoPersonThreshold: 1000 });
  return a.id;
}

describe('Google Public Alerts: CAP documents', () => {
  it('every <info> has <expires> after <effective>; advisories expire after the configured review period', async () => {
    for (const [url, cap] of await everyCapDocument()) {
      for (const info of cap.infos) {
        assert.ok(info.expires, `${url} has expires`);
        assert.ok(info.expires > (info.effective ?? cap.sent), `${url}: expires after effective`);
      }
    }
    const iq = await fetchCap('/cap/advisories/IQ/2.xml');
    assert.equal(iq.infos[0]!.expires!.getTime() - iq.sent.getTime(), 10 * 24 * HOUR, 'review period of 10 days');
    const v1 = await fetchCap('/cap/advisories/IQ/1.xml');
    assert.ok(v1.infos[0]!.expires!.getTime() <= iq.sent.getTime() + 2000, 'a superseded version expires when it was superseded');
    const cancel = await fetchCap(`/cap/alerts/${ids.cancelId}.xml`);
    assert.equal(cancel.infos[0]!.expires!.getTime() - cancel.sent.getTime(), 48 * HOUR, 'a Cancel expires when the feeds drop it');
    const open = await fetchCap(`/cap/alerts/${ids.alertId}.xml`);
    // From when it took effect or was sent, whichever is later (the two can straddle a second).
    const inForceFrom = Math.max(open.infos[0]!.effective!.getTime(), open.sent.getTime());
    assert.equal(open.infos[0]!.expires!.getTime() - inForceFrom, 12 * HOUR, 'an open-ended alert: the alert review period');
  });

  it('sender and senderName are the configured ones, in every document and every reference', async () => {
    for (const [url, cap] of await everyCapDocument()) {
      assert.equal(cap.sender, SENDER, url);
      for (const ref of cap.references ?? []) assert.equal(ref.sender, SENDER, url);
      if (url.includes('/advisories/')) assert.equal(cap.infos[0]!.senderName, SENDER_NAME, url);
      else assert.ok(cap.infos[0]!.senderName, url);
    }
    const feed = readCapFeed((await t.request('GET', '/feeds/alerts.atom')).body);
    assert.ok(feed.ok);
    assert.ok(feed.feed.entries.every((e) => e.id.startsWith('urn:warden:mfa.example:')), 'entry ids are named by the sender domain');
  });

  it('a sender that CAP or the WMO register convention refuses stops the configuration with the reason', () => {
    assert.throws(() => capSettingsFromEnv({ WARDEN_CAP_SENDER: 'Crisis Centre' }), /WARDEN_CAP_SENDER must not contain spaces/);
    assert.throws(() => capSettingsFromEnv({ WARDEN_CAP_SENDER: 'alerts@' }), /WARDEN_CAP_SENDER must be name@domain or a domain name/);
    assert.throws(() => capSettingsFromEnv({ WARDEN_ADVISORY_REVIEW_DAYS: '0' }), /WARDEN_ADVISORY_REVIEW_DAYS must be a whole number from 1 to 3650, got "0"/);
    assert.deepEqual(capSettingsFromEnv({ WARDEN_CAP_SENDER: 'mfa.example', WARDEN_ALERT_REVIEW_HOURS: '6' }),
      { sender: 'mfa.example', advisoryReviewDays: 30, alertReviewHours: 6 });
  });

  it('urgency, severity and certainty are never Unknown where a value is known; an Update left Unknown takes the chain\'s', async () => {
    for (const [url, cap] of await everyCapDocument()) {
      for (const info of cap.infos) {
        assert.notEqual(info.urgency, 'Unknown', url);
        assert.notEqual(info.severity, 'Unknown', url);
        assert.notEqual(info.certainty, 'Unknown', url);
      }
    }
    const original = await publish(input({ ...noArea, subdivisions: ['IQ-BA'] }));
    const update = await draftUpdate(t.db, actor, original, input({ ...noArea, subdivisions: ['IQ-BA'] }, { urgency: 'Unknown', severity: 'Unknown', certainty: 'Unknown' }));
    await submitAlert(t.db, actor, update.id);
    await publishAlert(t.db, actor, update.id, { twoPersonThreshold: 1000 });
    const info = (await fetchCap(`/cap/alerts/${update.id}.xml`)).infos[0]!;
    assert.deepEqual([info.urgency, info.severity, info.certainty], ['Expected', 'Severe', 'Likely']);
  });

  it('<contact> comes from the post: the embassy for an advisory and for an alert it sends', async () => {
    const line = 'Embassy Baghdad: +964 760 030 3000, baghdadacs@embassy.example';
    assert.equal((await fetchCap('/cap/advisories/IQ.xml')).infos[0]!.contact, line);
    assert.equal((await fetchCap(`/cap/alerts/${ids.alertId}.xml`)).infos[0]!.contact, line);
    assert.equal((await fetchCap('/cap/advisories/LB.xml')).infos[0]!.contact, undefined, 'Lebanon has no post with contacts');
    const withCard = await publish(input({ ...noArea, countries: ['LB'] }, {
      assistance: { contacts: [{ name: 'Crisis line', phone: '+44 20 7008 5000' }], notes: [] },
    }));
    assert.equal((await fetchCap(`/cap/alerts/${withCard}.xml`)).infos[0]!.contact, 'Crisis line: +44 20 7008 5000');
  });

  it('<web> and the feeds\' page links point at pages the server answers (the country page is /country/iq)', async () => {
    const links = new Set<string>();
    for (const cap of (await everyCapDocument()).values()) links.add(cap.infos[0]!.web!);
    for (const feed of ['/feeds/advisories.atom', '/feeds/alerts.atom', '/feeds/countries/IQ.atom']) {
      const body = (await t.request('GET', feed)).body;
      for (const [, href] of body.matchAll(/<link rel="alternate" type="text\/html" href="([^"]+)"/g)) links.add(href!);
    }
    assert.ok(links.has(`${BASE}/country/iq`));
    for (const link of links) {
      const res = await t.request('GET', local(link));
      // 503 means "the web app is not built in this checkout": the route exists (src/http/web.ts appPaths).
      assert.ok(res.statusCode === 200 || (res.statusCode === 503 && res.json().type === '/problems/web-not-built'), `${link}: ${res.statusCode}`);
    }
  });

  it('a city-only and a site-only alert carry their country: CAP area and parameter, JSON, and that country\'s feed', async () => {
    const beirut = capitalOf('LB')!;
    const cityOnly = await publish(input({ ...noArea, cities: [{ id: beirut.id, radiusKm: 10 }] }));
    const siteOnly = await publish(input({ ...noArea, sites: ['Baghdad International Airport'] }));
    for (const [id, cc, name] of [[cityOnly, 'LB', 'Lebanon'], [siteOnly, 'IQ', 'Iraq']] as const) {
      const info = (await fetchCap(`/cap/alerts/${id}.xml`)).infos[0]!;
      assert.match(info.areas[0]!.areaDesc, new RegExp(`, ${name}$`));
      assert.ok(info.parameters?.some((p) => p.valueName === 'countries' && p.value === cc), id);
      const json = (await t.request('GET', `/api/public/alerts?country=${cc}`)).json().items as { id: string; countries: string[] }[];
      assert.deepEqual(json.find((a) => a.id === id)?.countries, [cc]);
      const feed = readCapFeed((await t.request('GET', `/feeds/countries/${cc}.atom`)).body);
      assert.ok(feed.ok && feed.feed.entries.some((e) => e.capLink?.includes(id)), `${id} in the ${cc} feed`);
    }
  });
});

describe('Google Public Alerts: feeds', () => {
  const site = () => capSiteOf(BASE, t.config.cap);
  const capLinks = async (at: Date) => {
    const read = readCapFeed((await buildFeed(t.db, site(), 'alerts', 'atom', undefined, at)).body);
    assert.ok(read.ok);
    return read.feed.entries.map((e) => e.capLink!);
  };

  it('cancelled messages stay 48 hours after the Cancel, then leave the feed', async () => {
    const chain = [ids.alertId, ids.updateId, ids.cancelId];
    const cancelSent = (await fetchCap(`/cap/alerts/${ids.cancelId}.xml`)).sent.getTime();
    const before = await capLinks(new Date(cancelSent + 47 * HOUR));
    for (const id of chain) assert.ok(before.some((l) => l.includes(id)), `${id} kept at 47 h`);
    const afterwards = await capLinks(new Date(cancelSent + 49 * HOUR));
    for (const id of chain) assert.ok(!afterwards.some((l) => l.includes(id)), `${id} dropped at 49 h`);
  });

  it('expired messages stay 48 hours after they expire, then leave the feed; advisories after their review period', async () => {
    const expires = new Date(Date.now() + 2 * HOUR);
    const id = await publish(input({ ...noArea, countries: ['IQ'] }, { expires: expires.toISOString() }));
    assert.ok((await capLinks(new Date(expires.getTime() + 47 * HOUR))).some((l) => l.includes(id)));
    assert.ok(!(await capLinks(new Date(expires.getTime() + 49 * HOUR))).some((l) => l.includes(id)));
    const advisories = async (at: Date) => readCapFeed((await buildFeed(t.db, site(), 'advisories', 'atom', undefined, at)).body);
    const soon = await advisories(new Date(Date.now() + 47 * HOUR));
    assert.ok(soon.ok);
    assert.deepEqual(soon.feed.entries.map((e) => e.capLink!.slice(BASE.length)).sort(),
      ['/cap/advisories/IQ/1.xml', '/cap/advisories/IQ/2.xml', '/cap/advisories/LB/1.xml']);
    const later = await advisories(new Date(Date.now() + 49 * HOUR));
    assert.ok(later.ok);
    assert.ok(!later.feed.entries.some((e) => e.capLink!.endsWith('/IQ/1.xml')), 'the superseded version leaves 48 h after it was superseded');
    const pastReview = await advisories(new Date(Date.now() + (10 * 24 + 49) * HOUR));
    assert.ok(pastReview.ok);
    assert.equal(pastReview.feed.entries.length, 0, 'unreviewed advisories leave 48 h after they expire');
  });

  it('every category carries a scheme (Atom scheme=, RSS domain=)', async () => {
    for (const feed of ['/feeds/advisories', '/feeds/alerts', '/feeds/countries/IQ']) {
      const atom = (await t.request('GET', `${feed}.atom`)).body;
      const categories = atom.match(/<category [^>]*>/g) ?? [];
      assert.ok(categories.length > 0, feed);
      for (const c of categories) assert.match(c, / scheme="[^"]+"/, `${feed}: ${c}`);
      assert.match(atom, /<category term="IQ" scheme="urn:iso:std:iso:3166:-1:alpha-2" label="Iraq"\/>/);
      const rss = (await t.request('GET', `${feed}.rss`)).body;
      const rssCategories = rss.match(/<category[^>]*>/g) ?? [];
      assert.ok(rssCategories.length > 0);
      for (const c of rssCategories) assert.match(c, /<category domain="[^"]+">/, `${feed}: ${c}`);
    }
    assert.match((await t.request('GET', '/feeds/alerts.atom')).body, /<category term="Security" scheme="urn:oasis:names:tc:emergency:cap:1.2#category"\/>/);
  });

  it('each RSS enclosure states the CAP document\'s real length in bytes', async () => {
    for (const feed of ['/feeds/advisories.rss', '/feeds/alerts.rss', '/feeds/countries/IQ.rss']) {
      const parsed = await new Parser().parseString((await t.request('GET', feed)).body);
      assert.ok(parsed.items.length > 0);
      for (const item of parsed.items) {
        const doc = await t.request('GET', local(item.enclosure!.url));
        assert.equal(Number(item.enclosure!.length), Buffer.byteLength(doc.body), item.enclosure!.url);
        assert.ok(Number(item.enclosure!.length) > 500);
      }
    }
  });

  it('an empty feed states a real update time: the last publication, also as Last-Modified', async () => {
    const res = await t.request('GET', '/feeds/countries/FR.atom');
    const read = readCapFeed(res.body);
    assert.ok(read.ok);
    assert.equal(read.feed.entries.length, 0);
    const updated = /<updated>([^<]+)<\/updated>/.exec(res.body)![1]!;
    assert.ok(Date.parse(updated) > Date.parse('2020-01-01'), updated);
    assert.ok(Math.abs(Date.parse(updated) - Date.now()) < 10 * 60_000, 'the seeding just now');
    assert.equal(Date.parse(String(res.headers['last-modified'])), Math.floor(Date.parse(updated) / 1000) * 1000);
    const rss = (await t.request('GET', '/feeds/countries/FR.rss')).body;
    assert.doesNotMatch(rss, /1970/);
  });
});
