/**
 * E-mail built once per alert and language with stand-ins, then spliced per person (smtp-template.ts):
 * each received message must be what nodemailer builds for that person directly — same headers, same
 * decoded text and HTML — including when quoted-printable breaks a line inside the token, for scripts that
 * nodemailer encodes differently, and for addresses that cannot be spliced.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { checkinToken, checkinUrl } from '../../src/alerts/checkin-token.js';
import { SmtpChannel } from '../../src/delivery/channels/smtp.js';
import { MimeTemplates } from '../../src/delivery/channels/smtp-template.js';
import type { OutgoingMessage } from '../../src/delivery/channels/types.js';
import { renderMessage } from '../../src/delivery/messages/index.js';
import { sampleAlert } from '../support/sample-alert.js';
import { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from '../support/smtp-test-server.js';

const secret = 'test-secret-test-secret-test-secret-0042';
const placeholder = 'WARDENCHECKINTOKENPLACEHOLDERxxxxxxxxxxxxxx';

/** A message as compose.ts makes it: filled bodies plus the template they came from. */
function personalEmail(to: string, checkinNo: number, opts: { publicUrl?: string; language?: string; key?: string; template?: boolean } = {}): OutgoingMessage & { token: string } {
  const publicUrl = opts.publicUrl ?? 'https://warden.example.org';
  const rendered = renderMessage(sampleAlert({ language: opts.language ?? 'en', checkinUrl: checkinUrl(publicUrl, placeholder) }), 'email');
  const token = checkinToken(secret, String(checkinNo));
  const fill = (s: string) => s.replaceAll(placeholder, token);
  return {
    deliveryId: randomUUID(), channel: 'email', to, subject: rendered.subject, text: fill(rendered.text), html: fill(rendered.html!),
    headers: { 'X-Warden-Alert-Id': 'alert-1' }, token,
    ...(opts.template === false ? {} : { template: { key: opts.key ?? `alert-1:${opts.language ?? 'en'}:${publicUrl}`, placeholder, value: token, text: rendered.text, html: rendered.html } }),
  };
}

function assertSameMail(got: ReceivedMail, want: ReceivedMail, msg: OutgoingMessage) {
  assert.equal(got.parsed.messageId, `<${msg.deliveryId}@warden.test>`);
  assert.equal(got.parsed.headers.get('x-warden-delivery-id'), msg.deliveryId);
  assert.equal(got.parsed.headers.get('x-warden-alert-id'), 'alert-1');
  assert.deepEqual(got.envelope, { from: 'alerts@warden.test', to: [msg.to] });
  assert.equal(got.parsed.to && 'text' in got.parsed.to ? got.parsed.to.text : null, msg.to);
  assert.equal(got.parsed.from?.text, want.parsed.from?.text);
  assert.equal(got.parsed.subject, want.parsed.subject);
  assert.equal(got.parsed.text, msg.text.replace(/\n/g, '\n'));
  assert.equal(got.parsed.text, want.parsed.text);
  assert.equal(got.parsed.html, want.parsed.html);
  // Byte layout: the same lines with the same lengths (boundaries and dates differ in content, not length).
  const lengths = (m: ReceivedMail) => m.raw.toString('latin1').split('\r\n').map((l) => l.length);
  assert.deepEqual(lengths(got), lengths(want));
}

describe('e-mail spliced from a template per person', () => {
  let server: SmtpTestServer;
  let channel: SmtpChannel;
  const config = { host: '127.0.0.1', secure: false, from: '"Warden Alerts" <alerts@warden.test>', messageIdDomain: 'warden.test', maxConnections: 2, maxMessages: 100 };

  before(async () => {
    server = await startSmtpTestServer();
    channel = new SmtpChannel({ ...config, port: server.port });
  });
  after(async () => { await channel.close(); await server.close(); });

  /** Sends the template version and the directly built version; returns both as received. */
  async function both(to: string, n: number, opts: Parameters<typeof personalEmail>[2] = {}) {
    const spliced = personalEmail(to, n, opts);
    assert.equal((await channel.send(spliced)).outcome, 'sent');
    const got = server.messages.at(-1)!;
    const direct = { ...personalEmail(to, n, { ...opts, template: false }), deliveryId: spliced.deliveryId };
    assert.equal((await channel.send(direct)).outcome, 'sent');
    return { got, want: server.messages.at(-1)!, msg: spliced };
  }

  it('gives each person their own token, delivery id and address, identical to a directly built message', async () => {
    const seen = new Set<string>();
    for (const [i, to] of ['ana@example.net', 'b.o+alerts@example.org', 'x@y.example'].entries()) {
      const { got, want, msg } = await both(to, 1000 + i);
      assertSameMail(got, want, msg);
      const token = (msg as { token: string }).token;
      assert.ok(got.parsed.text!.includes(`https://warden.example.org/c/${token}`));
      assert.ok((got.parsed.html as string).includes(`href="https://warden.example.org/c/${token}"`));
      seen.add(token);
    }
    assert.equal(seen.size, 3);
  });

  it('keeps the token whole where quoted-printable breaks a line inside it (every host length)', async () => {
    let brokenInside = 0;
    for (let pad = 0; pad < 45; pad += 1) {
      const publicUrl = `https://${'w'.repeat(pad + 1)}.example.org`;
      const { got, want, msg } = await both('long@example.net', 5000 + pad, { publicUrl });
      assertSameMail(got, want, msg);
      const token = (msg as { token: string }).token;
      const whole = got.raw.toString('latin1').split(token).length - 1;
      if (whole < msg.text.split(token).length - 1 + msg.html!.split(token).length - 1) brokenInside += 1;
    }
    assert.ok(brokenInside > 0, 'some host lengths put a soft line break inside the token');
  });

  it('builds the usual way for Arabic and French text and for addresses it cannot splice, with the same result', async () => {
    for (const language of ['ar', 'fr']) {
      const { got, want, msg } = await both('rtl@example.net', 7000, { language });
      assertSameMail(got, want, msg);
    }
    const odd = personalEmail('"Ana Q." <ana@example.net>', 7001);
    assert.equal((await channel.send(odd)).outcome, 'sent');
    assert.deepEqual(server.messages.at(-1)!.envelope.to, ['ana@example.net']);
    assert.ok(server.messages.at(-1)!.parsed.text!.includes(odd.token));
  });

  it('splices only when the template is usable: a plain address yes, a display name or an odd token no', async () => {
    const templates = new MimeTemplates();
    const mail = personalEmail('a@example.net', 1);
    const template = { key: 'k', from: config.from, subject: mail.subject!, messageIdDomain: 'warden.test', headers: {}, deliveryHeader: 'X-Warden-Delivery-Id',
      placeholder, text: mail.template!.text, html: mail.template!.html };
    const ok = await templates.render(template, { to: 'a@example.net', deliveryId: mail.deliveryId, token: mail.token });
    assert.ok(ok && ok.raw.toString('latin1').includes(`Message-ID: <${mail.deliveryId}@warden.test>`));
    assert.equal(await templates.render(template, { to: 'Ana <a@example.net>', deliveryId: mail.deliveryId, token: mail.token }), null);
    assert.equal(await templates.render(template, { to: 'a@example.net', deliveryId: mail.deliveryId, token: 'short' }), null);
    templates.close();
  });
});
