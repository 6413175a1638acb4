/**
 * Issue 12, finding 18: bidirectional controls (U+202A–U+202E, U+2066–U+2069) typed into names and
 * headlines are neutralised in everything Warden outputs — JSON, the check-in page, feeds, CAP and the
 * e-mails' subjects and bodies — so "‮gnp.exe" cannot display as "exe.png". Arabic text is untouched.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SmtpChannel } from '../../src/delivery/channels/index.js';
import { addTravellers, alertBody } from '../support/alert-fixtures.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { drain, publishViaApi, recipientTokens } from '../support/checkin-fixtures.js';
import { backend } from '../support/db.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

const bidiControl = /[\u202A-\u202E\u2066-\u2069]|\\u(?:202[a-e]|206[6-9])/i;

describe(`bidi controls are neutralised in output (${backend})`, () => {
  let t: TestContext;
  let smtp: SmtpTestServer;
  let alertId = '';
  let token = '';
  before(async () => {
    smtp = await startSmtpTestServer();
    t = await createTestContext();
    const ids = await addTravellers(t.db, [{ tag: 'omar', country: 'IQ' }]);
    const body = alertBody();
    const infos = (body.infos as Record<string, string>[]).map((info, i) => (i === 0
      ? { ...info, headline: 'Depart \u202Eqari\u202C now', event: 'Clashes \u2066isolated\u2069', instruction: 'Go to \u202Dthe airport\u202C. \u0627\u0644\u0645\u0637\u0627\u0631\u200F' } : info));
    alertId = (await publishViaApi(t, { ...body, sender: 'Embassy \u202ABaghdad\u202C', infos })).id;
    token = (await recipientTokens(t.db, t.config.secret, alertId)).get(ids.get('omar')!)!;
  });
  after(async () => { await t.close(); await smtp.close(); });

  it('in JSON: a traveller\'s name as stored is answered without the controls', async () => {
    const created = await t.request('POST', '/api/travellers', { role: 'editor', body: {
      fullName: 'Ali \u202Egnp.exe\u202C Hassan', consent: true, contacts: [{ channel: 'email', address: 'ali@example.org' }] } });
    assert.equal(created.statusCode, 201, created.body);
    assert.doesNotMatch(created.body, bidiControl);
    assert.equal(created.json().fullName, 'Ali gnp.exe Hassan');
    const read = await t.request('GET', `/api/travellers/${created.json().id}`, { role: 'editor' });
    assert.doesNotMatch(read.body, bidiControl);
    const alert = await t.request('GET', `/api/alerts/${alertId}`, { role: 'viewer' });
    assert.equal(alert.statusCode, 200);
    assert.doesNotMatch(alert.body, bidiControl);
    assert.match(alert.body, /Depart qari now/);
  });

  it('in the check-in page, the feeds and CAP', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/c/${token}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Depart qari now/);
    for (const url of [`/c/${token}`, '/feeds/alerts.atom', '/feeds/alerts.rss', `/cap/alerts/${alertId}.xml`]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
      assert.doesNotMatch(res.body, bidiControl, url);
    }
  });

  it('in e-mails: subject and body (the Arabic text and its right-to-left mark kept)', async () => {
    await drain(t, { email: new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'alerts@warden.test', messageIdDomain: 'warden.test', maxConnections: 1, maxMessages: 10 }) });
    const [mail] = await smtp.waitForMessages(1);
    assert.match(String(mail!.parsed.subject), /Embassy Baghdad: Depart qari now/);
    assert.doesNotMatch(String(mail!.parsed.subject), bidiControl);
    assert.doesNotMatch(String(mail!.parsed.text), bidiControl);
    assert.doesNotMatch(String(mail!.parsed.html), bidiControl);
    assert.match(String(mail!.parsed.text), /Go to the airport\. \u0627\u0644\u0645\u0637\u0627\u0631\u200F/);
  });
});
