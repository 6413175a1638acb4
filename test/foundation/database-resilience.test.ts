/**
 * The API survives the database going away (issue 11 point 5, issue 12 finding 4). On PostgreSQL a
 * connection terminated while a request uses it fails only that request, with a 503 problem, and the
 * process goes on serving; all connections terminated at once (what a restart does) are replaced.
 * On both backends SIGTERM lets a request in flight finish before the server exits.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { isConnectionLost } from '../../src/db/index.js';
import { createTestContext, type TestContext } from '../support/app.js';
import { backend } from '../support/db.js';

if (backend === 'pg') {
  describe('a PostgreSQL connection dropped in the middle of a request', () => {
    let t: TestContext;
    before(async () => { t = await createTestContext(); });
    after(async () => { await t.close(); });

    /** Runs `request` while travellers is locked, terminates the backend waiting on the lock, then unlocks. */
    async function terminateDuring(request: () => Promise<{ statusCode: number; headers: Record<string, unknown>; json(): { type: string; detail: string } }>) {
      let unlock!: () => void;
      const unlocked = new Promise<void>((r) => { unlock = r; });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => { locked = r; });
      const holder = t.db.tx(async (tx) => { await tx.query('LOCK TABLE travellers IN ACCESS EXCLUSIVE MODE'); locked(); await unlocked; });
      await isLocked;
      const pending = request();
      let terminated = 0;
      for (let i = 0; i < 200 && !terminated; i += 1) {
        await new Promise((r) => setTimeout(r, 25));
        terminated = (await t.db.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`)).rows[0]!.n;
      }
      assert.equal(terminated, 1, 'the request\'s connection was found waiting and terminated');
      const res = await pending;
      unlock();
      await holder;
      return res;
    }

    it('answers that request 503 problem+json and goes on serving (read)', async () => {
      const res = await terminateDuring(() => t.request('GET', '/api/travellers', { role: 'editor' }));
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().type, '/problems/database-unavailable');
      assert.equal(res.json().detail, 'the database connection was lost; try again');
      assert.equal((await t.request('GET', '/api/travellers', { role: 'editor' })).statusCode, 200);
    });

    it('answers 503 to a write whose transaction lost its connection, and writes nothing', async () => {
      const body = { fullName: 'Dropped Connection', consent: true, language: 'en', contacts: [{ channel: 'email', address: 'dropped@example.org' }], trips: [] };
      const res = await terminateDuring(() => t.request('POST', '/api/travellers', { role: 'editor', body }));
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().type, '/problems/database-unavailable');
      const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM travellers WHERE full_name = 'Dropped Connection'");
      assert.equal(rows[0]!.n, 0);
      assert.equal((await t.request('POST', '/api/travellers', { role: 'editor', body })).statusCode, 201);
    });

    it('rejects a transaction whose connection drops between two statements, without an unhandled error', async () => {
      // Between statements no query listens on the client: its 'error' event used to kill the process.
      const outcome = t.db.tx(async (tx) => {
        const pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
        await new Promise((r) => setTimeout(r, 300));
        await tx.query('SELECT 1');
      });
      await assert.rejects(outcome, (error: Error) => isConnectionLost(error));
      assert.equal((await t.request('GET', '/api/travellers', { role: 'editor' })).statusCode, 200);
    });

    it('survives every connection being terminated at once, as in a restart', async () => {
      // Fill the pool with idle connections, then kill them all from outside.
      await Promise.all(Array.from({ length: 5 }, () => t.request('GET', '/api/travellers', { role: 'editor' })));
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const name = (await t.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
      const killed = (await admin.query('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1', [name])).rows[0].n;
      await admin.end();
      assert.ok(killed >= 1);
      await new Promise((r) => setTimeout(r, 200));
      const statuses = [];
      for (let i = 0; i < 5; i += 1) statuses.push((await t.request('GET', '/api/travellers', { role: 'editor' })).statusCode);
      assert.equal(statuses.at(-1), 200, `statuses after the restart: ${statuses}`);
      assert.ok(statuses.every((s) => s === 200 || s === 503), `only 200 or 503: ${statuses}`);
    });
  });
}

describe('SIGTERM', () => {
  it('lets the request in flight finish, then exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-drain-'));
    const bin = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, WARDEN_DATA_DIR: dir, WARDEN_DEMO: '0', WARDEN_WEB_BUILD: '0', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.WARDEN_SECRET;
    const server = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      server.stdout!.on('data', (d) => { output += d; });
      server.stderr!.on('data', (d) => { output += d; });
      while (!/Warden is running at (\S+)/.test(output)) {
        assert.equal(server.exitCode, null, output);
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /Warden is running at (\S+)/.exec(output)![1]!;
      // Hold the embedded database (as a CLI command's transaction would) so the request stays in flight.
      const client = new pg.Client({ host: dir, port: 5432, user: 'postgres', database: 'postgres' });
      await client.connect();
      await client.query('BEGIN');
      await client.query('SELECT 1');
      const inFlight = fetch(`${url}/healthz`);
      await new Promise((r) => setTimeout(r, 300));
      const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(server.exitCode, null, 'still draining');
      await client.query('COMMIT');
      await client.end();
      const res = await inFlight;
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', database: 'pglite' });
      assert.equal(await exited, 0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
