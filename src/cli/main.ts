#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { alertCommands } from '../alerts/cli.js';
import { checkinCommands } from '../checkins/cli.js';
import { deliveryCommands } from '../delivery/cli.js';
import { feedCommands } from '../feeds/cli.js';
import { intakeCommands } from '../intake/cli.js';
import { foundationCommands } from './commands.js';
import { createCliContext, reasonOf } from './context.js';

/** `warden`: one command line for operators and hosts. Bad input exits non-zero with one line. */
async function main(argv: string[]): Promise<void> {
  const ctx = createCliContext();
  const program = new Command('warden').description('Warden — keep people abroad safe in a crisis').exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const group of [foundationCommands, alertCommands, deliveryCommands, checkinCommands, intakeCommands, feedCommands]) group(program, ctx);
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
