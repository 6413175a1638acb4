/** TOTP second factor, scoped and revocable API tokens, secrets kept out of logs, rate limits and body limits. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Writable } from 'node:stream';
import * as OTPAuth from 'otpauth';
import { createApiToken, signInRefused } from '../../src/auth/operators.js';
import { totpCode, hotp, base32Decode, base32Encode, totpStep } from '../../src/auth/totp.js';
import { testPassword } from '../support/app.js';
import { backend, countRows } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';

describe(`authentication hardening (${backend})`, () => {
  const logLines: string[] = [];
  const logStream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
  const serverSecret = 'SERVER-SECRET-never-logged-9f8e7d6c5b4a39281706';
  let t: SecurityContext;
  before(async () => { t = await createSecurityContext({ logStream, config: { secret: serverSecret, logLevel: 'trace' } }); });
  after(async () => { await t.close(); });

  it('computes RFC 6238 reference codes (SHA-1 test vectors)', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    assert.deepEqual(base32Decode(secret), Buffer.from('12345678901234567890'));
    // RFC 6238 appendix B, 8-digit values truncated to the 6 digits authenticator apps show.
    assert.equal(totpCode(secret, new Date(59_000)), '287082');
    assert.equal(totpCode(secret, new Date(1111111109_000)), '081804');
    assert.equal(totpCode(secret, new Date(2000000000_000)), '279037');
    assert.equal(hotp(Buffer.from('12345678901234567890'), 0), '755224'); // RFC 4226 appendix D
  });

  it('enrols TOTP (secret shown once, stored encrypted), then sign-in needs a fresh code', async () => {
    const login = (body: Record<string, unknown>) => t.request('POST', '/api/auth/login', { body: { email: 'approver2@ops.test', password: testPassword, ...body } });
    const enrol = await t.request('POST', '/api/auth/totp', { as: 'approver2' });
    assert.equal(enrol.statusCode, 201, enrol.body);
    const { secret, otpauthUri } = enrol.json() as { secret: string; otpauthUri: string };
    // The key URI comes from the otpauth library now (label "Warden:approver2@ops.test", same secret and issuer).
    const parsed = OTPAuth.URI.parse(otpauthUri) as OTPAuth.TOTP;
    assert.deepEqual([parsed.issuer, parsed.label, parsed.secret.base32, parsed.digits, parsed.period, parsed.algorithm], ['Warden', 'approver2@ops.test', secret, 6, 30, 'SHA1']);
    assert.match(otpauthUri, new RegExp(`^otpauth://totp/Warden:approver2%40ops\\.test\\?issuer=Warden&secret=${secret}&`));
    const stored = (await t.db.query<{ totp_secret: string }>("SELECT totp_secret FROM operators WHERE email = 'approver2@ops.test'")).rows[0]!.totp_secret;
    assert.ok(!stored.includes(secret), 'the TOTP secret is not stored in clear');
    // Not active until confirmed: password alone still works.
    assert.equal((await login({})).statusCode, 200);
    const wrong = await t.request('POST', '/api/auth/totp/confirm', { as: 'approver2', body: { code: totpCode(secret, new Date(Date.now() - 10 * 60_000)) } });
    assert.equal(wrong.statusCode, 422);
    assert.equal((await t.request('POST', '/api/auth/totp/confirm', { as: 'approver2', body: { code: totpCode(secret) } })).statusCode, 204);
    assert.equal((await t.request('POST', '/api/auth/totp', { as: 'approver2' })).statusCode, 409, 'cannot re-enrol over an active factor');
    const noCode = await login({});
    assert.equal(noCode.statusCode, 401);
    // The answer must not confirm the password (issue 12 finding 19): the same as for any refusal.
    assert.equal(noCode.json().detail, signInRefused);
    // The confirming code was consumed; a code from the next step is fresh.
    const replay = await login({ code: totpCode(secret) });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().detail, signInRefused);
    const next = totpCode(secret, new Date((totpStep() + 1) * 30_000));
    const ok = await login({ code: next });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal((await login({ code: next })).statusCode, 401, 'a code is accepted once');
    // Admin reset (lost phone): password alone again, and failures were counted towards the lock.
    assert.equal((await t.request('DELETE', `/api/operators/${t.operatorIds.approver2}/totp`, { as: 'approver' })).statusCode, 403);
    assert.equal((await t.request('DELETE', `/api/operators/${t.operatorIds.approver2}/totp`, { as: 'admin' })).statusCode, 204);
    assert.equal((await login({})).statusCode, 200);
  });

  it('scopes API tokens: read-only by default, read+write on request; never more than the creating token', async () => {
    const ro = await t.request('POST', '/api/auth/tokens', { as: 'editor', body: { name: 'dashboard' } });
    assert.equal(ro.statusCode, 201);
    assert.deepEqual(ro.json().scopes, ['read']);
    const rw = await t.request('POST', '/api/auth/tokens', { as: 'editor', body: { name: 'importer', scopes: ['read', 'write'] } });
    assert.deepEqual(rw.json().scopes, ['read', 'write']);
    const site = { name: 'Erbil citadel', lat: 36.1912, lon: 44.0091, radiusKm: 1 };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const before = await countRows(t.db, ['sites', 'audit_log']);
    const refused = await t.request('POST', '/api/sites', { body: site, headers: bearer(ro.json().token) });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().detail, 'this API token is read-only (scope read)');
    assert.deepEqual(await countRows(t.db, ['sites', 'audit_log']), before);
    assert.equal((await t.request('GET', '/api/auth/me', { headers: bearer(ro.json().token) })).statusCode, 200);
    assert.equal((await t.request('POST', '/api/sites', { body: site, headers: bearer(rw.json().token) })).statusCode, 201);
    // A read-only token cannot mint a writer (it cannot write at all).
    assert.equal((await t.request('POST', '/api/auth/tokens', { body: { name: 'escalate', scopes: ['read', 'write'] }, headers: bearer(ro.json().token) })).statusCode, 403);
    const rwOnly = await createApiToken(t.db, { id: t.operatorIds.editor, label: 'editor', role: 'editor', scopes: ['read', 'write'] }, 'child', ['read']);
    assert.deepEqual(rwOnly.scopes, ['read']);
    await assert.rejects(createApiToken(t.db, { id: t.operatorIds.editor, label: 'editor', role: 'editor', scopes: ['read'] }, 'escalate', ['read', 'write']), /more scopes than its own/);
    const listed = await t.request('GET', '/api/auth/tokens', { as: 'editor' });
    assert.deepEqual(listed.json().items.map((i: { name: string }) => i.name).sort(), ['child', 'dashboard', 'importer']);
    assert.ok(!listed.body.includes(ro.json().token));
  });

  it('revokes tokens: the owner, or an admin for anyone; never another operator', async () => {
    const created = (await t.request('POST', '/api/auth/tokens', { as: 'viewer', body: { name: 'laptop' } })).json() as { id: string; token: string };
    const headers = { authorization: `Bearer ${created.token}` };
    assert.equal((await t.request('DELETE', `/api/auth/tokens/${created.id}`, { as: 'editor' })).statusCode, 404);
    assert.equal((await t.request('GET', '/api/auth/me', { headers })).statusCode, 200);
    assert.equal((await t.request('DELETE', `/api/auth/tokens/${created.id}`, { as: 'admin' })).statusCode, 204);
    assert.equal((await t.request('GET', '/api/auth/me', { headers })).statusCode, 401);
    const { rows } = await t.db.query<{ revoked_by: string }>('SELECT revoked_by FROM api_tokens WHERE id = $1', [created.id]);
    assert.equal(rows[0]!.revoked_by, t.operatorIds.admin);
  });

  it('answers an oversized body with a 413 problem, writing nothing', async () => {
    const before = await countRows(t.db, ['travellers', 'audit_log']);
    const big = JSON.stringify({ fullName: 'x'.repeat(1024 * 1024 + 10), consent: true, contacts: [{ channel: 'email', address: 'big@example.org' }] });
    const res = await t.request('POST', '/api/travellers', { as: 'editor', payload: big, headers: { 'content-type': 'application/json' } });
    assert.equal(res.statusCode, 413);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().type, '/problems/payload-too-large');
    assert.deepEqual(await countRows(t.db, ['travellers', 'audit_log']), before);
  });

  it('rate-limits sign-in per IP with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<SecurityContext['request']>> | null = null;
    for (let i = 0; i < 15; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.7', payload: { email: 'nobody@ops.test', password: 'guess' } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited ??= res;
    }
    assert.ok(limited, `no 429 among ${statuses.join(',')}`);
    assert.ok(statuses.slice(0, 10).every((s) => s === 401), statuses.join(','));
    assert.equal(limited.json().type, '/problems/rate-limited');
    assert.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After in seconds');
    // Another client is not affected.
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.9', payload: { email: 'nobody@ops.test', password: 'guess' } });
    assert.equal(other.statusCode, 401);
  });

  it('rate-limits API writes per token (default 300 a minute), separately per token', async () => {
    const fresh = await createApiToken(t.db, { id: t.operatorIds.viewer, label: 'viewer', role: 'viewer' }, 'burst', ['read', 'write']);
    const headers = { authorization: `Bearer ${fresh.token}` };
    let first429 = 0;
    for (let i = 1; i <= 305 && !first429; i++) {
      // A write the viewer may make that changes nothing: revoking a token that does not exist (404).
      const res = await t.app.inject({ method: 'DELETE', url: '/api/auth/tokens/00000000-0000-4000-8000-000000000000', headers });
      if (res.statusCode === 429) { first429 = i; assert.ok(Number(res.headers['retry-after']) > 0); }
      else assert.equal(res.statusCode, 404);
    }
    assert.equal(first429, 301);
    const otherToken = await t.app.inject({ method: 'DELETE', url: '/api/auth/tokens/00000000-0000-4000-8000-000000000000', headers: { authorization: `Bearer ${t.tokens.editor}` } });
    assert.equal(otherToken.statusCode, 404);
    // Reads have their own, larger budget.
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode, 200);
  });

  it('never writes secrets to the logs', async () => {
    const apiToken = (await t.request('POST', '/api/auth/tokens', { as: 'admin', body: { name: 'log-probe', scopes: ['read', 'write'] } })).json().token as string;
    const session = await t.request('POST', '/api/auth/login', { body: { email: 'admin@ops.test', password: testPassword } });
    const { token: sessionToken, csrfToken } = session.json() as { token: string; csrfToken: string };
    const cookie = `warden_session=${sessionToken}; warden_csrf=${csrfToken}`;
    await t.request('GET', '/api/auth/me', { headers: { authorization: `Bearer ${apiToken}` } });
    await t.request('GET', '/api/auth/me', { headers: { cookie } });
    await t.request('POST', '/api/sites', { headers: { cookie, 'x-csrf-token': csrfToken }, body: { name: 'Log probe', lat: 33.3, lon: 44.4, radiusKm: 1 } });
    await t.request('POST', '/api/auth/login', { body: { email: 'admin@ops.test', password: 'a wrong password but secret' } });
    await t.request('POST', '/api/operators', { headers: { authorization: `Bearer ${apiToken}` }, body: { email: 'x', name: 'y', role: 'viewer', password: 'another-secret-password' } });
    await t.request('GET', '/api/nothing', { headers: { authorization: `Bearer ${apiToken}` } });
    await new Promise((resolve) => setImmediate(resolve));
    const logs = logLines.join('');
    assert.ok(logs.includes('"url":"/api/auth/me"'), 'requests were logged (the capture works)');
    assert.ok(logs.includes('"url":"/api/operators"') && logs.includes('"statusCode":401'), 'failed requests were logged too');
    for (const secret of [serverSecret, apiToken, sessionToken, csrfToken, testPassword, 'a wrong password but secret', 'another-secret-password', ...Object.values(t.tokens)]) {
      assert.ok(!logs.includes(secret), `a secret reached the logs: ${secret.slice(0, 6)}…`);
    }
  });
});
