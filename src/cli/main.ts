#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { createCliContext, reasonOf, type CommandGroup } from './context.js';

/**
 * Each command group's module, loaded on demand: a command imports only its own domain's code
 * (the whole program for help), which keeps a command against a running server well under 2 s.
 */
const groups: Record<string, () => Promise<CommandGroup>> = {
  foundation: async () => (await import('./commands.js')).foundationCommands,
  alert: async () => (await import('../alerts/cli.js')).alertCommands,
  worker: async () => (await import('./worker.js')).workerCommands,
  checkins: async () => (await import('../checkins/cli.js')).checkinCommands,
  intake: async () => (await import('../intake/cli.js')).intakeCommands,
  feeds: async () => (await import('../feeds/cli.js')).feedCommands,
};
const foundationNames = new Set(['start', 'demo', 'advisory', 'post', 'travellers', 'who-is-in', 'operator', 'audit']);

function groupsFor(command: string | undefined): (() => Promise<CommandGroup>)[] {
  if (command && foundationNames.has(command)) return [groups.foundation!];
  if (command && groups[command]) return [groups[command]];
  return Object.values(groups);
}

/**
 * A reader that stops early (`warden who-is-in IQ --json | head -3`) closes the pipe: the rest of the
 * output is not wanted, which is not a failure. The command finishes (closing the database) and exits 0.
 */
function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** `warden`: one command line for operators and hosts. Bad input exits non-zero with one line. */
async function main(argv: string[]): Promise<void> {
  ignoreClosedStdout();
  const ctx = createCliContext();
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const program = new Command('warden').description('Warden — keep people abroad safe in a crisis').version(version).exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const load of groupsFor(argv[2])) (await load())(program, ctx);
  const longRunning = ['start', 'worker'].includes(argv[2] ?? '');
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      process.stderr.write(`warden: ${reasonOf(error)}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (!longRunning || process.exitCode) await ctx.close();
  }
}

await main(process.argv);
