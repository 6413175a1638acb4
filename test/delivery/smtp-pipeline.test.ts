import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PipelinedSmtp, dotStuffed, type PipelineOptions } from '../../src/delivery/channels/smtp-pipeline.js';
import { SmtpChannel } from '../../src/delivery/channels/smtp.js';
import type { OutgoingMessage } from '../../src/delivery/channels/types.js';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server.js';

const options = (port: number, over: Partial<PipelineOptions> = {}): PipelineOptions => ({
  host: '127.0.0.1', port, maxConnections: 2, maxMessages: 7, connectionTimeoutMs: 2000, greetingTimeoutMs: 2000, socketTimeoutMs: 5000, clientName: 'warden.test', ...over,
});

const raw = (id: string, body = 'Hello\r\n.hidden dot line\r\nBye') => `Message-ID: <${id}@warden.test>\r\nSubject: test\r\n\r\n${body}`;

describe('pipelined SMTP sessions against a real SMTP server', () => {
  let server: SmtpTestServer;
  let smtp: PipelinedSmtp;
  before(async () => { server = await startSmtpTestServer(); smtp = new PipelinedSmtp(options(server.port)); });
  after(async () => { smtp.close(); await server.close(); });

  it('stuffs a dot at the start of a line and ends the body with CRLF', () => {
    assert.equal(dotStuffed('.a\r\n.b\r\nc'), '..a\r\n..b\r\nc\r\n');
    assert.equal(dotStuffed('a\r\n'), 'a\r\n');
  });

  it('delivers 30 concurrent messages over 2 sessions of at most 7 messages, each once, byte for byte, each answer its own queue id', async () => {
    const before = server.messages.length;
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const results = await Promise.all(ids.map((id) => smtp.send('alerts@warden.test', `${id.slice(0, 8)}@example.net`, raw(id))));
    const got = server.messages.slice(before);
    assert.equal(got.length, 30);
    for (const [i, id] of ids.entries()) {
      const mail = got.find((m) => m.raw.toString('latin1').includes(id))!;
      assert.equal(mail.raw.toString('latin1'), `${raw(id)}\r\n`, 'the server undoes the dot-stuffing');
      assert.deepEqual(mail.envelope.to, [`${id.slice(0, 8)}@example.net`]);
      const r = results[i]!;
      assert.ok(r.kind === 'reply' && r.step === 'end' && r.reply.code === 250 && r.reply.text.endsWith(`queued as ${mail.queueId}`));
    }
  });

  it('answers a refused recipient with its RCPT reply and sends the next message in the same session', async () => {
    server.rejectRecipient('gone@example.net', 550, '5.1.1 User unknown');
    const [refused, accepted] = await Promise.all([
      smtp.send('alerts@warden.test', 'gone@example.net', raw(randomUUID())),
      smtp.send('alerts@warden.test', 'here@example.net', raw(randomUUID())),
    ]);
    assert.ok(refused.kind === 'reply' && refused.step === 'rcpt' && refused.reply.code === 550 && /User unknown/.test(refused.reply.text));
    assert.ok(accepted.kind === 'reply' && accepted.step === 'end' && accepted.reply.code === 250);
  });

  it('answers a deferral at the end of data with that reply', async () => {
    server.failNext(1, 451, '4.3.0 try again later');
    const result = await smtp.send('alerts@warden.test', 'later@example.net', raw(randomUUID()));
    assert.ok(result.kind === 'reply' && result.step === 'end' && result.reply.code === 451);
  });
});

describe('pipelined SMTP when the relay cannot take it', () => {
  it('a refused connection is a connection failure', async () => {
    const smtp = new PipelinedSmtp(options(1));
    const result = await smtp.send('a@warden.test', 'b@example.net', raw(randomUUID()));
    smtp.close();
    assert.equal(result.kind, 'failed');
  });

  it('a relay without PIPELINING is left to nodemailer: the channel still delivers the templated message', async () => {
    const server = await startSmtpTestServer({ hidePipelining: true });
    const smtp = new PipelinedSmtp(options(server.port));
    const channel = new SmtpChannel({ host: '127.0.0.1', port: server.port, secure: false, from: 'Warden <alerts@warden.test>', messageIdDomain: 'warden.test', maxConnections: 1, maxMessages: 10 });
    try {
      const first = await smtp.send('a@warden.test', 'b@example.net', raw(randomUUID()));
      assert.ok(first.kind === 'unsupported' && /PIPELINING/.test(first.why));
      assert.equal(server.messages.length, 0);
      const id = randomUUID();
      const token = 'T'.repeat(43);
      const msg: OutgoingMessage = { deliveryId: id, channel: 'email', to: 'c@example.net', subject: 'Alert', text: `Check in: ${token}`,
        template: { key: 'k', placeholder: 'P'.repeat(43), value: token, text: `Check in: ${'P'.repeat(43)}` } };
      const result = await channel.send(msg);
      assert.equal(result.outcome, 'sent');
      assert.equal(server.messages.length, 1);
      assert.match(server.messages[0]!.raw.toString('latin1'), new RegExp(token));
    } finally {
      smtp.close();
      await channel.close();
      await server.close();
    }
  });
});
