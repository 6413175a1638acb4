/**
 * The public JSON API and every public document: right content, cacheable, and free of
 * personal data — travellers with known names, e-mails and phone numbers are seeded and every
 * public response body is scanned for them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../support/app.js';
import { PERSONAL, seedAdvisories, seedAlerts, seedPostsAndTravellers, type SeededAlerts } from './seed.js';

let t: TestContext;
let ids: SeededAlerts;
const bodies = new Map<string, string>();

before(async () => {
  t = await createTestContext();
  await seedAdvisories(t.db);
  await seedPostsAndTravellers(t.db);
  ids = await seedAlerts(t.db, t.config.secret);
});
after(async () => { await t.close(); });

async function getPublic(path: string) {
  const res = await t.request('GET', path);
  assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
  bodies.set(path, res.body);
  return res;
}

describe('public JSON', () => {
  it('/api/public/advisories lists every country with an advisory: level, label, indicators, updated, links', async () => {
    const res = await getPublic('/api/public/advisories');
    assert.match(String(res.headers['cache-control']), /public/);
    const items = res.json().items as { countryCode: string; level: number; levelLabel: string; indicators: { code: string }[]; updated: string; links: { cap: string } }[];
    assert.deepEqual(items.map((i) => i.countryCode), ['IQ', 'LB']);
    const iq = items[0]!;
    assert.equal(iq.level, 4);
    assert.equal(iq.levelLabel, 'Do not travel');
    assert.deepEqual(iq.indicators.map((i) => i.code).sort(), ['K', 'O', 'T', 'U']);
    assert.ok(!Number.isNaN(Date.parse(iq.updated)));
    assert.equal(iq.links.cap, 'http://warden.test/cap/advisories/IQ.xml');
  });

  it('/api/public/advisories/:cc carries the history and the posts', async () => {
    const body = (await getPublic('/api/public/advisories/iq')).json();
    assert.equal(body.level, 4);
    assert.deepEqual(body.history.map((h: { version: number }) => h.version), [2, 1]);
    assert.equal(body.history[1].cap, 'http://warden.test/cap/advisories/IQ/1.xml');
    assert.equal(body.posts.length, 1);
    assert.equal(body.posts[0].status, 'suspended');
    assert.equal(body.posts[0].doNotApproach, true);
    const missing = await t.request('GET', '/api/public/advisories/FR');
    assert.equal(missing.statusCode, 404);
    const bad = await t.request('GET', '/api/public/advisories/QQ');
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().errors[0].field, 'cc');
  });

  it('/api/public/alerts lists published public alerts with CAP links, never drafts or recipients', async () => {
    const body = (await getPublic('/api/public/alerts')).json();
    assert.deepEqual(new Set(body.items.map((a: { id: string }) => a.id)), new Set([ids.alertId, ids.updateId, ids.cancelId]));
    const cancel = body.items.find((a: { id: string }) => a.id === ids.cancelId);
    assert.equal(cancel.msgType, 'Cancel');
    assert.equal(cancel.links.cap, `http://warden.test/cap/alerts/${ids.cancelId}.xml`);
    assert.deepEqual(cancel.countries, ['IQ']);
    for (const item of body.items) {
      assert.equal('recipientCount' in item, false);
      assert.ok(item.effective && item.areaDescription && item.headline);
    }
    assert.equal((await getPublic('/api/public/alerts?country=LB')).json().items.length, 0);
    assert.equal((await getPublic('/api/public/alerts?country=IQ')).json().items.length, 3);
  });

  it('answers If-None-Match with 304 on the JSON endpoints', async () => {
    for (const path of ['/api/public/advisories', '/api/public/advisories/IQ', '/api/public/alerts']) {
      const first = await t.request('GET', path);
      const again = await t.request('GET', path, { headers: { 'if-none-match': String(first.headers.etag) } });
      assert.equal(again.statusCode, 304, path);
    }
  });

  it('no public response contains a traveller\'s name, e-mail, phone or emergency contact, or an operator', async () => {
    for (const path of ['/feeds/advisories.atom', '/feeds/advisories.rss', '/feeds/alerts.atom', '/feeds/alerts.rss',
      '/feeds/countries/IQ.atom', '/feeds/countries/IQ.rss', '/cap/advisories/IQ.xml', '/cap/advisories/IQ/1.xml',
      `/cap/alerts/${ids.alertId}.xml`, `/cap/alerts/${ids.updateId}.xml`, `/cap/alerts/${ids.cancelId}.xml`]) {
      await getPublic(path);
    }
    assert.ok(bodies.size >= 16, `scanned ${bodies.size} responses`);
    const needles = [...PERSONAL.emails, ...PERSONAL.phones, ...PERSONAL.names, ...PERSONAL.emergency,
      '7911 123456', '415-555-2671', '@ops.test', 'SECRET DRAFT', ids.draftId];
    for (const [path, body] of bodies) {
      const lower = body.toLowerCase();
      for (const needle of needles) assert.ok(!lower.includes(needle.toLowerCase()), `${path} contains ${needle}`);
    }
    // The scan can fail: the same needles are found where they are meant to be.
    const staff = await t.request('GET', '/api/travellers?q=Haddad', { role: 'editor' });
    assert.equal(staff.statusCode, 200);
    assert.ok(staff.body.toLowerCase().includes(PERSONAL.names[0]!.toLowerCase()), 'the scan finds a name where it is meant to be');
  });
});
