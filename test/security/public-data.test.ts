/**
 * No personal data in any public response: load the demo, publish an alert to its travellers, then request
 * EVERY public GET route of the route table (path parameters filled from the demo) and scan each body for the
 * demo's names, e-mail addresses and phone numbers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemo } from '../../src/demo/load.js';
import { alertBody, publishNow } from '../support/alert-fixtures.js';
import { backend } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';
import { fillPath, sampleQueries } from './route-params.js';

describe(`no personal data in public responses (${backend})`, () => {
  let t: SecurityContext;
  const needles = new Set<string>();
  let alertId: string;
  let travellerId: string;
  before(async () => {
    t = await createSecurityContext();
    await loadDemo(t.db, { travellers: 300 });
    // Residents of the demo are still in Iraq: an alert now reaches them, so public alert documents exist.
    const published = await publishNow(t.db, alertBody({ area: { countries: ['IQ'] }, expires: new Date(Date.now() + 86_400_000).toISOString() }));
    alertId = published.alert.id;
    const people = await t.db.query<{ id: string; full_name: string; emergency_contact: { name?: string; phone?: string; email?: string } | null }>('SELECT id, full_name, emergency_contact FROM travellers');
    travellerId = people.rows[0]!.id;
    for (const p of people.rows) {
      needles.add(p.full_name);
      for (const v of [p.emergency_contact?.name, p.emergency_contact?.phone, p.emergency_contact?.email]) if (v) needles.add(v);
    }
    for (const c of (await t.db.query<{ address: string; channel: string }>('SELECT address, channel FROM contact_points')).rows) {
      needles.add(c.address);
      if (c.channel === 'sms') needles.add(c.address.replace(/^\+/, '')); // the number without its plus sign
    }
    for (const o of (await t.db.query<{ email: string }>('SELECT email FROM operators')).rows) needles.add(o.email);
    assert.ok(needles.size > 600, `only ${needles.size} needles`);
  });
  after(async () => { await t.close(); });

  const leaks = (body: string) => [...needles].filter((n) => n.length >= 6 && body.includes(n));

  it('the scanner finds the demo\'s personal data where it is meant to be (editor view)', async () => {
    const res = await t.request('GET', `/api/travellers/${travellerId}`, { as: 'editor' });
    assert.equal(res.statusCode, 200);
    assert.ok(leaks(res.body).length >= 2, 'a traveller record contains their name and contacts');
  });

  it('finds none of it in any public GET route', async () => {
    const version = (await t.db.query<{ version: number }>("SELECT version FROM advisories WHERE country_code = 'IQ' AND state = 'published'")).rows[0]!.version;
    const values = { uuid: alertId, alertId, slug: 'embassy-baghdad', cc: 'IQ', advisoryVersion: version };
    const routes = t.app.routeTable.filter((r) => r.access === 'public' && r.method === 'GET');
    assert.ok(routes.length >= 25, `only ${routes.length} public GET routes`);
    const found: string[] = [];
    let ok = 0;
    let requests = 0;
    for (const route of routes) {
      for (const query of sampleQueries[route.url] ?? ['']) {
        const url = fillPath(route.url, values) + query;
        const res = await t.app.inject({ method: 'GET', url });
        requests++;
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
        if (res.statusCode === 200) ok++;
        const hit = leaks(res.body);
        if (hit.length) found.push(`${url}: ${hit.slice(0, 3).join(', ')}`);
      }
    }
    assert.deepEqual(found, []);
    // The scan saw real content: most public routes answered with data built from the demo.
    assert.ok(ok >= routes.length / 2, `only ${ok} of ${requests} public requests answered 200`);
  });
});
