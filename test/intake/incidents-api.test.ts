import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestContext, type TestContext } from '../support/app.js';
import { alertBody } from '../support/alert-fixtures.js';
import { countRows } from '../support/db.js';

const scenarioPath = fileURLToPath(new URL('../../../shared/scenario/baghdad-2020-01-03.txt', import.meta.url));
const scenario = readFileSync(scenarioPath, 'utf8');
const tables = ['intake_documents', 'incidents', 'incident_documents', 'intake_actors', 'incident_actors', 'audit_log'];

/** Same story, re-worded in a few places: a near-duplicate (5-gram Jaccard ≥ 0.8), not an exact copy. */
const nearDuplicate = scenario
  .replace('has urged American citizens', 'has urged US citizens')
  .replace('until further notice warning', 'until further notice, warning')
  .replace('for the time being.', 'for now.');

const followUp = `date 2020-01-04
Iranian Foreign Minister Mohammad Javad Zarif vowed revenge on Saturday for the U.S. airstrike in Baghdad that killed General Qassem Soleimani.
The State Department again urged American citizens to depart Iraq immediately.`;

const unrelated = `date 2020-01-07
A magnitude 6.4 earthquake struck off the coast of Hokkaido, Japan, on Tuesday, the Japan Meteorological Agency said.
Dozens of homes were damaged in Sapporo and power was cut to thousands of households.`;

let t: TestContext;
let incidentId = '';

before(async () => {
  t = await createTestContext();
  const site = await t.request('POST', '/api/sites', { role: 'editor', body: { name: 'Baghdad International Airport', lat: 33.2625, lon: 44.2346, radiusKm: 5 } });
  assert.equal(site.statusCode, 201, site.body);
});
after(async () => t.close());

