import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SmtpChannel, classifySmtpError, queueIdFromResponse, type SmtpConfig } from '../../src/delivery/channels/smtp.js';
import type { OutgoingMessage } from '../../src/delivery/channels/types.js';
import { renderMessage } from '../../src/delivery/messages/index.js';
import { SAMPLE_CHECKIN_URL, sampleAlert } from '../support/sample-alert.js';
import { startSilentTcpServer, unusedPort } from '../support/silent-tcp-server.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

function configFor(port: number, overrides: Partial<SmtpConfig> = {}): SmtpConfig {
  return {
    host: '127.0.0.1',
    port,
    secure: false,
    from: '"Warden Alerts" <alerts@warden.test>',
    messageIdDomain: 'warden.test',
    maxConnections: 2,
    maxMessages: 50,
    connectionTimeoutMs: 2000,
    greetingTimeoutMs: 2000,
    socketTimeoutMs: 5000,
    ...overrides,
  };
}

function emailTo(to: string, deliveryId = randomUUID()): OutgoingMessage {
  const rendered = renderMessage(sampleAlert(), 'email');
  return { deliveryId, channel: 'email', to, subject: rendered.subject, text: rendered.text, html: rendered.html };
}

describe('SMTP channel against a real SMTP server', () => {
  let server: SmtpTestServer;
  let channel: SmtpChannel;

  before(async () => {
    server = await startSmtpTestServer({ auth: { user: 'warden', pass: 's3cret' } });
    channel = new SmtpChannel(configFor(server.port, { auth: { user: 'warden', pass: 's3cret' } }));
  });

  after(async () => {
    await channel.close();
    await server.close();
  });

  it('delivers with Message-ID and delivery header derived from the delivery id, and the check-in link', async () => {
    const deliveryId = randomUUID();
    const result = await channel.send(emailTo('traveller@example.net', deliveryId));
    assert.equal(result.outcome, 'sent');
    const mail = server.messages.at(-1);
    assert.ok(mail);
    assert.deepEqual(result, { outcome: 'sent', providerId: mail.queueId });
    assert.equal(mail.parsed.messageId, `<${deliveryId}@warden.test>`);
    assert.equal(mail.parsed.headers.get('x-warden-delivery-id'), deliveryId);
    assert.deepEqual(mail.envelope, { from: 'alerts@warden.test', to: ['traveller@example.net'] });
    assert.match(mail.parsed.subject ?? '', /^Security Alert – U\.S\. Embassy Baghdad: Depart Iraq immediately$/);
    assert.ok(mail.parsed.text?.includes(SAMPLE_CHECKIN_URL), 'plain text carries the check-in link');
    assert.ok(typeof mail.parsed.html === 'string' && mail.parsed.html.includes(`href="${SAMPLE_CHECKIN_URL}"`));
  });

  it('sends the same Message-ID again when a delivery is retried, so duplicates are detectable', async () => {
    const deliveryId = randomUUID();
    await channel.send(emailTo('twice@example.net', deliveryId));
    await channel.send(emailTo('twice@example.net', deliveryId));
    const ids = server.messages.filter((m) => m.envelope.to[0] === 'twice@example.net').map((m) => m.parsed.messageId);
    assert.deepEqual(ids, [`<${deliveryId}@warden.test>`, `<${deliveryId}@warden.test>`]);
  });

  it('reports 451 as transient for the refused messages, then sent with the queue id once the server accepts', async () => {
    server.failNext(2, 451, '4.3.0 Temporary local problem, try again later');
    const refusedBefore = server.refusedCount;
    const first = await channel.send(emailTo('retry@example.net'));
    const second = await channel.send(emailTo('retry@example.net'));
    const third = await channel.send(emailTo('retry@example.net'));
    assert.equal(server.refusedCount - refusedBefore, 2);
    assert.equal(first.outcome, 'transient');
    assert.equal(second.outcome, 'transient');
    assert.match(first.outcome === 'transient' ? first.reason : '', /451.*try again later/);
    assert.equal(third.outcome, 'sent');
    assert.equal(third.outcome === 'sent' ? third.providerId : '', server.messages.at(-1)?.queueId);
  });

  for (const code of [421, 450, 452, 454]) {
    it(`reports ${code} at end of data as transient`, async () => {
      server.failNext(1, code, `4.0.0 deferred (${code})`);
      const result = await channel.send(emailTo('deferred@example.net'));
      assert.equal(result.outcome, 'transient');
    });
  }

  it('reports 550 as permanent with the server reply text', async () => {
    server.failNext(1, 550, '5.7.1 Message rejected as spam');
    const result = await channel.send(emailTo('spam@example.net'));
    assert.equal(result.outcome, 'permanent');
    assert.match(result.outcome === 'permanent' ? result.reason : '', /^550 5\.7\.1 Message rejected as spam/);
  });

  it('reports an unknown recipient (550 at RCPT TO) as permanent', async () => {
    server.rejectRecipient('nobody@example.net', 550, '5.1.1 <nobody@example.net>: Recipient address rejected: User unknown');
    const result = await channel.send(emailTo('nobody@example.net'));
    assert.equal(result.outcome, 'permanent');
    assert.match(result.outcome === 'permanent' ? result.reason : '', /User unknown/);
  });

  it('reports a mailbox-full deferral at RCPT TO (452) as transient', async () => {
    server.rejectRecipient('full@example.net', 452, '4.2.2 Mailbox full');
    const result = await channel.send(emailTo('full@example.net'));
    assert.equal(result.outcome, 'transient');
  });

  it('delivers many messages concurrently through the pool, each exactly once', async () => {
    const before = server.messages.length;
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const results = await Promise.all(ids.map((id) => channel.send(emailTo('crowd@example.net', id))));
    assert.ok(results.every((r) => r.outcome === 'sent'));
    const received = server.messages.slice(before).map((m) => m.parsed.headers.get('x-warden-delivery-id'));
    assert.deepEqual([...received].sort(), [...ids].sort());
  });
});

