/**
 * One compiled MIME message reused for many recipients. nodemailer builds the message (headers, multipart,
 * quoted-printable) once per template key and minute, with stand-ins for what differs per person: the
 * recipient, the delivery id (Message-ID and X-Warden-Delivery-Id) and the check-in token. Each send then
 * splices that person's values in and hands nodemailer's pool the finished bytes. Building MIME per message
 * cost ~300 µs of CPU and dozens of small socket writes; splicing costs microseconds (docs/benchmarks.md).
 *
 * Why the output is the message nodemailer would have built: the stand-ins use only characters that
 * quoted-printable and header encoding leave alone, and a value replaces its stand-in character for
 * character around any soft line break ("=\r\n") the encoder put inside it, so every line keeps its length.
 * A template is used only when each stand-in was found exactly as often as it was put in; otherwise (a body
 * nodemailer chose to base64-encode, say) the message is built the usual way.
 */
import nodemailer from 'nodemailer';

/** As long as a delivery id (a UUID), so header lengths do not change when it is spliced in. */
const DELIVERY_STAND_IN = 'WARDENDELIVERYIDSTANDINxxxxxxxxxxxxx';
const ADDRESS_STAND_IN = 'warden.recipient.stand-in@example.invalid';
/** Addresses that appear verbatim in the To header: plain ASCII, short enough never to be folded. */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,120}$/;
const MAX_AGE_MS = 60_000;
const MAX_TEMPLATES = 200;

type Slot = 'token' | 'delivery' | 'address';
interface Hole { slot: Slot; encoded: string }
interface Compiled { parts: (string | Hole)[]; envelopeFrom: string }

export interface TemplateMail {
  key: string;
  from: string;
  subject: string;
  messageIdDomain: string;
  headers: Record<string, string>;
  deliveryHeader: string;
  /** The token's stand-in and the unfilled bodies. */
  placeholder: string;
  text: string;
  html?: string;
}

export interface Personal { to: string; deliveryId: string; token: string }

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches `s` with a quoted-printable soft line break allowed between any two characters. */
const brokenAnywhere = (s: string) => [...s].map(escapeRegExp).join('(?:=\\r\\n)?');
const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** Puts `value` where `encoded` (a stand-in, perhaps with soft breaks) was; null when it cannot keep the line lengths. */
function fill(encoded: string, standIn: string, value: string): string | null {
  if (encoded === standIn) return value;
  if (value.length !== standIn.length) return null;
  let out = '';
  let next = 0;
  for (let i = 0; i < encoded.length; i++) {
    if (encoded.startsWith('=\r\n', i)) { out += '=\r\n'; i += 2; } else out += value[next++];
  }
  return out;
}

export class MimeTemplates {
  /** `clean` is applied to the subject and bodies once, when a template is built, not per recipient. */
  constructor(private readonly clean: (text: string) => string = (text) => text) {}

  private readonly compiler = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  private readonly cache = new Map<string, Promise<Compiled | null>>();

  /** The message for one person as raw bytes with its envelope sender, or null when it must be built the usual way. */
  async render(mail: TemplateMail, person: Personal): Promise<{ raw: Buffer; envelopeFrom: string } | null> {
    if (!PLAIN_ADDRESS.test(person.to) || mail.placeholder.length !== person.token.length) return null;
    const compiled = await this.compiled(mail);
    if (!compiled) return null;
    const values: Record<Slot, [string, string]> = {
      token: [mail.placeholder, person.token], delivery: [DELIVERY_STAND_IN, person.deliveryId], address: [ADDRESS_STAND_IN, person.to],
    };
    let out = '';
    for (const part of compiled.parts) {
      if (typeof part === 'string') { out += part; continue; }
      const [standIn, value] = values[part.slot];
      const filled = fill(part.encoded, standIn, value);
      if (filled === null) return null;
      out += filled;
    }
    return { raw: Buffer.from(out, 'latin1'), envelopeFrom: compiled.envelopeFrom };
  }

  close(): void {
    this.compiler.close();
  }

  private compiled(mail: TemplateMail): Promise<Compiled | null> {
    const hit = this.cache.get(mail.key);
    if (hit) return hit;
    if (this.cache.size >= MAX_TEMPLATES) this.cache.clear();
    const building = this.build(mail);
    this.cache.set(mail.key, building);
    // The Date header is the build time: rebuilt every minute. A failed build is forgotten at once.
    building.then(() => setTimeout(() => this.cache.delete(mail.key), MAX_AGE_MS).unref(), () => this.cache.delete(mail.key));
    return building;
  }

  private async build(template: TemplateMail): Promise<Compiled | null> {
    const mail = { ...template, subject: this.clean(template.subject), text: this.clean(template.text), html: template.html === undefined ? undefined : this.clean(template.html) };
    const info = await this.compiler.sendMail({
      from: mail.from, to: ADDRESS_STAND_IN, subject: mail.subject, text: mail.text, html: mail.html,
      messageId: `<${DELIVERY_STAND_IN}@${mail.messageIdDomain}>`,
      headers: { ...mail.headers, [mail.deliveryHeader]: DELIVERY_STAND_IN },
    });
    const source = (info.message as Buffer).toString('latin1');
    const holes: [Slot, string][] = [['token', mail.placeholder], ['delivery', DELIVERY_STAND_IN], ['address', ADDRESS_STAND_IN]];
    const expected: Record<Slot, number> = {
      token: occurrences(mail.text, mail.placeholder) + occurrences(mail.html ?? '', mail.placeholder), delivery: 2, address: 1,
    };
    const pattern = new RegExp(holes.map(([slot, s]) => `(?<${slot}>${brokenAnywhere(s)})`).join('|'), 'g');
    const parts: (string | Hole)[] = [];
    const found: Record<Slot, number> = { token: 0, delivery: 0, address: 0 };
    let last = 0;
    for (const match of source.matchAll(pattern)) {
      const slot = (Object.keys(found) as Slot[]).find((s) => match.groups?.[s] !== undefined)!;
      found[slot] += 1;
      parts.push(source.slice(last, match.index), { slot, encoded: match[0] });
      last = match.index + match[0].length;
    }
    parts.push(source.slice(last));
    const complete = (Object.keys(found) as Slot[]).every((s) => found[s] === expected[s]);
    return complete && info.envelope.from ? { parts, envelopeFrom: info.envelope.from } : null;
  }
}