describe('POST /api/intake', () => {
  test('the Baghdad scenario becomes one incident with its places, actors and events', async () => {
    const res = await t.request('POST', '/api/intake', { role: 'editor', body: { text: scenario } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.documents.length, 1);
    assert.equal(body.documents[0].outcome, 'new');
    assert.equal(body.documents[0].date, '2020-01-03');
    assert.equal(body.incidents.length, 1);
    assert.equal(body.incidents[0].change, 'created');
    incidentId = body.incidents[0].id;
    assert.equal(body.documents[0].incidentId, incidentId);

    const detail = (await t.request('GET', `/api/incidents/${incidentId}`, { role: 'viewer' })).json();
    assert.equal(detail.status, 'new');
    assert.equal(detail.firstSeen, '2020-01-02');
    assert.equal(detail.lastSeen, '2020-01-03');
    assert.equal(detail.severity, 5);
    assert.equal(detail.sources.length, 1);
    assert.deepEqual(detail.countryCodes, ['IL', 'IQ', 'IR', 'US']);
    const place = (kind: string, code: string) => detail.places.find((p: { kind: string; code: string }) => p.kind === kind && p.code === code);
    for (const cc of ['IQ', 'IR', 'US', 'IL']) assert.ok(place('country', cc), `country ${cc}`);
    const airport = place('site', 'Baghdad International Airport');
    assert.ok(airport, 'the airport site');
    assert.ok(Math.abs(airport.lat - 33.2625) < 1e-6 && Math.abs(airport.lon - 44.2346) < 1e-6);
    assert.ok(airport.surfaces.includes('Baghdad’s international airport'));
    const baghdad = detail.places.find((p: { kind: string; name: string }) => p.kind === 'city' && p.name === 'Baghdad');
    assert.ok(baghdad && Math.abs(baghdad.lat - 33.34) < 0.2 && Math.abs(baghdad.lon - 44.4) < 0.2, 'Baghdad with coordinates');

    const actor = (name: string) => detail.actors.find((a: { name: string }) => a.name === name);
    for (const name of ['Qassem Soleimani', 'Donald Trump', 'State Department', 'Pentagon', 'US Embassy in Baghdad', 'Quds Force', 'Iranian-backed militias']) assert.ok(actor(name), name);
    const zarif = actor('Mohammad Javad Zarif');
    for (const form of ['Mohammad Javad Zarif', 'Zaif', 'Zairf']) assert.ok(zarif.surfaceForms.includes(form), form);
    assert.ok(detail.actors.some((a: { acronym?: string }) => a.acronym === 'IRGC'), 'IRGC');

    const event = (type: string) => detail.events.find((e: { type: string }) => e.type === type);
    assert.equal(event('military_strike').date, '2020-01-03');
    assert.equal(event('military_strike').place.name, 'Baghdad International Airport');
    assert.equal(event('diplomatic_facility_attack').date, '2020-01-02');
    assert.equal(event('evacuation_departure').place.countryCode, 'IQ');
    assert.ok(event('suspension_of_services').sentence.includes('consular operations are suspended'));
    assert.ok(event('threat_warning'));
    assert.ok(detail.timeline.length >= 6);
    assert.equal(detail.timeline[0].date, '2020-01-02', 'the timeline starts with the siege on Thursday');
  });

  test('the same text again stores nothing new', async () => {
    const before = await countRows(t.db, tables);
    const res = await t.request('POST', '/api/intake', { role: 'editor', body: { text: scenario } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.documents[0].outcome, 'duplicate');
    assert.equal(body.documents[0].incidentId, incidentId);
    assert.deepEqual(body.incidents, []);
    assert.deepEqual(await countRows(t.db, tables), before);
  });

  test('a near-duplicate is stored, points at its original and joins the same incident', async () => {
    const res = await t.request('POST', '/api/intake', { role: 'editor', body: nearDuplicate, headers: { 'content-type': 'text/plain' } });
    assert.equal(res.statusCode, 201, res.body);
    const doc = res.json().documents[0];
    assert.equal(doc.outcome, 'near_duplicate');
    assert.equal(doc.incidentId, incidentId);
    assert.ok(doc.similarity >= 0.8 && doc.similarity < 1);
    const detail = (await t.request('GET', `/api/incidents/${incidentId}`, { role: 'viewer' })).json();
    assert.equal(detail.sources.length, 2);
    assert.equal(detail.sources[1].duplicateOf, detail.sources[0].id);
  });

  test('a different report of the same events (time, place, type, actors) joins the incident', async () => {
    const res = await t.request('POST', '/api/intake', { role: 'editor', body: { text: followUp } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.documents[0].outcome, 'new');
    assert.equal(body.documents[0].incidentId, incidentId);
    assert.equal(body.incidents[0].change, 'updated');
    assert.equal(body.incidents[0].lastSeen, '2020-01-04');
    assert.equal(body.incidents[0].documentCount, 3);
  });

  test('an unrelated article makes a different incident', async () => {
    const res = await t.request('POST', '/api/intake', { role: 'editor', body: { text: unrelated } });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json().incidents[0];
    assert.equal(created.change, 'created');
    assert.notEqual(created.id, incidentId);
    assert.ok(created.countryCodes.includes('JP'));
    assert.deepEqual(created.eventTypes, ['natural_disaster']);
  });

  test('actors are merged across documents in the actor table, every spelling kept', async () => {
    const { rows } = await t.db.query<{ n: number; forms: string[] }>(
      `SELECT count(*)::int AS n, max(surface_forms::text)::text[] AS forms FROM intake_actors WHERE name = 'Mohammad Javad Zarif'`);
    assert.equal(rows[0]!.n, 1);
    for (const form of ['Zaif', 'Zairf', 'Mohammad Javad Zarif']) assert.ok(rows[0]!.forms.includes(form), form);
  });

  const bad: Array<[string, { body: unknown; headers?: Record<string, string> }, { status: number; type: string; field: string; detail: RegExp }]> = [
    ['an empty text', { body: { text: '   \n ' } }, { status: 422, type: '/problems/validation', field: 'text', detail: /^text: input is empty$/ }],
    ['no document field', { body: { url: 'https://example.org/a' } }, { status: 422, type: '/problems/validation', field: 'text', detail: /one of text, html, feed or jsonl is required/ }],
    ['two document fields', { body: { text: 'a', html: '<p>b</p>' } }, { status: 422, type: '/problems/validation', field: 'html', detail: /not text and html/ }],
    ['a binary body', { body: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0xff, 0xfe]), headers: { 'content-type': 'application/octet-stream' } },
      { status: 422, type: '/problems/validation', field: 'body', detail: /^body: input looks binary/ }],
    ['invalid UTF-8', { body: Buffer.from([0x68, 0x69, 0x20, 0xc3, 0x28, 0x21]), headers: { 'content-type': 'text/plain' } },
      { status: 422, type: '/problems/validation', field: 'body', detail: /^body: / }],
    ['a 6 MB text', { body: `date 2020-01-03\n${'Baghdad. '.repeat(700_000)}`, headers: { 'content-type': 'text/plain' } },
      { status: 413, type: '/problems/payload-too-large', field: 'body', detail: /over the 5\.0 MB limit/ }],
    ['a malformed feed', { body: { feed: '<rss version="2.0"><channel><item><title>x</title></channel>' } }, { status: 422, type: '/problems/validation', field: 'feed', detail: /^feed: / }],
    ['a bad JSON line', { body: { jsonl: '{"text": "ok"}\n{"text": ' } }, { status: 422, type: '/problems/validation', field: 'jsonl', detail: /line 2/ }],
  ];
  for (const [name, input, expected] of bad) {
    test(`refuses ${name} with a problem naming the field, storing nothing`, async () => {
      const before = await countRows(t.db, tables);
      const res = await t.request('POST', '/api/intake', { role: 'editor', body: input.body, ...(input.headers ? { headers: input.headers } : {}) });
      assert.equal(res.statusCode, expected.status, res.body);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      const p = res.json();
      assert.equal(p.type, expected.type);
      assert.equal(p.status, expected.status);
      assert.equal(p.errors[0].field, expected.field);
      assert.match(p.detail, expected.detail);
      assert.deepEqual(await countRows(t.db, tables), before);
    });
  }

  test('a feed with a good item and a bad one stores nothing (one transaction)', async () => {
    const before = await countRows(t.db, tables);
    const jsonl = `{"text": "Floods hit Jakarta, Indonesia on Saturday.", "date": "2020-02-01"}\n{"text": "More floods.", "date": "soon"}`;
    const res = await t.request('POST', '/api/intake', { role: 'editor', body: { jsonl } });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(res.json().detail, 'jsonl: line 2: unreadable date "soon"');
    assert.deepEqual(await countRows(t.db, tables), before);
  });

  test('a viewer may not ingest', async () => {
    const res = await t.request('POST', '/api/intake', { role: 'viewer', body: { text: 'date 2020-01-03\nProtests in Paris, France.' } });
    assert.equal(res.statusCode, 403);
  });
});

describe('incidents', () => {
  test('are listed newest first, filtered by country and status, paginated', async () => {
    const all = (await t.request('GET', '/api/incidents', { role: 'viewer' })).json();
    assert.equal(all.total, 2);
    assert.equal(all.items[0].countryCodes.includes('JP'), true, 'the January 7 earthquake first');
    const iraq = (await t.request('GET', '/api/incidents?country=iq', { role: 'viewer' })).json();
    assert.deepEqual(iraq.items.map((i: { id: string }) => i.id), [incidentId]);
    const page = (await t.request('GET', '/api/incidents?limit=1&offset=1', { role: 'viewer' })).json();
    assert.deepEqual([page.items.length, page.total, page.items[0].id], [1, 2, incidentId]);
    const bad = await t.request('GET', '/api/incidents?status=maybe', { role: 'viewer' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'querystring.status');
    assert.equal((await t.request('GET', '/api/incidents')).statusCode, 401);
  });

  test('an unknown incident is a 404 problem', async () => {
    const res = await t.request('GET', '/api/incidents/00000000-0000-4000-8000-000000000000', { role: 'viewer' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().type, '/problems/not-found');
  });

  test('the suggestion is a draft security alert: depart Iraq, do not approach the embassy; Level 4 suggested', async () => {
    assert.equal((await t.request('GET', `/api/incidents/${incidentId}/suggestion`, { role: 'viewer' })).statusCode, 403);
    const before = await countRows(t.db, tables);
    const res = await t.request('GET', `/api/incidents/${incidentId}/suggestion`, { role: 'editor' });
    assert.equal(res.statusCode, 200, res.body);
    const s = res.json();
    assert.equal(s.alert.draft, true);
    assert.equal(s.alert.kind, 'security_alert');
    assert.deepEqual(s.alert.countryCodes, ['IQ']);
    assert.match(s.alert.instruction, /^Depart Iraq immediately\b/);
    assert.match(s.alert.instruction, /Do not approach the US Embassy in Baghdad\./);
    assert.equal(s.alert.cap.urgency, 'Immediate');
    assert.equal(s.alert.cap.severity, 'Extreme');
    assert.ok(s.alert.area.circles.some((c: { name: string; radiusKm: number }) => c.name === 'Baghdad International Airport' && c.radiusKm === 5));
    assert.deepEqual([s.advisory.countryCode, s.advisory.suggestedLevel, s.advisory.currentLevel, s.advisory.change], ['IQ', 4, null, true]);
    assert.deepEqual(await countRows(t.db, tables), before, 'a suggestion writes nothing');
  });

  test('review: reviewed, then linked to an alert, each audited; bad reviews refused', async () => {
    const audit = (await countRows(t.db, ["audit_log"])).audit_log!;
    assert.equal((await t.request('POST', `/api/incidents/${incidentId}/review`, { role: 'viewer', body: { status: 'reviewed' } })).statusCode, 403);
    const reviewed = await t.request('POST', `/api/incidents/${incidentId}/review`, { role: 'editor', body: { status: 'reviewed', note: 'confirmed by the post' } });
    assert.equal(reviewed.statusCode, 200, reviewed.body);
    assert.deepEqual([reviewed.json().status, reviewed.json().reviewNote], ['reviewed', 'confirmed by the post']);
    const again = await t.request('POST', `/api/incidents/${incidentId}/review`, { role: 'editor', body: { status: 'reviewed' } });
    assert.equal(again.statusCode, 409);
    const noAlert = await t.request('POST', `/api/incidents/${incidentId}/review`, { role: 'editor', body: { status: 'linked' } });
    assert.equal(noAlert.statusCode, 422);
    assert.equal(noAlert.json().errors[0].field, 'alertId');
    const unknown = await t.request('POST', `/api/incidents/${incidentId}/review`, { role: 'editor', body: { status: 'linked', alertId: '00000000-0000-4000-8000-000000000001' } });
    assert.equal(unknown.statusCode, 422, unknown.body);
    assert.deepEqual(unknown.json().errors[0], { field: 'alertId', message: 'no alert 00000000-0000-4000-8000-000000000001' });
    const alert = await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() });
    assert.equal(alert.statusCode, 201, alert.body);
    const alertId = alert.json().id as string;
    const audited = (await countRows(t.db, ['audit_log'])).audit_log!;
    const linked = await t.request('POST', `/api/incidents/${incidentId}/review`, { role: 'editor', body: { status: 'linked', alertId } });
    assert.equal(linked.statusCode, 200, linked.body);
    assert.deepEqual([linked.json().status, linked.json().linkedAlertId], ['linked', alertId]);
    assert.equal((await countRows(t.db, ['audit_log'])).audit_log, audited + 1);
    assert.equal(audited, audit + 2, 'the review and the alert draft were audited; refused reviews were not');
    const listed = (await t.request('GET', '/api/incidents?status=linked', { role: 'viewer' })).json();
    assert.deepEqual(listed.items.map((i: { id: string }) => i.id), [incidentId]);
    const last = await t.db.query<{ action: string; entity_id: string }>(`SELECT action, entity_id FROM audit_log ORDER BY seq DESC LIMIT 1`);
    assert.deepEqual(last.rows[0], { action: 'incident.review', entity_id: incidentId });
  });
});

describe('prototype keys through the API (issue 14)', () => {
  test('a text with "constructor", "__proto__" or "toString" is read (201), not a 500, with its real places', async () => {
    const text = 'date 2020-01-09\nThe constructor of the Toronto tower said on Thursday that __proto__ and toString were words, not places. A fire broke out in Toronto, Ontario.';
    const res = await t.request('POST', '/api/intake', { role: 'editor', body: { text } });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().incidents[0]?.id ?? res.json().documents[0].incidentId;
    const detail = (await t.request('GET', `/api/incidents/${id}`, { role: 'viewer' })).json();
    assert.deepEqual(detail.places.map((p: { kind: string; countryCode: string }) => `${p.kind} ${p.countryCode}`).sort(), ['city CA', 'subdivision CA']);
  });
});
