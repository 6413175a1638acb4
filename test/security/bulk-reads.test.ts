/**
 * Findings 11 and 12 of the red-team pass: counts pinpointed individuals (a viewer's 1 m circle said
 * "people: 1" with the channels; the board filtered by a unique organisation gave one person's status), and
 * bulk reads of personal data left no trace in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditLog } from '../../src/auth/audit.js';
import { boardCountsFor } from '../../src/checkins/accountability.js';
import { boardQuery } from '../../src/checkins/schema.js';
import { addTravellers, alertBody, publishNow } from '../support/alert-fixtures.js';
import { backend } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';

describe(`small counts and audited bulk reads (${backend})`, () => {
  let t: SecurityContext;
  let alertId: string;
  const lonely = { lat: 36.19, lon: 44.01 }; // alone in Erbil
  const from = new Date(Date.now() - 3_600_000).toISOString();

  before(async () => {
    t = await createSecurityContext({ config: { secret: 'bulk-reads-secret-bulk-reads-secret-0123' } });
    const ids = await addTravellers(t.db, [
      { tag: 'lonely', country: 'IQ', ...lonely, channels: ['email', 'sms'] },
      ...Array.from({ length: 6 }, (_, i) => ({ tag: `crowd${i}`, country: 'IQ', lat: 33.31, lon: 44.36, channels: i < 2 ? ['email', 'sms'] as ('email' | 'sms')[] : ['email'] as 'email'[] })),
    ]);
    await t.db.query(`UPDATE travellers SET organisation = 'Only One Ltd' WHERE id = $1`, [ids.get('lonely')!]);
    await t.db.query(`UPDATE travellers SET organisation = 'Northgate' WHERE external_ref LIKE 'crowd%'`);
    alertId = (await publishNow(t.db, alertBody({ area: { countries: ['IQ'] } }))).alert.id;
  });
  after(async () => { await t.close(); });

  const count = (as: 'viewer' | 'editor', area: unknown) => t.request('POST', '/api/presence/count', { as, body: { area, from } });
  const auditRows = async (action: string) => (await t.db.query<{ actor_id: string; entity_id: string | null; after: { filter: Record<string, unknown>; rows: number } }>(
    'SELECT actor_id, entity_id, after FROM audit_log WHERE action = $1 ORDER BY seq', [action])).rows;

  it('a viewer\'s presence count hides a small group entirely and small cells of a larger one; editors see exact figures', async () => {
    const circle = { circles: [{ lat: lonely.lat, lon: lonely.lon, radiusKm: 0.001 }] };
    const viewer = await count('viewer', circle);
    assert.equal(viewer.statusCode, 200, viewer.body);
    assert.deepEqual([viewer.json().people, viewer.json().unreachable, viewer.json().byChannel], ['<5', '<5', { email: '<5', sms: '<5', webhook: '<5', webpush: '<5' }]);
    const editor = await count('editor', circle);
    assert.deepEqual([editor.json().people, editor.json().byChannel], [1, { email: 1, sms: 1, webhook: 0, webpush: 0 }]);
    const country = await count('viewer', { countries: ['IQ'] });
    assert.deepEqual([country.json().people, country.json().unreachable, country.json().byChannel], [7, 0, { email: 7, sms: '<5', webhook: 0, webpush: 0 }]);
  });

  it('a viewer\'s board filtered down to one organisation member tells nothing; the unfiltered board keeps large cells exact', async () => {
    const one = await t.request('GET', `/api/alerts/${alertId}/accountability?organisation=${encodeURIComponent('Only One Ltd')}`, { as: 'viewer' });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().total, '<5');
    assert.deepEqual(one.json().counts, { safe: '<5', departed: '<5', need_help: '<5', no_answer: '<5', unreachable: '<5' });
    assert.equal(one.json().people, undefined);
    const all = (await t.request('GET', `/api/alerts/${alertId}/accountability`, { as: 'viewer' })).json();
    assert.deepEqual([all.total, all.counts.no_answer, all.counts.safe], [7, 7, 0]);
    const exact = (await t.request('GET', `/api/alerts/${alertId}/accountability?organisation=${encodeURIComponent('Only One Ltd')}`, { as: 'editor' })).json();
    assert.deepEqual([exact.total, exact.counts.no_answer, exact.people.length], [1, 1, 1]);
    // The live stream's counts follow the same rule.
    const query = boardQuery.parse({ organisation: 'Only One Ltd' });
    const viewerActor = { id: t.operatorIds.viewer, label: 'viewer@ops.test', role: 'viewer' as const };
    assert.equal((await boardCountsFor(t.db, viewerActor, alertId, query)).total, '<5');
    assert.equal((await boardCountsFor(t.db, { ...viewerActor, role: 'editor' }, alertId, query)).total, 1);
  });

  it('audits every bulk read of personal data with the filter used and the row count; counts-only reads are not audited', async () => {
    const presence = await t.request('POST', '/api/presence', { as: 'editor', body: { area: { countries: ['IQ'] }, from, limit: 5 } });
    assert.equal(presence.statusCode, 200, presence.body);
    assert.equal(presence.json().items.length, 5);
    const search = await t.request('GET', '/api/travellers?organisation=Northgate', { as: 'editor' });
    assert.equal(search.json().items.length, 6);
    const board = await t.request('GET', `/api/alerts/${alertId}/accountability?organisation=Northgate&limit=4`, { as: 'approver' });
    assert.equal(board.json().people.length, 4);
    const csv = await t.request('GET', `/api/alerts/${alertId}/accountability?format=csv&status=no_answer`, { as: 'editor' });
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body.trim().split('\r\n').length, 1 + 7);
    const deliveries = await t.request('GET', `/api/alerts/${alertId}/deliveries?channel=sms`, { as: 'editor' });
    assert.equal(deliveries.json().items.length, 3);

    assert.deepEqual(await auditRows('presence.list'), [{ actor_id: t.operatorIds.editor, entity_id: null,
      after: { filter: { area: { countries: ['IQ'], subdivisions: [], cities: [], sites: [], circles: [], polygons: [] }, from: new Date(from).toISOString(), to: null, limit: 5 }, rows: 5 } }]);
    assert.deepEqual(await auditRows('traveller.search'), [{ actor_id: t.operatorIds.editor, entity_id: null, after: { filter: { organisation: 'Northgate', limit: 50 }, rows: 6 } }]);
    // The editor's board of one organisation member (previous test) was a read of people too; the viewers' boards were not.
    assert.deepEqual(await auditRows('accountability.list'), [
      { actor_id: t.operatorIds.editor, entity_id: alertId, after: { filter: { organisation: 'Only One Ltd', limit: 500, offset: 0 }, rows: 1 } },
      { actor_id: t.operatorIds.approver, entity_id: alertId, after: { filter: { organisation: 'Northgate', limit: 4, offset: 0 }, rows: 4 } }]);
    assert.deepEqual(await auditRows('accountability.csv'), [{ actor_id: t.operatorIds.editor, entity_id: alertId, after: { filter: { status: 'no_answer' }, rows: 7 } }]);
    assert.deepEqual(await auditRows('delivery.list'), [{ actor_id: t.operatorIds.editor, entity_id: alertId, after: { filter: { channel: 'sms', limit: 100 }, rows: 3 } }]);
    assert.equal((await verifyAuditLog(t.db)).ok, true);
  });
});
