import type { Command } from 'commander';
import { loadConfig, type WardenConfig } from '../config.js';
import { openCommandDatabase, type Db } from '../db/index.js';
import { WardenError } from '../errors.js';
import { applyProcessSettings } from '../process-settings.js';

/** What every CLI command gets: the configuration and a lazily opened, migrated database. */
export interface CliContext {
  config: WardenConfig;
  db(): Promise<Db>;
  /** Prints rows as JSON (with --json) or through the given human formatter. */
  print(value: unknown, human: () => string, opts: { json?: boolean }): void;
  close(): Promise<void>;
}

export function createCliContext(config: WardenConfig = loadConfig()): CliContext {
  applyProcessSettings(config);
  let opened: Promise<Db> | null = null;
  return {
    config,
    db: () => (opened ??= openCommandDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })),
    print: (value, human, opts) => { process.stdout.write(opts.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`); },
    // Idempotent: some commands close early and main() closes again at exit.
    close: async () => {
      const pending = opened;
      opened = null;
      if (pending) await (await pending).close();
    },
  };
}

/** A domain's commands: each domain folder exports one of these from its cli.ts. */
export type CommandGroup = (program: Command, ctx: CliContext) => void;

/** One line, no stack: what the operator typed was wrong, or the data refused it. */
export function reasonOf(error: unknown): string {
  if (error instanceof WardenError) return error.message;
  if (error instanceof Error) return error.message.split('\n')[0] ?? 'failed';
  return String(error);
}
