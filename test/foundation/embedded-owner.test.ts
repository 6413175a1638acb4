/**
 * One owner of the embedded data folder: the server shares its PGlite with CLI commands over a Unix
 * socket in the folder, a second server is refused, and a server SIGKILLed in the middle of writes
 * leaves a folder that opens again with every acknowledged write in it. Runs on PGlite whatever
 * DATABASE_URL says: the embedded database is what is under test.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openServerDatabase, type ServerDb } from '../../src/db/index.js';
import { socketPath } from '../../src/db/socket-path.js';

const bin = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'warden-owner-'));
after(() => rmSync(root, { recursive: true, force: true }));

function embeddedEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, WARDEN_DATA_DIR: dataDir, WARDEN_DEMO: '0', WARDEN_WEB_BUILD: '0', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.WARDEN_SECRET;
  return env;
}

const warden = (dataDir: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { env: embeddedEnv(dataDir), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** The same without blocking this process, so writes go on while the command runs. */
const wardenBeside = (dataDir: string, ...args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
  execFile(process.execPath, [bin, ...args], { env: embeddedEnv(dataDir), encoding: 'utf8', timeout: 120_000 }, (error, out, err) =>
    resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }));
});

/** Starts `warden start` and resolves once it shares the folder and listens (its start-up line). */
async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'start'], { env: embeddedEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const deadline = Date.now() + 120_000;
  while (!/^Warden is running at /m.test(output)) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

const socketClient = (dataDir: string) => new pg.Client({ host: dataDir, port: 5432, user: 'postgres', database: 'postgres' });

describe('the embedded data folder has one owner', () => {
  it('keeps a socket client\'s transaction and the server\'s own statements apart', async () => {
    const dataDir = join(root, 'in-process');
    const db: ServerDb = await openServerDatabase({ dataDir });
    try {
      await db.share();
      await db.query('CREATE TABLE probe (who text)');
      const client = socketClient(dataDir);
      await client.connect();
      await client.query('BEGIN');
      await client.query("INSERT INTO probe VALUES ('client')");
      // The server's statement waits for the client's transaction instead of running inside it…
      const serverWrite = db.query("INSERT INTO probe VALUES ('server')");
      await new Promise((r) => setTimeout(r, 200));
      await client.query('ROLLBACK');
      await serverWrite;
      await client.end();
      // …so the rollback undid only the client's row.
      assert.deepEqual((await db.query<{ who: string }>('SELECT who FROM probe')).rows, [{ who: 'server' }]);
      // A client that disconnects mid-transaction is rolled back and frees the database.
      const dropped = socketClient(dataDir);
      await dropped.connect();
      await dropped.query('BEGIN');
      await dropped.query("INSERT INTO probe VALUES ('dropped')");
      (dropped as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      dropped.on('error', () => undefined);
      assert.deepEqual((await db.query<{ who: string }>('SELECT who FROM probe ORDER BY who')).rows, [{ who: 'server' }]);
    } finally {
      await db.close();
    }
    assert.equal(existsSync(socketPath(dataDir)), false, 'the socket is removed on close');
    assert.equal(existsSync(join(dataDir, 'warden.pid')), false, 'the lock is released on close');
  });

  it('refuses a second server on the same folder with one line', async () => {
    const dataDir = join(root, 'second');
    const first = await startServer(dataDir);
    try {
      const second = warden(dataDir, 'start');
      assert.equal(second.code, 1);
      assert.match(second.err, new RegExp(`^warden: the data folder ${dataDir} is already used by a Warden server \\(process ${first.pid}\\); stop it first or set another WARDEN_DATA_DIR\\n$`));
      // CLI commands still work beside it, through its socket.
      const listed = warden(dataDir, 'post', 'list', '--json');
      assert.equal(listed.code, 0, listed.err);
      assert.deepEqual(JSON.parse(listed.out), []);
    } finally {
      first.kill('SIGTERM');
      await new Promise((r) => first.once('exit', r));
    }
    assert.equal(existsSync(join(dataDir, 'warden.pid')), false);
  });

  it('opens every time after SIGKILL in the middle of writes, with nothing acknowledged lost', async () => {
    const dataDir = join(root, 'killed');
    const acknowledged: number[] = [];
    const titles: string[] = [];
    const cycles = 10;
    for (let cycle = 0; cycle < cycles; cycle += 1) {
      const server = await startServer(dataDir);
      const client = socketClient(dataDir);
      client.on('error', () => undefined);
      await client.connect();
      await client.query('CREATE TABLE IF NOT EXISTS kill_probe (n int PRIMARY KEY, payload text NOT NULL)');
      // Everything acknowledged before the kill must be there after it.
      const present = (await client.query<{ n: number }>('SELECT n FROM kill_probe')).rows.map((r) => r.n);
      const missing = acknowledged.filter((n) => !present.includes(n));
      assert.deepEqual(missing, [], `cycle ${cycle}: acknowledged rows lost`);
      let writing = true;
      let next = cycle * 100_000;
      const writer = (async () => {
        while (writing) {
          const n = next++;
          try {
            await client.query('INSERT INTO kill_probe VALUES ($1, repeat($2, 2000))', [n, 'x']);
            acknowledged.push(n);
          } catch {
            return; // the server died under us: this write was never acknowledged
          }
        }
      })();
      // CLI commands beside the server, while it writes.
      const title = `cycle ${cycle}`;
      const [set, who] = await Promise.all([
        wardenBeside(dataDir, 'advisory', 'set', 'KW', '--level', '1', '--title', title, '--summary', 'Exercise normal precautions.', '--json'),
        wardenBeside(dataDir, 'who-is-in', 'IQ', '--at', '2020-01-03', '--json'),
      ]);
      assert.equal(set.code, 0, set.err);
      titles.push(title);
      assert.equal(who.code, 0, who.err);
      assert.equal(JSON.parse(who.out).count, 0);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250)); // kill at a random point of the writes
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      writing = false;
      await writer;
      await client.end().catch(() => undefined);
    }
    assert.ok(acknowledged.length > cycles * 20, `writes were acknowledged (${acknowledged.length})`);
    // Without a server, a command opens the folder itself (the killed server's lock is stale) and sees it all.
    const history = warden(dataDir, 'advisory', 'show', 'KW', '--history', '--json');
    assert.equal(history.code, 0, history.err);
    assert.deepEqual((JSON.parse(history.out).history as { title: string }[]).map((h) => h.title).sort(), [...titles].sort());
  });
});
