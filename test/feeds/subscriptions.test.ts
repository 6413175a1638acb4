/**
 * Subscriptions end to end with a real loopback SMTP server: double opt-in (the confirmation
 * link works once and expires), change notices for advisories and alerts, RFC 8058 one-click
 * unsubscribe headers on every mail, and bad input refused with a problem naming the field.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setAdvisoryDirectly } from '../../src/advisories/service.js';
import { SmtpChannel } from '../../src/delivery/channels/smtp.js';
import { capSiteOf } from '../../src/feeds/advisory-cap.js';
import { enqueueChangeNotices } from '../../src/feeds/subscriptions.js';
import { drainKinds } from '../support/runtime.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { countRows } from '../support/db.js';
import { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from '../support/smtp-test-server.js';
import { actor, seedAlerts, seedPostsAndTravellers } from './seed.js';

let t: TestContext;
let smtp: SmtpTestServer;

before(async () => {
  t = await createTestContext();
  smtp = await startSmtpTestServer();
});
after(async () => {
  await smtp.close();
  await t.close();
});

/** Sends the subscribers' mail due now through the outbox (as `warden feeds mail` does), with a fresh channel. */
const send = async () => {
  const email = new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'Warden <alerts@warden.test>', messageIdDomain: 'warden.test', maxConnections: 1, maxMessages: 100 });
  const s = await drainKinds(t, { channels: { email }, kinds: ['subscription_confirm', 'subscription_notice'] });
  return { claimed: s.claimed, sent: s.sent, retried: s.retried, failed: s.failed };
};
/** Subscribers' mail rows in the outbox. */
const subscriptionMail = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE kind IN ('subscription_confirm', 'subscription_notice')`)).rows[0]!.n;
const mailsTo = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address));
const linkIn = (mail: ReceivedMail, kind: 'confirm' | 'unsubscribe') => {
  const match = new RegExp(`http://warden\\.test(/api/public/subscriptions/${kind}\\?token=[^\\s]+)`).exec(mail.parsed.text ?? '');
  assert.ok(match, `a ${kind} link in:\n${mail.parsed.text}`);
  return decodeURIComponent(match[1]!).replace(/token=(.*)$/, (_m, tok: string) => `token=${encodeURIComponent(tok)}`);
};
/** A header as sent (mailparser turns List-* headers into objects). */
const rawHeader = (mail: ReceivedMail, name: string) => {
  const head = mail.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim();
};
const subscription = async (email: string) =>
  (await t.db.query<{ countries: string[]; pending_countries: string[]; confirmed_at: Date | null; unsubscribed_at: Date | null }>(
    'SELECT countries, pending_countries, confirmed_at, unsubscribed_at FROM subscriptions WHERE email = $1', [email])).rows[0];

