/** Two-person rule for post status suspended/closed, and the admin's audited, flagged emergency override (posts, alerts, advisories). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditLog } from '../../src/auth/audit.js';
import { systemActor } from '../../src/auth/roles.js';
import { createPost, setPostStatus } from '../../src/posts/service.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { backend, countRows } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';

const suspend = { status: 'suspended', message: 'All public consular operations are suspended. Do not approach the Embassy.', doNotApproach: true, departurePosture: 'ordered' };

describe(`two-person rule and emergency override (${backend})`, () => {
  let t: SecurityContext;
  before(async () => {
    t = await createSecurityContext({ config: { secret: 'two-person-secret-two-person-secret-0123' } });
    for (const slug of ['embassy-baghdad', 'consulate-erbil']) {
      await createPost(t.db, systemActor('test'), { slug, name: slug, kind: slug.startsWith('embassy') ? 'embassy' : 'consulate', countryCode: 'IQ', city: 'Baghdad', contacts: {} });
    }
  });
  after(async () => { await t.close(); });

  it('applies normal and limited at once, but turns suspended into a pending request', async () => {
    const limited = await t.request('PUT', '/api/posts/embassy-baghdad/status', { as: 'editor', body: { status: 'limited', message: 'Visa services paused' } });
    assert.equal(limited.statusCode, 200, limited.body);
    assert.equal(limited.json().status, 'limited');
    const before = await countRows(t.db, ['post_status_history']);
    const asked = await t.request('PUT', '/api/posts/embassy-baghdad/status', { as: 'editor', body: suspend });
    assert.equal(asked.statusCode, 202, asked.body);
    assert.equal(asked.json().request.state, 'pending');
    assert.equal(asked.json().request.status, 'suspended');
    assert.equal((await t.request('GET', '/api/posts/embassy-baghdad')).json().status, 'limited', 'nothing changes before approval');
    assert.deepEqual(await countRows(t.db, ['post_status_history']), before);
    const pending = await t.request('GET', '/api/posts/status-requests?state=pending', { as: 'editor' });
    assert.deepEqual(pending.json().items.map((r: { id: string }) => r.id), [asked.json().request.id]);
  });

  it('refuses approval by the requester and by a non-approver; a second approver applies it', async () => {
    const asked = await t.request('PUT', '/api/posts/consulate-erbil/status', { as: 'approver', body: { ...suspend, status: 'closed' } });
    assert.equal(asked.statusCode, 202);
    const id = asked.json().request.id as string;
    const own = await t.request('POST', `/api/posts/status-requests/${id}/approve`, { as: 'approver' });
    assert.equal(own.statusCode, 403);
    assert.equal(own.json().detail, 'a status change needs approval by a second operator, not its requester');
    assert.equal((await t.request('POST', `/api/posts/status-requests/${id}/approve`, { as: 'editor' })).statusCode, 403);
    const approved = await t.request('POST', `/api/posts/status-requests/${id}/approve`, { as: 'approver2' });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().status, 'closed');
    assert.equal((await t.request('POST', `/api/posts/status-requests/${id}/approve`, { as: 'admin' })).statusCode, 409, 'approved once');
    const audit = await t.db.query<{ actor_id: string; after: { requestedBy: string; approvedBy: string } }>(
      "SELECT actor_id, after FROM audit_log WHERE action = 'post.status' ORDER BY seq DESC LIMIT 1");
    assert.equal(audit.rows[0]!.after.requestedBy, t.operatorIds.approver);
    assert.equal(audit.rows[0]!.after.approvedBy, t.operatorIds.approver2);
  });

  it('lets a second operator reject, and a newer request supersede an older one', async () => {
    const first = (await t.request('PUT', '/api/posts/embassy-baghdad/status', { as: 'editor', body: { ...suspend, status: 'closed' } })).json().request.id;
    const list = (await t.request('GET', '/api/posts/status-requests?slug=embassy-baghdad', { as: 'editor' })).json().items as { id: string; state: string }[];
    assert.ok(list.some((r) => r.state === 'superseded'), 'the first suspend request was superseded');
    const rejected = await t.request('POST', `/api/posts/status-requests/${first}/reject`, { as: 'approver' });
    assert.equal(rejected.statusCode, 200);
    assert.equal(rejected.json().state, 'rejected');
    assert.equal((await t.request('GET', '/api/posts/embassy-baghdad')).json().status, 'limited');
  });

  it('keeps the service rule for operators, and the host administrator\'s CLI path (system actor)', async () => {
    const editor = { id: t.operatorIds.editor, label: 'editor@ops.test', role: 'editor' as const };
    await assert.rejects(setPostStatus(t.db, editor, 'embassy-baghdad', { ...suspend, status: 'suspended', departurePosture: 'ordered' }), /needs approval by a second operator/);
    const cli = await setPostStatus(t.db, systemActor('cli'), 'embassy-baghdad', { ...suspend, status: 'suspended', departurePosture: 'ordered' });
    assert.equal(cli.status, 'suspended');
  });

  it('lets only an admin override a post status, with a reason, audited with override: true', async () => {
    const body = { ...suspend, status: 'closed', reason: 'Embassy under attack; no approver reachable' };
    assert.equal((await t.request('POST', '/api/overrides/posts/consulate-erbil/status', { as: 'approver', body })).statusCode, 403);
    const noReason = await t.request('POST', '/api/overrides/posts/consulate-erbil/status', { as: 'admin', body: { ...body, reason: 'now' } });
    assert.equal(noReason.statusCode, 400);
    const res = await t.request('POST', '/api/overrides/posts/embassy-baghdad/status', { as: 'admin', body });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().override, true);
    assert.equal(res.json().status, 'closed');
    const row = (await t.db.query<{ actor_id: string; after: { override: boolean; reason: string } }>(
      "SELECT actor_id, after FROM audit_log WHERE action = 'post.status_override' ORDER BY seq DESC LIMIT 1")).rows[0]!;
    assert.equal(row.actor_id, t.operatorIds.admin);
    assert.deepEqual([row.after.override, row.after.reason], [true, body.reason]);
  });

  it('lets an admin override the second approver of a Level 4 advisory and of a large alert, flagged in the API', async () => {
    // Level 4 advisory drafted and submitted by the admin: the ordinary publish refuses the author.
    const draft = await t.request('POST', '/api/advisories/IQ/drafts', { as: 'admin', body: { level: 4, indicators: ['T'], title: 'Iraq - Level 4: Do Not Travel', summary: 'Do not travel to Iraq.' } });
    assert.equal(draft.statusCode, 201, draft.body);
    const advisoryId = draft.json().id as string;
    assert.equal((await t.request('POST', `/api/advisories/versions/${advisoryId}/submit`, { as: 'admin' })).statusCode, 200);
    assert.equal((await t.request('POST', `/api/advisories/versions/${advisoryId}/publish`, { as: 'admin' })).statusCode, 403);
    const adv = await t.request('POST', `/api/overrides/advisories/${advisoryId}/publish`, { as: 'admin', body: { reason: 'Airstrike at Baghdad airport; chief unreachable' } });
    assert.equal(adv.statusCode, 200, adv.body);
    assert.deepEqual([adv.json().state, adv.json().level, adv.json().override], ['published', 4, true]);

    // An alert above the threshold, composed and submitted by the admin.
    await addTravellers(t.db, Array.from({ length: 3 }, (_, i) => ({ tag: `p${i}`, country: 'IQ' })));
    const settings = t.config.twoPerson;
    t.config.twoPerson = { ...settings, threshold: 1 }; // the app reads the config it was built with
    try {
      const composed = await t.request('POST', '/api/alerts', { as: 'admin', body: alertBody() });
      assert.equal(composed.statusCode, 201, composed.body);
      const alertId = composed.json().id as string;
      assert.equal((await t.request('POST', `/api/alerts/${alertId}/submit`, { as: 'admin' })).statusCode, 200);
      const refused = await t.request('POST', `/api/alerts/${alertId}/publish`, { as: 'admin' });
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal((await t.request('POST', `/api/overrides/alerts/${alertId}/publish`, { as: 'approver2', body: { reason: 'Approver two tries to bypass' } })).statusCode, 403);
      const published = await t.request('POST', `/api/overrides/alerts/${alertId}/publish`, { as: 'admin', body: { reason: 'Imminent attack; second approver unreachable' } });
      assert.equal(published.statusCode, 200, published.body);
      assert.deepEqual([published.json().state, published.json().override, published.json().deliveries], ['published', true, 3]);
    } finally {
      t.config.twoPerson = settings;
    }
    const overrides = await t.request('GET', '/api/overrides', { as: 'approver' });
    assert.equal(overrides.statusCode, 200);
    assert.deepEqual(overrides.json().items.map((o: { action: string; override: boolean; actorId: string }) => [o.action, o.override, o.actorId]), [
      ['override.alert.publish', true, t.operatorIds.admin],
      ['override.advisory.publish', true, t.operatorIds.admin],
      ['post.status_override', true, t.operatorIds.admin],
    ]);
    const publishRow = (await t.db.query<{ actor_label: string }>("SELECT actor_label FROM audit_log WHERE action = 'alert.publish' ORDER BY seq DESC LIMIT 1")).rows[0]!;
    assert.equal(publishRow.actor_label, 'override:admin@ops.test');
    assert.equal((await t.request('GET', '/api/overrides', { as: 'editor' })).statusCode, 403);
    assert.equal((await verifyAuditLog(t.db)).ok, true);
  });
});
