/**
 * A fast SMTP peer on loopback for volume tests: accepts everything and only counts messages
 * per X-Warden-Delivery-Id (no MIME parsing), so duplicates can be measured at 20,000 messages.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CountingSmtpServer {
  port: number;
  /** delivery id → copies received. */
  counts: Map<string, number>;
  total(): number;
  close(): Promise<void>;
}

export async function startCountingSmtpServer(): Promise<CountingSmtpServer> {
  const counts = new Map<string, number>();
  let total = 0;
  let queue = 0;
  const server = new SMTPServer({
    logger: false, disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true, closeTimeout: 50, maxClients: 200,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('latin1', 0, 8192);
        const id = /^X-Warden-Delivery-Id:\s*(\S+)/im.exec(head)?.[1] ?? 'missing';
        counts.set(id, (counts.get(id) ?? 0) + 1);
        total += 1;
        callback(null, `2.0.0 Ok: queued as C${(queue++).toString(16)}`);
      });
    },
  });
  // Killed workers reset their connections; that is expected here, not a server failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
  return {
    port: (server.server.address() as AddressInfo).port, counts, total: () => total,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
