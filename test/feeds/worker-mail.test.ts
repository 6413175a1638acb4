/**
 * The outbox worker also sends subscribers' mail: a subscription's confirmation leaves through
 * the worker's e-mail channel without anyone running `warden feeds mail`.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { SmtpChannel } from '../../src/delivery/channels/smtp.js';
import { startWorker } from '../support/runtime.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

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

it('sends a subscription confirmation from the worker loop', async () => {
  const res = await t.request('POST', '/api/public/subscriptions', { body: { email: 'reader@example.com', countries: ['IQ'] } });
  assert.ok(res.statusCode < 300, res.body);
  assert.equal(smtp.messages.length, 0, 'nothing is sent by the request itself');
  const email = new SmtpChannel({ host: smtp.host, port: smtp.port, secure: false, from: 'Warden <alerts@warden.test>', messageIdDomain: 'warden.test', maxConnections: 1, maxMessages: 10 });
  const worker = await startWorker({ db: t.db, config: t.config }, { channels: { email }, escalation: false });
  try {
    const [mail] = await smtp.waitForMessages(1);
    assert.deepEqual(mail!.envelope.to, ['reader@example.com']);
    assert.match(mail!.parsed.text ?? '', /\/api\/public\/subscriptions\/confirm\?token=/);
  } finally {
    await worker.stop();
  }
  const { rows } = await t.db.query<{ state: string }>(`SELECT state FROM deliveries WHERE kind = 'subscription_confirm'`);
  assert.deepEqual(rows.map((r) => r.state), ['sent']);
});
