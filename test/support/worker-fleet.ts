/**
 * Outbox worker processes for fault tests and the kill benchmark: spawn `test/support/worker-process.ts`
 * against a PostgreSQL database and a loopback SMTP server, kill them, and check a send: everyone reached,
 * nothing left queued, duplicates within the in-flight window.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/db/index.js';

const script = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

export interface FleetOptions {
  dbUrl: string;
  smtpPort: number;
  secret: string;
  batch: number;
  /** Marks the workers' database sessions, so a test can terminate exactly those. */
  appName: string;
  /** Settings over the fault-test defaults below (the fan-out benchmark runs with production-like ones). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export class WorkerFleet {
  readonly children = new Set<ChildProcess>();
  constructor(private readonly opts: FleetOptions) {}

  spawn(): Promise<ChildProcess> {
    const u = new URL(this.opts.dbUrl);
    u.searchParams.set('application_name', this.opts.appName);
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...(this.opts.nodeArgs ?? []), '--import', 'tsx', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, WARDEN_TEST_DB_URL: u.toString(), WARDEN_TEST_SMTP_PORT: String(this.opts.smtpPort), WARDEN_SECRET: this.opts.secret,
          WARDEN_WORKER_BATCH: String(this.opts.batch), WARDEN_WORKER_CONCURRENCY: '40', WARDEN_WORKER_LEASE_MS: '2000', WARDEN_WORKER_POLL_MS: '50',
          WARDEN_SMTP_MAX_CONNECTIONS: '10', WARDEN_RATE_EMAIL_PER_SEC: '100000', WARDEN_RATE_EMAIL_BURST: '1000', WARDEN_RETRY_BASE_MS: '50', ...this.opts.env },
      });
      this.children.add(child);
      child.once('exit', () => this.children.delete(child));
      child.stdout!.once('data', () => resolve(child));
      child.once('error', reject);
    });
  }

  /** Stops a worker with SIGTERM and returns the stats it prints. */
  stop(child: ChildProcess): Promise<string> {
    return new Promise((resolve) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      child.once('exit', () => resolve(out));
      child.kill('SIGTERM');
    });
  }

  killAll(): void {
    for (const c of this.children) c.kill('SIGKILL');
  }
}

export async function pendingDeliveries(db: Db, alertId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND state IN ('queued', 'sending')`, [alertId]);
  return rows[0]!.n;
}

export async function waitUntilSent(db: Db, alertId: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    // A query may fail while the database restarts: try again until the deadline.
    const left = await pendingDeliveries(db, alertId).catch(() => -1);
    if (left === 0) return;
    if (Date.now() > until) throw new Error(`still ${left} pending`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SendCheck { deliveries: number; missing: { id: string; state: string; last_error: string | null }[]; notSent: number; duplicates: number }

/** Compares the outbox with what the SMTP server counted per delivery id. */
export async function checkSend(db: Db, alertId: string, counts: Map<string, number>): Promise<SendCheck> {
  const { rows } = await db.query<{ id: string; state: string; last_error: string | null }>(`SELECT id, state, last_error FROM deliveries WHERE alert_id = $1`, [alertId]);
  return {
    deliveries: rows.length,
    missing: rows.filter((r) => !counts.has(r.id)),
    notSent: rows.filter((r) => r.state !== 'sent').length,
    duplicates: rows.reduce((sum, r) => sum + Math.max(0, (counts.get(r.id) ?? 0) - 1), 0),
  };
}
