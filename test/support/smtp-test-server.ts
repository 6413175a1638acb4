/**
 * A real SMTP server on loopback for tests: accepts mail like Postfix does
 * ("250 … queued as <id>"), can be told to refuse the next N messages or a recipient,
 * and keeps every accepted message both raw and parsed by mailparser.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  queueId: string;
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpTestServer {
  readonly host: string;
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** Answers the next `count` messages (at end of DATA) with `code text`. */
  failNext(count: number, code: number, text: string): void;
  /** Answers RCPT TO for this address with `code text`, every time. */
  rejectRecipient(address: string, code: number, text: string): void;
  /** Messages answered with a failure so far (attempts, not distinct messages). */
  readonly refusedCount: number;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface SmtpTestServerOptions {
  /** When set, AUTH is required and must match. */
  auth?: { user: string; pass: string };
  /** Do not offer PIPELINING in EHLO (a relay the pipelined fast path must leave to nodemailer). */
  hidePipelining?: boolean;
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

async function readStream(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const failures: { code: number; text: string }[] = [];
  const rejectedRecipients = new Map<string, { code: number; text: string }>();
  const waiters = new Set<() => void>();
  let refusedCount = 0;
  let nextQueueNumber = 0x1a2b3c;

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await readStream(stream);
    const failure = failures.shift();
    if (failure) {
      refusedCount += 1;
      throw smtpError(failure.code, failure.text);
    }
    const queueId = (nextQueueNumber++).toString(16).toUpperCase();
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    messages.push({ queueId, envelope: { from, to }, raw, parsed: await simpleParser(raw) });
    for (const wake of waiters) wake();
    return `2.0.0 Ok: queued as ${queueId}`;
  }

  const server = new SMTPServer({
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    hidePIPELINING: options.hidePipelining ?? false,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    // Closing a pooled client's idle connection must not hold the test process open.
    closeTimeout: 50,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const rejection = rejectedRecipients.get(address.address.toLowerCase());
      callback(rejection ? smtpError(rejection.code, rejection.text) : undefined);
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (reply) => callback(null, reply),
        (error: Error) => callback(error),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    messages,
    get refusedCount() {
      return refusedCount;
    },
    failNext(count, code, text) {
      for (let i = 0; i < count; i += 1) failures.push({ code, text });
    },
    rejectRecipient(address, code, text) {
      rejectedRecipients.set(address.toLowerCase(), { code, text });
    },
    waitForMessages(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} messages, got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
