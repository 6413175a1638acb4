/** Review of submitted alerts: reject with a reason (back to draft), edit, withdraw by the author; every transition and every refusal. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validateCapXml } from '../../src/feeds/cap-validate.js';
import { alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { backend, countRows } from '../support/db.js';

let t: TestContext;
before(async () => { t = await createTestContext(); });
after(async () => { await t.close(); });

const tables = ['alerts', 'alert_recipients', 'deliveries', 'audit_log'];

async function submitted(role: 'editor' | 'approver' = 'editor'): Promise<string> {
  const created = await t.request('POST', '/api/alerts', { role, body: alertBody() });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  assert.equal((await t.request('POST', `/api/alerts/${id}/submit`, { role })).statusCode, 200);
  return id;
}

/** The whole problem body, so a changed type, status or wording fails. */
async function assertProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, kind: string, title: string, detail: string, url: string, errors?: unknown) {
  assert.equal(res.statusCode, status);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  assert.deepEqual(res.json(), { type: `/problems/${kind}`, title, status, detail, instance: url, ...(errors ? { errors } : {}) });
}

async function auditActions(id: string): Promise<string[]> {
  const { rows } = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'alert' AND entity_id = $1 ORDER BY seq`, [id]);
  return rows.map((r) => r.action);
}

describe(`reject, edit, withdraw (${backend})`, () => {
  it('an approver rejects with a reason: back to draft, the reason on the alert for its author, audited', async () => {
    const id = await submitted();
    const res = await t.request('POST', `/api/alerts/${id}/reject`, { role: 'approver', body: { reason: 'Add the Erbil consulate\u2019s number.' } });
    assert.equal(res.statusCode, 200, res.body);
    const alert = res.json();
    assert.equal(alert.state, 'draft');
    assert.equal(alert.submittedAt, null);
    assert.equal(alert.rejection.reason, 'Add the Erbil consulate\u2019s number.');
    assert.equal(alert.rejection.by, 'approver');
    assert.ok(Date.parse(alert.rejection.at) > Date.now() - 60_000);
    assert.deepEqual((await t.request('GET', '/api/alerts?state=pending_approval', { role: 'viewer' })).json().items.filter((a: { id: string }) => a.id === id), [], 'out of the approval queue');
    assert.deepEqual(await auditActions(id), ['alert.draft', 'alert.submit', 'alert.reject']);
    const { rows } = await t.db.query<{ after: { reason: string } }>(`SELECT after FROM audit_log WHERE action = 'alert.reject' AND entity_id = $1`, [id]);
    assert.equal(rows[0]!.after.reason, 'Add the Erbil consulate\u2019s number.');
  });

  it('the author edits the rejected draft and submits it again; a second approver publishes it', async () => {
    const id = await submitted();
    await t.request('POST', `/api/alerts/${id}/reject`, { role: 'approver', body: { reason: 'Say which roads to avoid.' } });
    const edited = await t.request('PUT', `/api/alerts/${id}`, { role: 'editor', body: alertBody({ infos: [{ language: 'en', event: 'Airstrike', headline: 'Depart Iraq now', description: 'An airstrike hit the airport road.', instruction: 'Depart Iraq now.\nAvoid the airport road.' }], capInfo: { contact: '+964 760 030 4888', onset: '2020-01-03T00:30:00Z' } }) });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().infos[0].headline, 'Depart Iraq now');
    assert.equal(edited.json().infos.length, 1);
    assert.deepEqual(edited.json().capInfo, { contact: '+964 760 030 4888', onset: '2020-01-03T00:30:00Z' });
    assert.equal((await t.request('POST', `/api/alerts/${id}/submit`, { role: 'editor' })).json().state, 'pending_approval');
    const published = await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver2' });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().state, 'published');
    assert.deepEqual(await auditActions(id), ['alert.draft', 'alert.submit', 'alert.reject', 'alert.edit', 'alert.submit', 'alert.publish']);
    // The CAP info fields the composer adds reach the CAP document, which stays valid against the OASIS schema.
    const cap = await t.request('GET', `/cap/alerts/${id}.xml`);
    assert.equal(cap.statusCode, 200);
    assert.match(cap.body, /<onset>2020-01-03T00:30:00\+00:00<\/onset>/);
    assert.match(cap.body, /<contact>\+964 760 030 4888<\/contact>/);
    const verdict = await validateCapXml(cap.body);
    assert.ok(verdict.valid, JSON.stringify(verdict));
  });

  it('refuses a rejection without a reason, by an editor, by the author, and of an alert not pending — nothing written', async () => {
    const id = await submitted('approver');
    const before = await countRows(t.db, tables);
    await assertProblem(await t.request('POST', `/api/alerts/${id}/reject`, { role: 'approver2', body: { reason: '  ' } }), 400, 'validation', 'Invalid input',
      'reason: say why, for the author', `/api/alerts/${id}/reject`, [{ field: 'reason', message: 'say why, for the author' }]);
    await assertProblem(await t.request('POST', `/api/alerts/${id}/reject`, { role: 'editor', body: { reason: 'no' } }), 403, 'forbidden', 'Forbidden',
      'needs the approver role', `/api/alerts/${id}/reject`);
    await assertProblem(await t.request('POST', `/api/alerts/${id}/reject`, { role: 'approver', body: { reason: 'mine' } }), 403, 'forbidden', 'Forbidden',
      'you wrote this alert: withdraw it instead of rejecting it', `/api/alerts/${id}/reject`);
    assert.deepEqual(await countRows(t.db, tables), before);
    const draft = (await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() })).json().id;
    await assertProblem(await t.request('POST', `/api/alerts/${draft}/reject`, { role: 'approver', body: { reason: 'x' } }), 409, 'invalid-state', 'Not allowed in the current state',
      'only an alert pending approval can be rejected; this alert is draft', `/api/alerts/${draft}/reject`);
    assert.equal((await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver2' })).statusCode, 200);
    await assertProblem(await t.request('POST', `/api/alerts/${id}/reject`, { role: 'approver2', body: { reason: 'too late' } }), 409, 'invalid-state', 'Not allowed in the current state',
      'only an alert pending approval can be rejected; this alert is published', `/api/alerts/${id}/reject`);
  });

  it('refuses to edit an alert that is not a draft, and a bad edit names the field and changes nothing', async () => {
    const id = await submitted();
    const before = await countRows(t.db, tables);
    await assertProblem(await t.request('PUT', `/api/alerts/${id}`, { role: 'editor', body: alertBody() }), 409, 'invalid-state', 'Not allowed in the current state',
      'only a draft can be edited; this alert is pending_approval', `/api/alerts/${id}`);
    await t.request('POST', `/api/alerts/${id}/reject`, { role: 'approver', body: { reason: 'x' } });
    const afterReject = await countRows(t.db, tables);
    const bad = await t.request('PUT', `/api/alerts/${id}`, { role: 'editor', body: alertBody({ area: { countries: ['QQ'] } }) });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field), ['area.countries[0]']);
    assert.deepEqual(await countRows(t.db, tables), afterReject);
    assert.deepEqual(afterReject, { ...before, audit_log: before.audit_log! + 1 });
    assert.equal((await t.request('GET', `/api/alerts/${id}`, { role: 'viewer' })).json().infos.length, 2, 'content unchanged');
    assert.equal((await t.request('PUT', `/api/alerts/${id}`, { role: 'viewer', body: alertBody() })).statusCode, 403);
  });

  it('the author withdraws a submitted alert and a draft: withdrawn, out of every queue, audited with the reason', async () => {
    const id = await submitted();
    const res = await t.request('POST', `/api/alerts/${id}/withdraw`, { role: 'editor', body: { reason: 'Sent by mistake' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().state, 'withdrawn');
    assert.ok(res.json().withdrawnAt);
    const { rows } = await t.db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'alert.withdraw' AND entity_id = $1`, [id]);
    assert.deepEqual(rows[0]!.after, { state: 'withdrawn', reason: 'Sent by mistake' });
    const draft = (await t.request('POST', '/api/alerts', { role: 'editor', body: alertBody() })).json().id;
    const bare = await t.request('POST', `/api/alerts/${draft}/withdraw`, { role: 'editor' });
    assert.equal(bare.statusCode, 200, bare.body);
    assert.equal(bare.json().state, 'withdrawn');
    const listed = (await t.request('GET', '/api/alerts?state=withdrawn', { role: 'viewer' })).json().items.map((a: { id: string }) => a.id);
    assert.ok(listed.includes(id) && listed.includes(draft));
  });

  it('refuses withdrawal by anyone but the author and of an alert past approval; a withdrawn alert cannot be submitted, published or edited', async () => {
    const id = await submitted();
    const before = await countRows(t.db, tables);
    for (const role of ['approver', 'admin'] as const) {
      await assertProblem(await t.request('POST', `/api/alerts/${id}/withdraw`, { role, body: {} }), 403, 'forbidden', 'Forbidden',
        'only the author of an alert can withdraw it', `/api/alerts/${id}/withdraw`);
    }
    assert.equal((await t.request('POST', `/api/alerts/${id}/withdraw`, { role: 'viewer', body: {} })).statusCode, 403);
    assert.deepEqual(await countRows(t.db, tables), before);
    await t.request('POST', `/api/alerts/${id}/withdraw`, { role: 'editor', body: {} });
    await assertProblem(await t.request('POST', `/api/alerts/${id}/withdraw`, { role: 'editor', body: {} }), 409, 'invalid-state', 'Not allowed in the current state',
      'only a draft or an alert pending approval can be withdrawn; this alert is withdrawn', `/api/alerts/${id}/withdraw`);
    await assertProblem(await t.request('POST', `/api/alerts/${id}/submit`, { role: 'editor' }), 409, 'invalid-state', 'Not allowed in the current state',
      'only a draft can be submitted; this alert is withdrawn', `/api/alerts/${id}/submit`);
    await assertProblem(await t.request('POST', `/api/alerts/${id}/publish`, { role: 'approver' }), 409, 'invalid-state', 'Not allowed in the current state',
      'only an alert pending approval can be published; this alert is withdrawn', `/api/alerts/${id}/publish`);
    await assertProblem(await t.request('PUT', `/api/alerts/${id}`, { role: 'editor', body: alertBody() }), 409, 'invalid-state', 'Not allowed in the current state',
      'only a draft can be edited; this alert is withdrawn', `/api/alerts/${id}`);
    const published = await submitted();
    await t.request('POST', `/api/alerts/${published}/publish`, { role: 'approver' });
    await assertProblem(await t.request('POST', `/api/alerts/${published}/withdraw`, { role: 'editor', body: {} }), 409, 'invalid-state', 'Not allowed in the current state',
      'only a draft or an alert pending approval can be withdrawn; this alert is published', `/api/alerts/${published}/withdraw`);
  });
});
