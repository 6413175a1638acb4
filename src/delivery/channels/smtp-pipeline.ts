/**
 * The e-mail hot path: finished messages (the spliced templates of src/delivery/channels/smtp-template.ts) over a few
 * long-lived SMTP sessions with PIPELINING (RFC 2920). Per message a session writes once — the previous message's body
 * and final dot together with this one's MAIL FROM, RCPT TO and DATA — and reads four replies: one round trip and one
 * socket write per message instead of nodemailer's four round trips, stream pipeline and per-message objects (a
 * worker's CPU profile put most of its time there; docs/benchmarks.md, Fan-out).
 *
 * Only for a plain session to a relay that offers PIPELINING and neither needs nor offers anything more (no TLS, no
 * AUTH: a relay on the same host or network). Anything else — TLS, credentials, a server without PIPELINING or one
 * that offers STARTTLS — answers `unsupported`, and the channel sends through nodemailer as before.
 * Outcomes are those of a nodemailer send: the reply to MAIL, RCPT or the final dot decides (5xx permanent except
 * 503, 4xx transient); a lost connection or a timeout is transient, also for a message whose body was written but
 * not acknowledged (at-least-once, as everywhere: the Message-ID lets receivers drop a second copy).
 */
import { connect, type Socket } from 'node:net';

export interface PipelineOptions {
  host: string; port: number; maxConnections: number; maxMessages: number;
  connectionTimeoutMs: number; greetingTimeoutMs: number; socketTimeoutMs: number;
  /** The name this client gives in EHLO. */
  clientName: string;
}

export interface Reply { code: number; text: string }
/** What a send ended with: the server's reply to the step that decided, a connection failure, or no fast path. */
export type PipelineResult =
  | { kind: 'reply'; step: 'mail' | 'rcpt' | 'data' | 'end'; reply: Reply }
  | { kind: 'failed'; code: 'ECONNECTION' | 'ETIMEDOUT'; message: string }
  | { kind: 'unsupported'; why: string };

interface Job { from: string; to: string; body: string; resolve: (r: PipelineResult) => void }

class ConnectionLost extends Error {
  constructor(readonly code: 'ECONNECTION' | 'ETIMEDOUT', message: string) { super(message); }
}

/** Byte-transparent DATA: a line starting with "." gets a second one; the body ends with CRLF before the final dot. */
export function dotStuffed(raw: string): string {
  const body = (raw.startsWith('.') ? `.${raw}` : raw).replaceAll('\r\n.', '\r\n..');
  return body.endsWith('\r\n') ? body : `${body}\r\n`;
}

/** One SMTP session: replies are matched to commands in the order they were written. */
class Session {
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private partial = '';
  private lines: string[] = [];
  private lost: ConnectionLost | null = null;

  /** Milliseconds a reply may take: the greeting's at first, then the socket timeout. */
  constructor(private readonly socket: Socket, public timeoutMs: number) {
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('timeout', () => this.fail(new ConnectionLost('ETIMEDOUT', `no answer from the SMTP server in ${this.timeoutMs} ms`)));
    socket.on('error', (error: Error) => this.fail(new ConnectionLost('ECONNECTION', error.message)));
    socket.on('close', () => this.fail(new ConnectionLost('ECONNECTION', 'the SMTP server closed the connection')));
  }

  /** The next reply (multi-line replies joined), armed with the socket timeout while anything is awaited. */
  reply(): Promise<Reply> {
    if (this.lost) return Promise.reject(this.lost);
    this.socket.setTimeout(this.timeoutMs);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  write(data: string): void { this.socket.write(data, 'latin1'); }
  get closed(): boolean { return this.lost !== null; }
  end(): void { this.socket.end(); }

  private read(chunk: string): void {
    const text = this.partial + chunk;
    let start = 0;
    for (let eol = text.indexOf('\r\n', start); eol !== -1; eol = text.indexOf('\r\n', start)) {
      const line = text.slice(start, eol);
      start = eol + 2;
      this.lines.push(line);
      if (line.charAt(3) === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), text: this.lines.join('\n') };
      this.lines = [];
      const waiter = this.waiting.shift();
      if (!this.waiting.length) this.socket.setTimeout(0);
      waiter?.resolve(reply);
    }
    this.partial = text.slice(start);
  }

  private fail(error: ConnectionLost): void {
    if (this.lost) return;
    this.lost = error;
    this.socket.destroy();
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}

const ok = (r: Reply) => r.code >= 200 && r.code < 300;

export class PipelinedSmtp {
  private readonly queue: Job[] = [];
  private sessions = 0;
  private idle: (() => void)[] = [];
  private unsupported: string | null = null;
  private closing = false;

  constructor(private readonly opts: PipelineOptions) {}

  /** Why the fast path is off for this relay (then every send answers `unsupported`), or null. */
  get refusal(): string | null { return this.unsupported; }

  send(from: string, to: string, raw: string): Promise<PipelineResult> {
    if (this.unsupported) return Promise.resolve({ kind: 'unsupported', why: this.unsupported });
    return new Promise((resolve) => {
      this.queue.push({ from, to, body: dotStuffed(raw), resolve });
      this.dispatch();
    });
  }

