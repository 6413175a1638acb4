/**
 * Issue 12, finding 13: an admin disables an operator, changes a role or ends their sessions — through
 * the API and the CLI — audited, with the operator's sessions and tokens refused from the next request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signInRefused, updateOperator } from '../../src/auth/operators.js';
import { systemActor } from '../../src/auth/roles.js';
import { testPassword } from '../support/app.js';
import { backend, countRows } from '../support/db.js';
import { wardenCli } from '../support/warden-cli.js';
import { createSecurityContext, type SecurityContext } from './context.js';

describe(`operator lifecycle through the API (${backend})`, () => {
  let t: SecurityContext;
  before(async () => { t = await createSecurityContext(); });
  after(async () => { await t.close(); });

  const me = (token: string) => t.request('GET', '/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
  const signIn = (who: string) => t.request('POST', '/api/auth/login', { body: { email: `${who}@ops.test`, password: testPassword } });
  const auditOf = async (id: string) => (await t.db.query<{ action: string; actor_label: string; before: unknown; after: unknown }>(
    "SELECT action, actor_label, before, after FROM audit_log WHERE entity = 'operator' AND entity_id = $1 AND action <> 'operator.create' ORDER BY seq", [id])).rows;

  it('disables an operator: every session and token refused at once, sign-in refused, audited; re-enabling restores sign-in only', async () => {
    const apiToken = (await t.request('POST', '/api/auth/tokens', { as: 'editor', body: { name: 'laptop', scopes: ['read', 'write'] } })).json().token as string;
    const session = (await signIn('editor')).json().token as string;
    for (const token of [t.tokens.editor, apiToken, session]) assert.equal((await me(token)).statusCode, 200);
    const res = await t.request('DELETE', `/api/operators/${t.operatorIds.editor}`, { as: 'admin' });
    assert.equal(res.statusCode, 204, res.body);
    for (const token of [t.tokens.editor, apiToken, session]) assert.equal((await me(token)).statusCode, 401, 'refused on the next request');
    const refused = await signIn('editor');
    assert.deepEqual([refused.statusCode, refused.json().detail], [401, signInRefused]);
    const listed = (await t.request('GET', '/api/operators', { as: 'admin' })).json().items as { email: string; disabled: boolean }[];
    assert.equal(listed.find((o) => o.email === 'editor@ops.test')!.disabled, true);
    assert.deepEqual(await auditOf(t.operatorIds.editor), [{ action: 'operator.disable', actor_label: 'admin@ops.test',
      before: { role: 'editor', disabled: false }, after: { role: 'editor', disabled: true, sessionsEnded: 2, tokensRevoked: 1 } }]);
    const enabled = await t.request('PATCH', `/api/operators/${t.operatorIds.editor}`, { as: 'admin', body: { disabled: false } });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.equal(enabled.json().disabled, false);
    assert.equal((await signIn('editor')).statusCode, 200);
    assert.equal((await me(apiToken)).statusCode, 401, 'revoked tokens stay revoked');
  });

  it('changes a role: the sessions end, the new role applies to the next sign-in and to tokens at once', async () => {
    const apiToken = (await t.request('POST', '/api/auth/tokens', { as: 'viewer', body: { name: 'read' } })).json().token as string;
    const res = await t.request('PATCH', `/api/operators/${t.operatorIds.viewer}`, { as: 'admin', body: { role: 'approver' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual({ role: res.json().role, disabled: res.json().disabled }, { role: 'approver', disabled: false });
    assert.equal((await me(t.tokens.viewer)).statusCode, 401, 'the session ended');
    assert.equal((await me(apiToken)).json().role, 'approver');
    assert.equal((await signIn('viewer')).json().operator.role, 'approver');
    assert.deepEqual((await auditOf(t.operatorIds.viewer)).map((a) => [a.action, a.before, a.after]),
      [['operator.role_change', { role: 'viewer', disabled: false }, { role: 'approver', disabled: false, sessionsEnded: 1, tokensRevoked: 0 }]]);
  });

  it('ends every session of an operator on request, audited', async () => {
    await signIn('approver2');
    const res = await t.request('DELETE', `/api/operators/${t.operatorIds.approver2}/sessions`, { as: 'admin' });
    assert.deepEqual([res.statusCode, res.json()], [200, { sessionsEnded: 2 }]);
    assert.equal((await me(t.tokens.approver2)).statusCode, 401);
    assert.deepEqual((await auditOf(t.operatorIds.approver2)).map((a) => [a.action, a.after]), [['operator.sessions_end', { sessionsEnded: 2 }]]);
  });

  it('refuses with a clear problem and writes nothing: non-admins, self-removal, the last admin, unknown ids, empty changes', async () => {
    const before = await countRows(t.db, ['audit_log', 'operator_sessions', 'api_tokens']);
    const cases: [string, string, string, unknown, number, RegExp][] = [
      ['approver', 'DELETE', `/api/operators/${t.operatorIds.approver}`, undefined, 403, /needs the admin role/],
      ['admin', 'DELETE', `/api/operators/${t.operatorIds.admin}`, undefined, 403, /an admin cannot disable or demote themselves/],
      ['admin', 'PATCH', `/api/operators/${t.operatorIds.admin}`, { role: 'viewer' }, 403, /cannot disable or demote themselves/],
      ['admin', 'PATCH', '/api/operators/00000000-0000-4000-8000-000000000000', { role: 'viewer' }, 404, /operator not found/],
      ['admin', 'PATCH', `/api/operators/${t.operatorIds.approver}`, {}, 400, /give role or disabled/],
      ['admin', 'PATCH', `/api/operators/${t.operatorIds.approver}`, { role: 'owner' }, 400, /"field":"role"/],
    ];
    for (const [as, method, url, body, status, detail] of cases) {
      const res = await t.request(method, url, { as: as as 'admin', body });
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      assert.match(res.body, detail);
    }
    await assert.rejects(updateOperator(t.db, systemActor('cli'), t.operatorIds.admin, { disabled: true }), /the last enabled admin cannot be disabled or demoted/);
    assert.deepEqual(await countRows(t.db, ['audit_log', 'operator_sessions', 'api_tokens']), before);
  });
});

describe(`operator lifecycle through the CLI (${backend})`, () => {
  const cli = wardenCli('warden-cli-ops-', { WARDEN_OPERATOR_PASSWORD: testPassword });
  before(cli.setup);
  after(cli.teardown);
  const warden = cli.run;

  it('changes a role, disables and re-enables, with one-line refusals', () => {
    assert.equal(warden('operator', 'create', '--email', 'ops@cli.test', '--role', 'editor').code, 0);
    const role = warden('operator', 'role', 'ops@cli.test', 'approver', '--json');
    assert.equal(role.code, 0, role.err);
    assert.deepEqual({ ...JSON.parse(role.out), id: undefined }, { id: undefined, email: 'ops@cli.test', name: 'ops@cli.test', role: 'approver', disabled: false });
    assert.equal(warden('operator', 'disable', 'ops@cli.test').out, 'ops@cli.test: approver, disabled (sessions ended, tokens revoked)\n');
    assert.equal(warden('operator', 'enable', 'ops@cli.test').out, 'ops@cli.test: approver\n');
    assert.equal(warden('operator', 'end-sessions', 'ops@cli.test').out, 'ops@cli.test: 0 sessions ended\n');
    const bad = warden('operator', 'role', 'ops@cli.test', 'owner');
    assert.equal(bad.code, 1);
    assert.equal(bad.err, 'warden: role: must be one of viewer, editor, approver, admin\n');
    const unknown = warden('operator', 'disable', 'nobody@cli.test');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.err, 'warden: operator not found\n');
  });
});
