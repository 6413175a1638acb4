import type { Command } from 'commander';
import { reasonOf, type CliContext, type CommandGroup } from '../cli/context.js';
import { accountability } from './accountability.js';
import { escalateDue } from './escalation.js';
import { boardQuery } from './schema.js';

/** The checkins domain's `warden` commands. */
export const checkinCommands: CommandGroup = (program: Command, ctx: CliContext) => {
  const checkins = program.command('checkins').description('check-ins: accountability board and escalation');
  checkins.command('board <alertId>').description('counts of safe, departed, need help, no answer, not reachable; by round')
    .option('--city <city>').option('--organisation <name>').option('--channel <channel>').option('--json', 'print JSON')
    .action(async (alertId: string, opts: { city?: string; organisation?: string; channel?: string; json?: boolean }) => {
      try {
        const query = boardQuery.parse({ city: opts.city, organisation: opts.organisation, channel: opts.channel });
        const board = await accountability(await ctx.db(), alertId, query, false);
        ctx.print(board, () => [
          `${board.total} people: ${Object.entries(board.counts).map(([k, v]) => `${v} ${k.replace('_', ' ')}`).join(', ')}`,
          `by round: ${Object.entries(board.byRound).map(([r, n]) => `round ${r}: ${n}`).join(', ')}`,
        ].join('\n'), opts);
      } catch (error) { process.stderr.write(`error: ${reasonOf(error)}\n`); process.exitCode = 1; }
      await ctx.close();
    });
  checkins.command('escalate').description('run one escalation pass now (workers run it every WARDEN_ESCALATION_EVERY_MS)').option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      try {
        const queued = await escalateDue(await ctx.db(), ctx.config.messaging.checkins.escalation);
        ctx.print({ queued }, () => `${queued} reminders queued`, opts);
      } catch (error) { process.stderr.write(`error: ${reasonOf(error)}\n`); process.exitCode = 1; }
      await ctx.close();
    });
};
