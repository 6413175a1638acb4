/**
 * Exactly one process opens an embedded data folder: two PGlite instances on one folder corrupt it
 * for good. The owner (a server, or a CLI command when no server runs) holds `<dataDir>/warden.pid`,
 * created atomically with its content (hard link of a written file: never seen half-written);
 * a lock whose process is gone (killed) is taken over.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type FolderRole = 'server' | 'command';
export interface FolderOwner { pid: number; role: FolderRole }

export class FolderInUse extends Error {
  constructor(readonly dataDir: string, readonly owner: FolderOwner) {
    super(owner.role === 'server'
      ? `the data folder ${dataDir} is already used by a Warden server (process ${owner.pid}); stop it first or set another WARDEN_DATA_DIR`
      : `the data folder ${dataDir} is in use by a warden command (process ${owner.pid}); try again when it ends`);
    this.name = 'FolderInUse';
  }
}

const lockFile = (dataDir: string) => join(dataDir, 'warden.pid');

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try { process.kill(pid, 0); return true; } catch (error) { return (error as NodeJS.ErrnoException).code === 'EPERM'; }
}

function readOwner(dataDir: string): FolderOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as Partial<FolderOwner>;
    return { pid: Number(parsed.pid), role: parsed.role === 'command' ? 'command' : 'server' };
  } catch {
    return null; // missing, or half-written by a process killed while writing it: not a live owner
  }
}

/** Takes the folder or throws FolderInUse naming the live owner. release() is idempotent and runs at exit. */
export function lockDataFolder(dataDir: string, role: FolderRole): { release(): void } {
  const file = lockFile(dataDir);
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, JSON.stringify({ pid: process.pid, role }), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        linkSync(draft, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(dataDir);
        if (owner && alive(owner.pid)) throw new FolderInUse(dataDir, owner);
        rmSync(file, { force: true });
        continue;
      }
      return holding(dataDir, file);
    }
  } finally {
    rmSync(draft, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}

function holding(dataDir: string, file: string): { release(): void } {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (readOwner(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { release };
}
