import type { Command } from 'commander';
import { reasonOf, type CliContext, type CommandGroup } from '../cli/context.js';
import { alertProgress } from './progress.js';
import { alertStates, type ProgressView } from './schema.js';
import { getAlert, listAlerts } from './service.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "[██████░░░░]  60%  6,000/10,000 sent · 1 failed · 250/s · ETA 16 s" */
export function progressLine(p: ProgressView, width = 30): string {
  const finished = p.byState.sent + p.byState.failed + p.byState.bounced;
  const ratio = p.total ? finished / p.total : 1;
  const filled = Math.round(ratio * width);
  const eta = p.done ? 'done' : p.etaSeconds === null ? 'ETA –' : `ETA ${formatSeconds(p.etaSeconds)}`;
  const failed = p.byState.failed + p.byState.bounced;
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${p.byState.sent.toLocaleString('en')}/${p.total.toLocaleString('en')} sent`
    + `${failed ? ` · ${failed.toLocaleString('en')} failed` : ''} · ${p.ratePerSec}/s · ${eta}`;
}

function formatSeconds(s: number): string {
  return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

export function progressTable(p: ProgressView): string {
  const header = `alert ${p.alertId} · ${p.state} · ${p.recipients} recipients · ${p.total} deliveries`;
  const rows = Object.entries(p.byChannel).map(([ch, c]) => `  ${ch.padEnd(8)} queued ${c.queued}  sending ${c.sending}  sent ${c.sent}  failed ${c.failed}  bounced ${c.bounced}`);
  return [header, ...rows, progressLine(p)].join('\n');
}

function fail(error: unknown): never {
  process.stderr.write(`error: ${reasonOf(error)}\n`);
  process.exit(1);
}

async function status(ctx: CliContext, id: string, opts: { json?: boolean; watch?: boolean }): Promise<void> {
  if (!uuid.test(id)) fail(new Error(`not an alert id: ${id}`));
  const db = await ctx.db();
  let p = await alertProgress(db, id);
  const live = !opts.json && (opts.watch ?? process.stdout.isTTY) && p.publishedAt !== null && !p.done;
  if (!live) return ctx.print(p, () => progressTable(p), opts);
  process.stdout.write(`${progressTable(p).split('\n').slice(0, -1).join('\n')}\n`);
  while (!p.done) {
    process.stdout.write(`\r${progressLine(p)}\x1b[K`);
    await new Promise((r) => setTimeout(r, 1000));
    p = await alertProgress(db, id);
  }
  process.stdout.write(`\r${progressLine(p)}\x1b[K\n`);
}

/** The alerts domain's `warden` commands. */
export const alertCommands: CommandGroup = (program: Command, ctx: CliContext) => {
  const alert = program.command('alert').description('alerts: list, show, delivery status');
  alert.command('status <id>').description('delivery progress per state and channel (live bar with ETA while sending)')
    .option('--json', 'print JSON once').option('--watch', 'keep refreshing until every delivery is finished').option('--no-watch', 'print once')
    .action(async (id: string, opts: { json?: boolean; watch?: boolean }) => {
      try { await status(ctx, id, opts); } catch (error) { fail(error); } finally { await ctx.close(); }
    });
  alert.command('list').description('alerts, newest first').option('--state <state>', 'only this state').option('--limit <n>', 'how many', '50').option('--json', 'JSON output')
    .action(async (opts: { state?: string; limit: string; json?: boolean }) => {
      try {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new Error('--limit must be 1 to 200');
        const states: readonly string[] = alertStates;
        if (opts.state && !states.includes(opts.state)) throw new Error(`--state must be one of ${states.join(', ')}`);
        const items = await listAlerts(await ctx.db(), { state: opts.state as 'draft' | undefined, limit });
        ctx.print(items, () => items.map((a) => `${a.id}  ${a.state.padEnd(16)} ${a.msgType.padEnd(6)} ${a.infos[0]!.headline}`).join('\n') || 'no alerts', opts);
      } catch (error) { fail(error); } finally { await ctx.close(); }
    });
  alert.command('show <id>').description('one alert').option('--json', 'JSON output')
    .action(async (id: string, opts: { json?: boolean }) => {
      try {
        if (!uuid.test(id)) throw new Error(`not an alert id: ${id}`);
        const a = await getAlert(await ctx.db(), id);
        ctx.print(a, () => `${a.msgType} ${a.kind} · ${a.state}\n${a.infos[0]!.headline}\narea: ${a.areaDescription}\nrecipients: ${a.recipientCount ?? '–'}`, opts);
      } catch (error) { fail(error); } finally { await ctx.close(); }
    });
};
