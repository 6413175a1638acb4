/**
 * Issue 12, findings 9 and 19: failed sign-ins neither tell accounts apart (same answer, same work, same
 * time for known and unknown e-mails) nor lock anyone out. After repeated failures a password alone stops
 * being enough; the operator gets in with the unlock code e-mailed to them (or a TOTP code). A correct
 * password without its TOTP code is answered like a wrong one and counts as a failure.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { throttle } from '../../src/auth/lockout.js';
import { login, signInRefused } from '../../src/auth/operators.js';
import { totpCode, totpStep } from '../../src/auth/totp.js';
import { testPassword } from '../support/app.js';
import { backend } from '../support/db.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';
import { startWorker, type RunningWorker } from '../support/runtime.js';
import { createSecurityContext, type SecurityContext } from './context.js';

describe(`sign-in throttling without a lock-out button (${backend})`, () => {
  let t: SecurityContext;
  let smtp: SmtpTestServer;
  let unlocks: RunningWorker;
  before(async () => {
    smtp = await startSmtpTestServer();
    Object.assign(process.env, { WARDEN_SMTP_HOST: smtp.host, WARDEN_SMTP_PORT: String(smtp.port) });
    t = await createSecurityContext();
    // Unlock codes leave through the outbox: the runtime `warden start` runs in-process, for that kind.
    unlocks = await startWorker({ db: t.db, config: t.config }, { kinds: ['operator_unlock'], escalation: false, subscriptionMail: false });
  });
  after(async () => { await unlocks.stop(); await t.close(); await smtp.close(); delete process.env.WARDEN_SMTP_HOST; delete process.env.WARDEN_SMTP_PORT; });

  const attempt = async (email: string, password: string, from: string, extra: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: from, payload: { email, password, ...extra } });
    return { status: res.statusCode, body: { ...res.json(), instance: undefined }, ms: performance.now() - started };
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const throttleRows = async () => (await t.db.query<{ n: number }>("SELECT coalesce(sum(failures), 0)::int AS n FROM login_throttle WHERE subject LIKE 'account:%'")).rows[0]!.n;

  it('answers a known and an unknown account alike, in the same time, before and after the threshold', async () => {
    const known: Awaited<ReturnType<typeof attempt>>[] = [];
    const unknown: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let i = 0; i < 8; i++) {
      // Each from its own address, so the per-address limit and delay stay out of the measurement.
      known.push(await attempt('editor@ops.test', `wrong guess ${i}`, `192.0.2.${10 + i}`));
      unknown.push(await attempt('nobody-here@ops.test', `wrong guess ${i}`, `192.0.2.${30 + i}`));
    }
    for (const r of [...known, ...unknown]) assert.deepEqual([r.status, r.body.detail], [401, signInRefused]);
    assert.deepEqual(known.map((r) => r.body), unknown.map((r) => r.body), 'byte-for-byte the same answers');
    const [k, u] = [median(known.map((r) => r.ms)), median(unknown.map((r) => r.ms))];
    assert.ok(Math.abs(k - u) < Math.max(25, 0.35 * Math.max(k, u)), `median ${k.toFixed(1)} ms (known) vs ${u.toFixed(1)} ms (unknown)`);
    // The real operator is not locked out: the unlock code e-mailed to them (once) lets them in.
    const mails = await smtp.waitForMessages(1);
    assert.equal(mails.length, 1, 'one unlock e-mail per window, and none for the unknown account');
    assert.equal(mails[0]!.envelope.to[0], 'editor@ops.test');
    const unlock = /\/console\?unlock=([A-Za-z0-9_-]+)/.exec(mails[0]!.parsed.text ?? '')![1]!;
    const refused = await attempt('editor@ops.test', testPassword, '198.51.100.60');
    assert.deepEqual([refused.status, refused.body.detail], [401, signInRefused], 'the right password alone is refused like a wrong one');
    assert.equal((await attempt('editor@ops.test', 'wrong again', '198.51.100.60', { unlock })).status, 401, 'the unlock code needs the password');
    const ok = await attempt('editor@ops.test', testPassword, '198.51.100.60', { unlock });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    // The code was spent with the success; the account starts afresh.
    assert.equal((await attempt('editor@ops.test', testPassword, '198.51.100.61')).status, 200);
    assert.equal(smtp.messages.length, 1);
  });

  it('lets an operator with TOTP in past the threshold with password and code; never locks them', async () => {
    const enrol = await t.request('POST', '/api/auth/totp', { as: 'approver2' });
    const { secret } = enrol.json() as { secret: string };
    assert.equal((await t.request('POST', '/api/auth/totp/confirm', { as: 'approver2', body: { code: totpCode(secret) } })).statusCode, 204);
    for (let i = 0; i < throttle.accountStepUp + 2; i++) assert.equal((await attempt('approver2@ops.test', `guess ${i}`, `203.0.113.${i + 1}`)).status, 401);
    const next = totpCode(secret, new Date((totpStep() + 1) * 30_000));
    const ok = await attempt('approver2@ops.test', testPassword, '198.51.100.62', { code: next });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('answers a correct password without its TOTP code like a wrong one, and counts it as a failure (finding 19)', async () => {
    const before = await throttleRows();
    const right = await attempt('approver2@ops.test', testPassword, '198.51.100.63');
    const wrong = await attempt('approver2@ops.test', 'not the password', '198.51.100.64');
    assert.deepEqual(right.body, wrong.body);
    assert.deepEqual([right.status, right.body.detail], [401, signInRefused]);
    assert.equal(await throttleRows(), before + 2, 'both count as failures');
  });

  it('slows an address that keeps failing with a progressive delay, without refusing it', async () => {
    const timings: number[] = [];
    for (let i = 0; i < throttle.addressFree + 3; i++) {
      const started = performance.now();
      await assert.rejects(login(t.db, `spray${i}@ops.test`, 'guess', { address: '203.0.113.200' }), { message: signInRefused });
      timings.push(performance.now() - started);
    }
    const [eleventh, twelfth, thirteenth] = timings.slice(throttle.addressFree);
    assert.ok(eleventh! >= throttle.firstDelayMs && twelfth! >= 2 * throttle.firstDelayMs && thirteenth! >= 4 * throttle.firstDelayMs, timings.map((x) => x.toFixed(0)).join(', '));
    // Another address is not slowed, and the real password still works from the slowed one (a delay, not a lock).
    const other = performance.now();
    await assert.rejects(login(t.db, 'spray0@ops.test', 'guess', { address: '203.0.113.201' }));
    assert.ok(performance.now() - other < throttle.firstDelayMs + 200);
    const session = await login(t.db, 'viewer@ops.test', testPassword, { address: '203.0.113.200' });
    assert.ok(session.token);
  });
});