describe('SMTP channel when the server is unusable', () => {
  it('reports refused credentials as transient (our configuration, not the address)', async () => {
    const server = await startSmtpTestServer({ auth: { user: 'warden', pass: 'right' } });
    const channel = new SmtpChannel(configFor(server.port, { auth: { user: 'warden', pass: 'wrong' } }));
    try {
      const result = await channel.send(emailTo('a@example.net'));
      assert.equal(result.outcome, 'transient');
      assert.equal(server.messages.length, 0);
    } finally {
      await channel.close();
      await server.close();
    }
  });

  it('reports a refused connection as transient', async () => {
    const channel = new SmtpChannel(configFor(await unusedPort()));
    try {
      const result = await channel.send(emailTo('a@example.net'));
      assert.equal(result.outcome, 'transient');
      assert.match(result.outcome === 'transient' ? result.reason : '', /ECONNECTION|ECONNREFUSED/);
    } finally {
      await channel.close();
    }
  });

  it('reports a server that never greets as transient (timeout)', async () => {
    const silent = await startSilentTcpServer();
    const channel = new SmtpChannel(configFor(silent.port, { greetingTimeoutMs: 200, connectionTimeoutMs: 200 }));
    try {
      const result = await channel.send(emailTo('a@example.net'));
      assert.equal(result.outcome, 'transient');
      assert.match(result.outcome === 'transient' ? result.reason : '', /ETIMEDOUT/);
    } finally {
      await channel.close();
      await silent.close();
    }
  });

  it('refuses a message meant for another channel without sending it', async () => {
    const channel = new SmtpChannel(configFor(await unusedPort()));
    try {
      const result = await channel.send({ ...emailTo('a@example.net'), channel: 'sms' });
      assert.equal(result.outcome, 'permanent');
    } finally {
      await channel.close();
    }
  });
});

describe('SMTP reply parsing', () => {
  it('finds the queue id in Postfix-style and id= replies', () => {
    assert.equal(queueIdFromResponse('250 2.0.0 Ok: queued as 4BxyZ1q2'), '4BxyZ1q2');
    assert.equal(queueIdFromResponse('250 OK id=1tAbCd-000Xy-9Z'), '1tAbCd-000Xy-9Z');
    assert.equal(queueIdFromResponse('250 2.0.0 OK'), undefined);
  });

  it('classifies 503 as transient (session state, not the message) and other 5xx as permanent', () => {
    assert.equal(classifySmtpError({ responseCode: 503, response: '503 5.5.1 Bad sequence' }).outcome, 'transient');
    assert.equal(classifySmtpError({ responseCode: 554, response: '554 5.7.1 Relay denied' }).outcome, 'permanent');
    assert.equal(classifySmtpError({ code: 'EMESSAGE', responseCode: 552, response: '552 5.3.4 Message too big' }).outcome, 'permanent');
    assert.equal(classifySmtpError({ code: 'ESOCKET', message: 'read ECONNRESET' }).outcome, 'transient');
    // A relay refusing the session (554 greeting) is our problem, not the recipient's.
    assert.equal(classifySmtpError({ code: 'ECONNECTION', responseCode: 554, response: '554 No SMTP service here' }).outcome, 'transient');
    assert.equal(classifySmtpError(new Error('something odd')).outcome, 'transient');
  });
});