describe('subscriptions', () => {
  const email = 'reader@example.com';

  it('refuses bad input with a problem naming the field, writing nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ email: 'not-an-address', countries: ['IQ'] }, 400, 'email'],
      [{ email, countries: [] }, 400, 'countries'],
      [{ email, countries: ['IRQ'] }, 400, 'countries[0]'],
      [{ email, countries: ['IQ', 'QQ'] }, 422, 'countries[1]'],
      [{ countries: ['IQ'] }, 400, 'email'],
    ];
    for (const [body, status, field] of cases) {
      const res = await t.request('POST', '/api/public/subscriptions', { body });
      assert.equal(res.statusCode, status, JSON.stringify(body));
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.ok(res.json().errors.some((e: { field: string }) => e.field === field), `${JSON.stringify(body)} → ${res.body}`);
    }
    assert.deepEqual(await countRows(t.db, ['subscriptions']), { subscriptions: 0 });
    assert.equal(await subscriptionMail(), 0);
  });

  it('double opt-in: subscribing sends a confirmation with List-Unsubscribe headers; nothing is active before confirming', async () => {
    const res = await t.request('POST', '/api/public/subscriptions', { body: { email: 'Reader@Example.com', countries: ['iq', 'IQ', 'lb'] } });
    assert.equal(res.statusCode, 202, res.body);
    const row = await subscription(email);
    assert.deepEqual(row?.countries, []);
    assert.deepEqual(row?.pending_countries, ['IQ', 'LB']);
    const token = (await t.db.query<{ confirm_token_hash: string }>('SELECT confirm_token_hash FROM subscriptions')).rows[0]!.confirm_token_hash;
    assert.match(token, /^[0-9a-f]{64}$/, 'only a hash is stored');

    assert.deepEqual(await send(), { claimed: 1, sent: 1, retried: 0, failed: 0 });
    const [mail] = await smtp.waitForMessages(1);
    assert.deepEqual(mail!.envelope.to, [email]);
    assert.match(mail!.parsed.subject ?? '', /Confirm/);
    assert.match(String(rawHeader(mail!, 'List-Unsubscribe')), /^<http:\/\/warden\.test\/api\/public\/subscriptions\/unsubscribe\?token=/);
    assert.equal(rawHeader(mail!, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.ok(!(mail!.parsed.text ?? '').includes(token), 'the stored hash is not the token');
    const stored = (await t.db.query<{ content: unknown }>(`SELECT content FROM deliveries WHERE kind = 'subscription_confirm'`)).rows[0]!.content;
    assert.equal(stored, null, 'the confirmation link is not kept once sent');
  });

  it('the confirmation link works once', async () => {
    const link = linkIn(mailsTo(email)[0]!, 'confirm');
    const first = await t.request('GET', link);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { status: 'confirmed', countries: ['IQ', 'LB'] });
    const row = await subscription(email);
    assert.deepEqual(row?.countries, ['IQ', 'LB']);
    assert.ok(row?.confirmed_at);
    const again = await t.request('GET', link);
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().type, '/problems/not-found');
  });

  it('an expired confirmation link is refused and activates nothing', async () => {
    const other = 'late@example.com';
    assert.equal((await t.request('POST', '/api/public/subscriptions', { body: { email: other, countries: ['IQ'] } })).statusCode, 202);
    await send();
    await smtp.waitForMessages(2);
    await t.db.query(`UPDATE subscriptions SET confirm_expires_at = now() - interval '1 second' WHERE email = $1`, [other]);
    const res = await t.request('GET', linkIn(mailsTo(other)[0]!, 'confirm'));
    assert.equal(res.statusCode, 409, res.body);
    assert.match(res.json().detail, /expired/);
    const row = await subscription(other);
    assert.equal(row?.confirmed_at, null);
    assert.deepEqual(row?.countries, []);
    assert.equal((await t.request('GET', '/api/public/subscriptions/confirm?token=')).json().errors[0].field, 'querystring.token');
  });

  it('sends one notice per advisory change and alert to confirmed subscribers of the country, once', async () => {
    await setAdvisoryDirectly(t.db, actor, 'IQ', { level: 4, indicators: ['T', 'U', 'K', 'O'], title: 'Iraq Travel Advisory', summary: 'Do not travel to Iraq.', body: '', exceptions: [] });
    await setAdvisoryDirectly(t.db, actor, 'FR', { level: 1, indicators: [], title: 'France Travel Advisory', summary: 'Exercise normal precautions.', body: '', exceptions: [] });
    await seedPostsAndTravellers(t.db);
    await seedAlerts(t.db, t.config.secret);
    const site = capSiteOf(t.config.publicUrl);
    const { queued } = await enqueueChangeNotices(t.db, site);
    assert.equal(queued, 4, 'the Iraq advisory and the alert, its update and its cancel; not France; not the unconfirmed address');
    assert.equal((await enqueueChangeNotices(t.db, site)).queued, 0, 'running it again queues nothing');
    const before = smtp.messages.length;
    assert.equal((await send()).sent, 4);
    const notices = (await smtp.waitForMessages(before + 4)).slice(before);
    assert.ok(notices.every((m) => m.envelope.to[0] === email));
    assert.ok(notices.some((m) => /Travel advisory: Iraq: Level 4/.test(m.parsed.subject ?? '')));
    assert.ok(notices.some((m) => /Security alert: Cancelled:/.test(m.parsed.subject ?? '')));
    for (const m of notices) {
      assert.equal(rawHeader(m, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      assert.match(m.parsed.text ?? '', /CAP: http:\/\/warden\.test\/cap\//);
    }
  });

  it('one-click unsubscribe (RFC 8058 POST) stops notices; a forged token is refused', async () => {
    const header = String(rawHeader(mailsTo(email).at(-1)!, 'List-Unsubscribe'));
    const url = header.slice(1, -1).replace('http://warden.test', '');
    const forged = url.replace(/.{4}$/, 'AAAA');
    const refused = await t.request('POST', forged, { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().errors[0].field, 'token');
    assert.equal((await subscription(email))?.unsubscribed_at, null);

    const res = await t.request('POST', url, { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok((await subscription(email))?.unsubscribed_at);
    assert.equal((await t.request('GET', url)).statusCode, 200, 'the link in the body (GET) works too and is idempotent');

    await setAdvisoryDirectly(t.db, actor, 'LB', { level: 3, indicators: ['T'], title: 'Lebanon Travel Advisory', summary: 'Reconsider travel.', body: '', exceptions: [] });
    assert.equal((await enqueueChangeNotices(t.db, capSiteOf(t.config.publicUrl))).queued, 0);
  });

  it('re-subscribing needs a new confirmation before anything is active again', async () => {
    assert.equal((await t.request('POST', '/api/public/subscriptions', { body: { email, countries: ['LB'] } })).statusCode, 202);
    assert.deepEqual((await subscription(email))?.countries, []);
    const before = smtp.messages.length;
    await send();
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    assert.equal((await t.request('GET', linkIn(mail!, 'confirm'))).statusCode, 200);
    const row = await subscription(email);
    assert.deepEqual(row?.countries, ['LB']);
    assert.equal(row?.unsubscribed_at, null);
  });
});
