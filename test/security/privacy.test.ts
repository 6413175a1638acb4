/** Export and erasure of one traveller; erasure keeps the alert's delivery statistics, anonymously. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { alertProgress } from '../../src/alerts/progress.js';
import { verifyAuditLog } from '../../src/auth/audit.js';
import { addTravellers, alertBody, publishNow } from '../support/alert-fixtures.js';
import { recipientTokens } from '../support/checkin-fixtures.js';
import { backend, countRows } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';

describe(`personal data: export and erase (${backend})`, () => {
  let t: SecurityContext;
  let ids: Map<string, string>;
  let alertId: string;
  before(async () => {
    t = await createSecurityContext();
    ids = await addTravellers(t.db, [
      { tag: 'amira', country: 'IQ', lat: 33.31, lon: 44.36, channels: ['email', 'sms'] },
      { tag: 'bashir', country: 'IQ', channels: ['email'] },
      { tag: 'carla', country: 'IQ', channels: ['email', 'sms'] },
    ]);
    const published = await publishNow(t.db, alertBody());
    alertId = published.alert.id;
    assert.equal(published.recipients, 3);
    // One message went out before the erasure; the rest are still queued.
    await t.db.query(`UPDATE deliveries SET state = 'sent', sent_at = now(), finished_at = now(), provider_id = 'smtp-1' WHERE address = 'amira@t.test'`);
  });
  after(async () => { await t.close(); });

  it('exports everything held about one traveller (editor and above), and audits the export', async () => {
    const id = ids.get('amira')!;
    assert.equal((await t.request('GET', `/api/travellers/${id}/export`, { as: 'viewer' })).statusCode, 403);
    const res = await t.request('GET', `/api/travellers/${id}/export`, { as: 'editor' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['cache-control'], 'no-store');
    const data = res.json();
    assert.equal(data.traveller.fullName, 'Traveller amira');
    assert.deepEqual(data.traveller.contacts.map((c: { address: string }) => c.address).sort(), ['+447000000000', 'amira@t.test']);
    assert.equal(data.traveller.trips[0].lat, 33.31);
    assert.ok(data.traveller.consentAt);
    assert.deepEqual(data.alerts.map((a: { alertId: string; headline: string }) => [a.alertId, a.headline]), [[alertId, 'Depart Iraq immediately']]);
    assert.deepEqual(data.deliveries.map((d: { channel: string; state: string }) => `${d.channel}:${d.state}`).sort(), ['email:sent', 'sms:queued']);
    assert.ok(data.history.some((h: { action: string }) => h.action === 'traveller.export') === false, 'history is what happened before this export');
    const audited = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'traveller.export' AND entity_id = $1 AND actor_id = $2", [id, t.operatorIds.editor]);
    assert.equal(audited.rowCount, 1);
    assert.equal((await t.request('GET', '/api/travellers/00000000-0000-4000-8000-000000000000/export', { as: 'editor' })).statusCode, 404);
  });

  it('erases a traveller (approver and above) and keeps the alert statistics without the person', async () => {
    const id = ids.get('amira')!;
    const progressBefore = await alertProgress(t.db, alertId);
    const countsBefore = await countRows(t.db, ['alert_recipients', 'deliveries']);
    const link = `/c/${(await recipientTokens(t.db, t.config.secret, alertId)).get(id)!}`;
    assert.equal((await t.app.inject({ method: 'GET', url: link })).statusCode, 200);
    assert.equal((await t.request('DELETE', `/api/travellers/${id}`, { as: 'editor' })).statusCode, 403);
    const res = await t.request('DELETE', `/api/travellers/${id}`, { as: 'approver' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { id, erased: true, contacts: 2, trips: 1, alertsKeptAnonymously: 1, deliveriesKeptAnonymously: 2, otherRowsDeleted: 0 });
    assert.equal((await t.request('GET', `/api/travellers/${id}`, { as: 'editor' })).statusCode, 404);
    // Nothing left that names or reaches the person.
    for (const [table, column] of [['travellers', 'id'], ['contact_points', 'traveller_id'], ['trips', 'traveller_id'], ['alert_recipients', 'traveller_id'], ['deliveries', 'traveller_id']] as const) {
      assert.equal((await t.db.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [id])).rowCount, 0, table);
    }
    assert.equal((await t.db.query("SELECT 1 FROM deliveries WHERE address LIKE '%amira%' OR address = '+447000000000'")).rowCount, 0);
    // Statistics: same rows, same recipients, the sent message still counted; the queued one closed so no worker sends it.
    assert.deepEqual(await countRows(t.db, ['alert_recipients', 'deliveries']), countsBefore);
    const progressAfter = await alertProgress(t.db, alertId);
    assert.equal(progressAfter.total, progressBefore.total);
    assert.equal(progressAfter.recipients, 3);
    assert.equal(progressAfter.byState.sent, progressBefore.byState.sent);
    assert.equal(progressAfter.byState.failed, progressBefore.byState.failed + 1);
    const anon = await t.db.query<{ traveller_id: string; address: string; last_error: string | null }>(
      "SELECT d.traveller_id, d.address, d.last_error FROM deliveries d WHERE d.address = '[erased]' ORDER BY d.channel");
    assert.equal(anon.rowCount, 2);
    assert.equal(anon.rows[0]!.traveller_id, anon.rows[1]!.traveller_id, 'one pseudonym per erased recipient of the alert');
    const recipient = await t.db.query<{ checkin_no: string | null; trip_id: string | null }>('SELECT checkin_no, trip_id FROM alert_recipients WHERE traveller_id = $1', [anon.rows[0]!.traveller_id]);
    assert.equal(recipient.rowCount, 1);
    assert.equal(recipient.rows[0]!.checkin_no, null);
    assert.equal((await t.app.inject({ method: 'GET', url: link })).statusCode, 404, 'their check-in link opens nothing any more');
    assert.equal(recipient.rows[0]!.trip_id, null);
    // The others are untouched, and the audit row records counts only.
    assert.equal((await t.db.query("SELECT 1 FROM deliveries WHERE address = 'bashir@t.test'")).rowCount, 1);
    const audit = (await t.db.query<{ after: Record<string, unknown> }>("SELECT after FROM audit_log WHERE action = 'traveller.erase'")).rows[0]!;
    assert.ok(!JSON.stringify(audit.after).includes('amira'));
    assert.equal((await verifyAuditLog(t.db)).ok, true);
    assert.equal((await t.request('DELETE', `/api/travellers/${id}`, { as: 'approver' })).statusCode, 404);
  });

  it('erases rows in any other table that holds a traveller_id (found from the catalogue)', async () => {
    await t.db.query('CREATE TABLE privacy_probe (id serial PRIMARY KEY, traveller_id uuid NOT NULL, note text)');
    const id = ids.get('carla')!;
    await t.db.query("INSERT INTO privacy_probe (traveller_id, note) VALUES ($1, 'shared location 33.3,44.4'), ($1, 'second')", [id]);
    const exported = (await t.request('GET', `/api/travellers/${id}/export`, { as: 'admin' })).json();
    assert.deepEqual(exported.other.privacy_probe.map((r: { note: string }) => r.note).sort(), ['second', 'shared location 33.3,44.4']);
    const erased = await t.request('DELETE', `/api/travellers/${id}`, { as: 'admin' });
    assert.equal(erased.json().otherRowsDeleted, 2);
    assert.equal((await t.db.query('SELECT 1 FROM privacy_probe')).rowCount, 0);
  });
});
