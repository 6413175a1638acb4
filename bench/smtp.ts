/**
 * The SMTP side of the delivery benchmarks: Postfix's smtp-sink on a free loopback port (bench/ensure-postfix.sh
 * installs it), smtp-source's rate into it — the delivery's same-run limit — and the size of Warden's message.
 */
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { composeMessage, type AlertContent } from '../src/delivery/compose.js';
import { unusedPort } from '../test/support/silent-tcp-server.js';
import { WorkerFleet } from '../test/support/worker-fleet.js';
import { benchAlert, benchSecret as secret } from './support.js';

/** Waits until something accepts connections on the port (smtp-sink has started). */
async function listening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); }).once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`smtp-sink did not start on port ${port}`);
}

/** Bytes of one message as the workers send it (for smtp-source's -l, so both sides send the same size). */
export async function messageBytes(): Promise<number> {
  const input = benchAlert('IQ');
  const content: AlertContent = { id: '00000000-0000-4000-8000-000000000000', kind: input.kind, msgType: 'Alert', sender: input.sender, effective: new Date(), expires: null,
    areaDescription: 'Iraq', infos: input.infos, assistance: input.assistance };
  const row = { id: content.id, alert_id: content.id, traveller_id: content.id, channel: 'email' as const, address: 's1@bench.test', attempts: 1, language: 'en', checkin_no: '1', kind: 'alert' as const, content: null };
  const msg = composeMessage(row, content, { secret, publicUrl: 'http://warden.test' });
  const compiler = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await compiler.sendMail({ from: 'Warden <alerts@warden.test>', to: msg.to, subject: msg.subject, text: msg.text, html: msg.html,
    messageId: `<${row.id}@warden.test>`, headers: { ...msg.headers, 'X-Warden-Delivery-Id': row.id } });
  return (info.message as Buffer).length;
}

/** smtp-sink on a free loopback port. */
export async function smtpSink(): Promise<{ port: number; stop(): void }> {
  const port = await unusedPort();
  const sink = spawn('smtp-sink', ['-c', '-u', 'nobody', `127.0.0.1:${port}`, '1000'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await listening(port);
  return { port, stop: () => sink.kill() };
}

/** smtp-source's rate (messages/s) into the sink for `count` messages of `bytes` over `connections`. */
export function smtpSourceRate(port: number, count: number, bytes: number, connections: number, keepSessions = false): number {
  const t0 = performance.now();
  // Without -d smtp-source opens a session per message (the figure the history of this benchmark uses); with -d it
  // keeps its sessions, as Warden's workers do.
  execFileSync('smtp-source', [...(keepSessions ? ['-d'] : []), '-s', String(connections), '-m', String(count), '-l', String(bytes), '-f', 'a@bench.test', '-t', 'b@bench.test', `127.0.0.1:${port}`]);
  return count / ((performance.now() - t0) / 1000);
}


/** Two (FANOUT_WORKERS) worker processes with production-like settings: a 60 s lease, no rate limit in the way. */
export function benchWorkers(url: string, port: number): WorkerFleet {
  const env = process.env;
  return new WorkerFleet({
    dbUrl: url, smtpPort: port, secret, batch: Number(env.WARDEN_WORKER_BATCH ?? 500), appName: 'warden-bench-fanout',
    nodeArgs: env.FANOUT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.FANOUT_CPU_PROF}`] : [],
    env: { WARDEN_WORKER_CONCURRENCY: env.WARDEN_WORKER_CONCURRENCY ?? '50', WARDEN_SMTP_MAX_CONNECTIONS: env.WARDEN_SMTP_MAX_CONNECTIONS ?? '5',
      WARDEN_SMTP_MAX_MESSAGES: '100000', WARDEN_RATE_EMAIL_PER_SEC: '1000000', WARDEN_RATE_EMAIL_BURST: '100000',
      WARDEN_WORKER_LEASE_MS: '60000', WARDEN_RETRY_BASE_MS: '15000' },
  });
}


