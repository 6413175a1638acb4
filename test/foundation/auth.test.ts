import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditLog } from '../../src/auth/audit.js';
import { signInRefused } from '../../src/auth/operators.js';
import { migrate } from '../../src/db/index.js';
import { createTestContext, testPassword, type TestContext } from '../support/app.js';
import { backend, countRows } from '../support/db.js';

describe('operators, sessions, tokens and the audit log', () => {
  let t: TestContext;
  before(async () => { t = await createTestContext(); });
  after(async () => { await t.close(); });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const { rows } = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM operators WHERE email = 'editor@ops.test'");
    assert.match(rows[0]!.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('signs in with a cookie session and requires the CSRF header on cookie writes', async () => {
    const login = await t.request('POST', '/api/auth/login', { body: { email: 'Editor@ops.test', password: testPassword } });
    assert.equal(login.statusCode, 200, login.body);
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c]));
    assert.equal(cookies.warden_session!.httpOnly, true);
    assert.equal(cookies.warden_session!.sameSite, 'Strict');
    const cookieHeader = `warden_session=${cookies.warden_session!.value}; warden_csrf=${cookies.warden_csrf!.value}`;
    const me = await t.request('GET', '/api/auth/me', { headers: { cookie: cookieHeader } });
    assert.equal(me.json().role, 'editor');
    const site = { name: 'Erbil airport', lat: 36.2376, lon: 43.9632, radiusKm: 3 };
    const noCsrf = await t.request('POST', '/api/sites', { body: site, headers: { cookie: cookieHeader } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().detail, 'missing or wrong x-csrf-token header');
    const withCsrf = await t.request('POST', '/api/sites', { body: site, headers: { cookie: cookieHeader, 'x-csrf-token': cookies.warden_csrf!.value } });
    assert.equal(withCsrf.statusCode, 201, withCsrf.body);
    assert.equal(withCsrf.json().countryCode, 'IQ');
  });

  it('refuses a wrong password, and after five failures the password alone no longer signs in (no lock, no hint)', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/auth/login', { body: { email: 'viewer@ops.test', password: 'wrong password!' } });
      assert.equal(res.statusCode, 401);
    }
    const stepUp = await t.request('POST', '/api/auth/login', { body: { email: 'viewer@ops.test', password: testPassword } });
    assert.equal(stepUp.statusCode, 401, 'the right password alone is refused, with the same answer as a wrong one');
    assert.equal(stepUp.json().detail, signInRefused);
  });

  it('issues API tokens that work until revoked', async () => {
    const created = await t.request('POST', '/api/auth/tokens', { role: 'editor', body: { name: 'integration' } });
    assert.equal(created.statusCode, 201);
    const { id, token } = created.json();
    assert.match(token, /^wdn_/);
    const { rows } = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    assert.notEqual(rows[0]!.token_hash, token);
    assert.equal((await t.request('GET', '/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
    assert.equal((await t.request('DELETE', `/api/auth/tokens/${id}`, { role: 'editor' })).statusCode, 204);
    assert.equal((await t.request('GET', '/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
  });

  it('lets only admins create operators, and refuses a duplicate e-mail writing nothing', async () => {
    const body = { email: 'new@ops.test', name: 'New', role: 'viewer', password: 'long enough password' };
    assert.equal((await t.request('POST', '/api/operators', { role: 'approver', body })).statusCode, 403);
    assert.equal((await t.request('POST', '/api/operators', { role: 'admin', body })).statusCode, 201);
    const before = await countRows(t.db, ['operators', 'audit_log']);
    const dup = await t.request('POST', '/api/operators', { role: 'admin', body: { ...body, email: 'NEW@ops.test' } });
    assert.equal(dup.statusCode, 409);
    assert.deepEqual(dup.json().errors, [{ field: 'email', message: 'an operator with this e-mail already exists' }]);
    const badRole = await t.request('POST', '/api/operators', { role: 'admin', body: { ...body, email: 'x@ops.test', role: 'root' } });
    assert.equal(badRole.statusCode, 400);
    assert.equal(badRole.json().errors[0].field, 'role');
    assert.deepEqual(await countRows(t.db, ['operators', 'audit_log']), before);
  });

  it('writes an audit row for every operator write, and the chain verifies', async () => {
    const { rows } = await t.db.query<{ action: string; actor_label: string }>('SELECT action, actor_label FROM audit_log ORDER BY seq');
    assert.ok(rows.some((r) => r.action === 'site.create' && r.actor_label === 'editor@ops.test'));
    assert.ok(rows.some((r) => r.action === 'api_token.revoke'));
    const verdict = await t.request('GET', '/api/audit/verify', { role: 'admin' });
    assert.deepEqual(verdict.json(), { ok: true, rows: rows.length });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows at the database (append-only trigger)', async () => {
    const before = await countRows(t.db, ['audit_log']);
    await assert.rejects(t.db.query(`UPDATE audit_log SET after = '{"tampered":true}' WHERE seq = (SELECT min(seq) FROM audit_log)`), /audit_log is append-only: UPDATE refused/);
    await assert.rejects(t.db.query('DELETE FROM audit_log'), /audit_log is append-only: DELETE refused/);
    await assert.rejects(t.db.query('TRUNCATE audit_log'), /audit_log is append-only: TRUNCATE refused/);
    assert.deepEqual(await countRows(t.db, ['audit_log']), before);
    assert.deepEqual(await verifyAuditLog(t.db), { ok: true, rows: before.audit_log });
  });

  it('detects an edited, a deleted and a reordered audit row, naming the first bad one', async () => {
    // Tampering needs what a superuser has: switching the append-only trigger off first.
    await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    const { rows } = await t.db.query<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq');
    const third = rows[2]!.seq;
    await t.db.query(`UPDATE audit_log SET after = '{"tampered":true}' WHERE seq = $1`, [third]);
    assert.deepEqual(await verifyAuditLog(t.db), { ok: false, rows: rows.length, firstBadSeq: third, reason: 'content does not match its hash (row edited)' });
    await t.db.query('DELETE FROM audit_log WHERE seq = $1', [third]);
    const afterDelete = await verifyAuditLog(t.db);
    assert.equal(afterDelete.ok, false);
    assert.equal(!afterDelete.ok && afterDelete.firstBadSeq, rows[3]!.seq);
    await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  });

  it('applies migrations idempotently', async () => {
    assert.deepEqual(await migrate(t.db), []);
  });

  it(`serves health, metrics and the OpenAPI document (${backend})`, async () => {
    assert.deepEqual((await t.request('GET', '/healthz')).json(), { status: 'ok', database: backend });
    const openapi = (await t.request('GET', '/openapi.json')).json();
    assert.equal(openapi.openapi.startsWith('3.'), true);
    assert.ok(openapi.paths['/api/advisories/{cc}']);
    const metrics = await t.request('GET', '/metrics');
    assert.match(metrics.body, /warden_http_requests_total/);
  });

  it('answers unknown routes with a problem body', async () => {
    const res = await t.request('GET', '/api/nothing-here');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().type, '/problems/not-found');
  });
});