  /** Queued work goes to an idle session, else to a new one while there is room (else a busy session takes it next). */
  private dispatch(): void {
    const wake = this.idle.shift();
    if (wake) wake();
    else if (this.sessions < this.opts.maxConnections) void this.runSession();
  }

  close(): void {
    this.closing = true;
    for (const wake of this.idle.splice(0)) wake();
  }

  /** The next job, waiting while the queue is empty; null once closing. */
  private async next(): Promise<Job | null> {
    while (!this.queue.length) {
      if (this.closing) return null;
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    return this.queue.shift()!;
  }

  private async open(): Promise<Session> {
    const socket = connect({ host: this.opts.host, port: this.opts.port });
    const session = new Session(socket, this.opts.greetingTimeoutMs);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { socket.destroy(); reject(new ConnectionLost('ETIMEDOUT', `no connection in ${this.opts.connectionTimeoutMs} ms`)); }, this.opts.connectionTimeoutMs);
      socket.once('connect', () => { clearTimeout(timer); resolve(); });
      socket.once('error', (e) => { clearTimeout(timer); reject(new ConnectionLost('ECONNECTION', e.message)); });
    });
    const greeting = await session.reply();
    if (greeting.code !== 220) throw new ConnectionLost('ECONNECTION', `the SMTP server greeted with ${greeting.text}`);
    session.timeoutMs = this.opts.socketTimeoutMs;
    session.write(`EHLO ${this.opts.clientName}\r\n`);
    const ehlo = await session.reply();
    const caps = ehlo.text.split('\n').map((l) => l.slice(4).trim().toUpperCase());
    if (!ok(ehlo) || !caps.includes('PIPELINING') || caps.some((c) => c.startsWith('STARTTLS'))) {
      this.unsupported = !ok(ehlo) ? `EHLO refused: ${ehlo.text}` : caps.includes('PIPELINING') ? 'the relay offers STARTTLS' : 'the relay does not offer PIPELINING';
      session.end();
      throw new Error(this.unsupported);
    }
    return session;
  }

  /** Opens a session and sends queued jobs through it until the queue is empty and the pool closes, or the session ends. */
  private async runSession(): Promise<void> {
    this.sessions += 1;
    let inFlight: Job[] = [];
    try {
      const first = this.queue.shift();
      if (!first) return;
      inFlight = [first];
      const session = await this.open();
      session.write(this.envelope(first));
      let replies = this.envelopeReplies(session);
      let current: Job | null = first;
      for (let sent = 1; current; sent += 1) {
        const [mail, rcpt, data] = await replies;
        if (!ok(mail!) || !ok(rcpt!) || data!.code !== 354) {
          // No body goes out; RSET clears what the server kept of the envelope.
          if (data!.code === 354) { session.write('.\r\n'); await session.reply(); }
          const step = !ok(mail!) ? 'mail' : !ok(rcpt!) ? 'rcpt' : 'data';
          current.resolve({ kind: 'reply', step, reply: step === 'mail' ? mail! : step === 'rcpt' ? rcpt! : data! });
          inFlight = [];
          session.write('RSET\r\n');
          await session.reply();
          current = sent < this.opts.maxMessages ? await this.next() : null;
          if (!current || session.closed) { if (current) this.queue.unshift(current); break; }
          inFlight = [current];
          session.write(this.envelope(current));
          replies = this.envelopeReplies(session);
          continue;
        }
        // The body, its final dot and (when one is queued) the next envelope in one write.
        const following = sent < this.opts.maxMessages ? this.queue.shift() ?? null : null;
        session.write(following ? `${current.body}.\r\n${this.envelope(following)}` : `${current.body}.\r\n`);
        const end = session.reply();
        if (following) { inFlight = [current, following]; replies = this.envelopeReplies(session); }
        current.resolve({ kind: 'reply', step: 'end', reply: await end });
        inFlight = following ? [following] : [];
        if (!following) {
          current = sent < this.opts.maxMessages ? await this.next() : null;
          if (!current || session.closed) { if (current) this.queue.unshift(current); break; }
          inFlight = [current];
          session.write(this.envelope(current));
          replies = this.envelopeReplies(session);
        } else current = following;
      }
      session.write('QUIT\r\n');
      session.end();
    } catch (error) {
      const lost = error instanceof ConnectionLost ? error : null;
      for (const job of inFlight) {
        job.resolve(lost ? { kind: 'failed', code: lost.code, message: lost.message } : { kind: 'unsupported', why: (error as Error).message });
      }
      if (this.unsupported) for (const job of this.queue.splice(0)) job.resolve({ kind: 'unsupported', why: this.unsupported });
    } finally {
      this.sessions -= 1;
      // Work left queued when this session ended (its cap, a lost connection) goes on: an idle session is woken, or one opened.
      if (this.queue.length && !this.unsupported && !this.closing) this.dispatch();
    }
  }

  private envelope(job: Job): string { return `MAIL FROM:<${job.from}>\r\nRCPT TO:<${job.to}>\r\nDATA\r\n`; }

  private envelopeReplies(session: Session): Promise<Reply[]> {
    const replies = [session.reply(), session.reply(), session.reply()];
    // A connection lost before all three arrive is handled where they are awaited, not as an unhandled rejection.
    for (const r of replies) r.catch(() => undefined);
    const all = Promise.all(replies);
    all.catch(() => undefined);
    return all;
  }
}
