/**
 * The demo is one coherent moment: its scenario clock (3 January 2020, 12:00 UTC) is served to the console,
 * its records carry the model case's dates (advisories, the 08:00 alert, the morning's answers), the played
 * alert reaches exactly the people `who-is-in IQ --at 2020-01-03` lists, and an alert composed at the
 * scenario's moment and sent today sends links that work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lookupToken } from '../../src/checkins/answers.js';
import { loadDemo } from '../../src/demo/load.js';
import { alertBody, publishNow } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';

describe('the demo\'s scenario clock', () => {
  let t: TestContext;
  before(async () => { t = await createTestContext(); });
  after(async () => { await t.close(); });

  it('is absent without the demo: the console works in real time', async () => {
    const res = await t.request('GET', '/api/scenario', { role: 'viewer' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { name: null, asOf: null });
    assert.equal((await t.request('GET', '/api/scenario')).statusCode, 401);
  });

  it('dates every demo record to the model case and makes the alert\'s reach agree with who-is-in', async () => {
    const loaded = await loadDemo(t.db, { operators: false, played: true });
    const clock = (await t.request('GET', '/api/scenario', { role: 'viewer' })).json() as { name: string; asOf: string };
    assert.deepEqual(clock, { name: 'Baghdad, 3 January 2020', asOf: '2020-01-03T12:00:00.000Z' });

    const advisories = (await t.request('GET', '/api/advisories', { role: 'viewer' })).json().items as { countryCode: string; publishedAt: string }[];
    assert.equal(advisories.find((a) => a.countryCode === 'IQ')!.publishedAt, '2020-01-03T05:30:00.000Z');
    assert.ok(advisories.length >= 8 && advisories.every((a) => a.publishedAt < clock.asOf), 'every advisory published before the scenario\'s moment');

    const alert = (await t.request('GET', `/api/alerts/${loaded!.played!.alertId}`, { role: 'viewer' })).json() as { publishedAt: string; effective: string; expires: string };
    assert.deepEqual([alert.publishedAt, alert.effective, alert.expires], ['2020-01-03T08:00:00.000Z', '2020-01-03T08:00:00.000Z', '2020-01-03T23:59:59.000Z']);
    const { rows: [stored] } = await t.db.query<{ assistance: { contacts: { name: string; phone?: string }[] } }>('SELECT assistance FROM alerts WHERE id = $1', [loaded!.played!.alertId]);
    assert.ok(stored!.assistance.contacts.some((c) => /Baghdad/.test(c.name) && c.phone), `the played alert's Assistance names the embassy: ${JSON.stringify(stored!.assistance)}`);
    // who-is-in IQ --at 2020-01-03 counts that whole day.
    const day = (await t.request('POST', '/api/presence/count', { role: 'editor', body: { area: { countries: ['IQ'] }, from: '2020-01-03T00:00:00.000Z', to: '2020-01-03T23:59:59.999Z' } })).json() as { people: number };
    assert.ok(day.people > 500);
    assert.equal(loaded!.played!.recipients, day.people);

    const { rows } = await t.db.query<{ first: Date; last: Date; n: number }>(
      'SELECT min(answered_at) AS first, max(answered_at) AS last, count(*)::int AS n FROM checkins WHERE alert_id = $1', [loaded!.played!.alertId]);
    assert.equal(rows[0]!.n, loaded!.played!.answered);
    assert.ok(rows[0]!.first > new Date(alert.publishedAt) && rows[0]!.last < new Date(clock.asOf), 'answered that morning, before the scenario\'s noon');
  });

  it('sends working links for an alert composed at the scenario\'s moment and published today', async () => {
    const published = await publishNow(t.db, alertBody({ effective: '2020-01-03T12:00:00Z', expires: undefined }));
    assert.ok(published.recipients > 500);
    const { rows } = await t.db.query<{ checkin_no: string }>('SELECT checkin_no::text FROM alert_recipients WHERE alert_id = $1 LIMIT 1', [published.alert.id]);
    assert.equal((await lookupToken(t.db, rows[0]!.checkin_no, 0)).state, 'valid');
    // The played alert's links expired with its day, as they did in January 2020.
    const played = await t.db.query<{ checkin_no: string }>(
      `SELECT r.checkin_no::text FROM alert_recipients r JOIN alerts a ON a.id = r.alert_id WHERE a.published_at = '2020-01-03T08:00:00Z' LIMIT 1`);
    assert.equal((await lookupToken(t.db, played.rows[0]!.checkin_no, 0)).state, 'expired');
  });
});
