/**
 * Issue 12, findings 7 and 8: text the databases cannot store (lone UTF-16 surrogates) is refused with a
 * 400 naming the field; database error details and URL secrets (check-in links, sign-in tokens) never
 * reach a log line — the request log, the in-process worker's lines (through the app's logger) and the
 * stand-alone worker's.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { redactingLog, redactSecretsInText } from '../../src/log-redaction.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { backend, countRows } from '../support/db.js';
import { createSecurityContext, type SecurityContext } from './context.js';

describe(`unstorable text and secrets in logs (${backend})`, () => {
  const logLines: string[] = [];
  const logStream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
  let t: SecurityContext;
  let checkinToken = '';
  before(async () => {
    t = await createSecurityContext({ logStream, config: { logLevel: 'info' } });
    const ids = await addTravellers(t.db, [{ tag: 'lina', country: 'IQ' }]);
    const created = await t.request('POST', '/api/alerts', { as: 'editor', body: alertBody() });
    const id = created.json().id as string;
    await t.request('POST', `/api/alerts/${id}/submit`, { as: 'editor' });
    assert.equal((await t.request('POST', `/api/alerts/${id}/publish`, { as: 'approver' })).statusCode, 200);
    checkinToken = (await recipientTokens(t.db, t.config.secret, id)).get(ids.get('lina')!)!;
    void publishViaApi; // (the security context has no role-based helper; the same steps are spelt out above)
  });
  after(async () => { await t.close(); });
  const tables = ['travellers', 'contact_points', 'trips', 'audit_log'];

  it('refuses a lone surrogate in any JSON field or key with 400 naming the field, writing nothing', async () => {
    const before = await countRows(t.db, tables);
    const cases: [string, string, string, string][] = [
      ['POST', '/api/travellers', '{"fullName":"Jane Doe\\ud800","consent":true,"contacts":[{"channel":"email","address":"jane@example.org"}]}', 'fullName'],
      ['POST', '/api/travellers', '{"fullName":"Jane Doe","consent":true,"contacts":[{"channel":"email","address":"jane\\udc00@example.org"}]}', 'contacts[0].address'],
      ['POST', '/api/public/enrol', '{"fullName":"\\udfffJane","email":"jane@example.org","consent":true,"trips":[]}', 'fullName'],
      ['POST', '/api/sites', '{"name":"Site","lat":33.3,"lon":44.4,"radiusKm":1,"bad\\ud83d":1}', 'bad\ud83d'],
    ];
    for (const [method, url, payload, field] of cases) {
      const res = await t.request(method, url, { as: 'editor', payload, headers: { 'content-type': 'application/json' } });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.deepEqual(res.json().errors, [{ field, message: 'must be valid Unicode (it contains a lone UTF-16 surrogate)' }]);
    }
    // A proper pair (an emoji) is fine.
    const pair = await t.request('POST', '/api/travellers', { as: 'editor', payload: '{"fullName":"Jane \\ud83d\\ude00 Doe","consent":true,"contacts":[{"channel":"email","address":"jane.pair@example.org"}]}', headers: { 'content-type': 'application/json' } });
    assert.equal(pair.statusCode, 201, pair.body);
    const after = await countRows(t.db, tables);
    assert.equal(after.travellers, before.travellers! + 1, 'only the valid traveller was written');
  });

  it('keeps database error details (err.where, err.detail, quoted values) out of the error log', async () => {
    const error = await t.db.query('SELECT $1::jsonb', ['{"fullName": "Jane Doe \\ud800"}']).then(() => null, (e: unknown) => e as Error & { where?: string });
    assert.ok(error, 'the database refuses the lone surrogate');
    const dup = await t.db.query("INSERT INTO operators (email, name, role, password_hash) VALUES ('viewer@ops.test', 'x', 'viewer', 'x')").then(() => null, (e: unknown) => e as Error & { detail?: string });
    assert.match(String(dup?.detail), /viewer@ops\.test/, 'the unique violation quotes the row');
    t.app.log.error({ err: error }, 'unhandled error');
    t.app.log.error({ err: dup }, 'unhandled error');
    const logs = logLines.join('');
    assert.ok(logs.includes('"unhandled error"') && logs.includes('"constraint":"operators_email_key"'), 'the errors were logged (constraint and table kept)');
    assert.ok(!logs.includes('Jane Doe'), 'no value from the refused JSON in the log');
    assert.ok(!logs.includes('viewer@ops.test'), `no value from the conflicting row in the log: ${logs.split('\n').filter((l) => l.includes('viewer@ops')).join('\n')}`);
    assert.ok(!/"(where|detail)":/.test(logs), 'no where/detail fields');
  });

  it('redacts check-in links and sign-in tokens in every log line (request log, app log, the workers)', async () => {
    const signInToken = 'SIGNINTOKEN-abcdefghijklmnopqrstuvwxyz0123';
    await t.app.inject({ method: 'GET', url: `/c/${checkinToken}` });
    await t.app.inject({ method: 'POST', url: `/%63/${checkinToken}`, payload: { answer: 'safe' } });
    await t.app.inject({ method: 'GET', url: `/api/me/session?token=${signInToken}` });
    await t.app.inject({ method: 'GET', url: `/me?x=1&token=${signInToken}` });
    // How the in-process worker logs (src/server.ts passes the app's logger to startWorker).
    t.app.log.warn(`sign-in link not sent: http://warden.test/me?token=${signInToken} and http://warden.test/c/${checkinToken}`);
    await new Promise((resolve) => setImmediate(resolve));
    const logs = logLines.join('');
    assert.ok(logs.includes('"url":"/c/[redacted]"') && logs.includes('/api/me/session?token=[redacted]'), 'the requests were logged, redacted');
    assert.ok(!logs.includes(checkinToken), 'no check-in token in the logs');
    assert.ok(!logs.includes(signInToken), 'no sign-in token in the logs');
    // The stand-alone worker's stderr lines go through the same redaction.
    const lines: string[] = [];
    redactingLog((l) => lines.push(l))(`webhook failed for http://warden.test/c/${checkinToken}?x=1`);
    assert.deepEqual(lines, ['webhook failed for http://warden.test/c/[redacted]?x=1']);
    assert.equal(redactSecretsInText('GET /c/style.css'), 'GET /c/style.css');
  });
});
