/** Runs the real `warden` command in a child process, on its own data folder (PGlite) or its own PostgreSQL database. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from './db.js';

export const wardenBin = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));

export interface WardenCli {
  dir: string;
  /** The environment of every run (set by setup). */
  env(): NodeJS.ProcessEnv;
  run(...args: string[]): { code: number | null; out: string; err: string };
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

export function wardenCli(prefix: string, extraEnv: NodeJS.ProcessEnv = {}): WardenCli {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let env: NodeJS.ProcessEnv = {};
  let drop = async () => undefined as void;
  return {
    dir,
    env: () => env,
    run: (...args) => {
      const r = spawnSync(process.execPath, [wardenBin, ...args], { env, encoding: 'utf8', timeout: 120_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
    setup: async () => {
      env = { ...process.env, WARDEN_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', ...extraEnv };
      if (process.env.DATABASE_URL) {
        const fresh = await freshDatabase();
        await fresh.db.close();
        env.DATABASE_URL = fresh.url;
        drop = async () => { await fresh.drop().catch(() => undefined); };
      }
    },
    teardown: async () => { await drop(); rmSync(dir, { recursive: true, force: true }); },
  };
}
