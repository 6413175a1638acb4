import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import Table from 'cli-table3';
import { advisoryInput } from '../advisories/schema.js';
import { getAdvisoryHistory, getCurrentAdvisory, setAdvisoryDirectly } from '../advisories/service.js';
import { roles, systemActor, type Role } from '../auth/roles.js';
import { ensureSecret } from '../config.js';
import { invalid } from '../errors.js';
import { areaSchema } from '../geo/area.js';
import { listPresentFor } from '../travellers/service.js';
import { parseAreaText } from '../geo/area-text.js';
import { postStatusInput } from '../posts/schema.js';
import { getPost, listPosts, setPostStatus } from '../posts/service.js';
import type { CliContext } from './context.js';

const cliActor = () => systemActor('cli');

/** The foundation's commands: start, demo, advisory, post, travellers, who-is-in, operator, audit. */
export function foundationCommands(program: Command, ctx: CliContext): void {
  program.command('start').description('run the API, the public site and an in-process worker').action(async () => {
    const { startServer } = await import('../server.js');
    await startServer(ensureSecret(ctx.config));
  });

  program.command('demo').description('load the Baghdad model case into an empty database')
    .option('--travellers <n>', 'number of synthetic travellers', '2000')
    .action(async (opts: { travellers: string }) => {
      const { loadDemo } = await import('../demo/load.js');
      const loaded = await loadDemo(await ctx.db(), { onlyIfEmpty: true, travellers: positiveInt(opts.travellers, 'travellers') });
      if (!loaded) throw invalid('database', 'already has advisories; the demo loads only into an empty database');
      console.log(`loaded ${loaded.travellers} travellers, ${loaded.trips} trips; operators ${loaded.operators.map((o) => o.email).join(', ')} with password ${loaded.password}`);
    });

  const advisory = program.command('advisory').description('country travel advisories');
  advisory.command('show <country>').option('--json', 'JSON output').option('--history', 'include every published version')
    .action(async (country: string, opts: { json?: boolean; history?: boolean }) => {
      const db = await ctx.db();
      const current = await getCurrentAdvisory(db, country);
      const value = opts.history ? { ...current, history: await getAdvisoryHistory(db, country) } : current;
      ctx.print(value, () => `${current.countryName} (${current.countryCode}) — Level ${current.level}: ${current.levelLabel}\nIndicators: ${current.indicators.join(', ') || 'none'}\nVersion ${current.version}, published ${current.publishedAt}\n${current.summary}`, opts);
    });
  advisory.command('set <country>').description('publish a new version directly (audited as the host administrator)')
    .requiredOption('--level <n>', '1 to 4').option('--indicators <list>', 'comma-separated: C,T,U,H,N,E,K,D,O', '')
    .requiredOption('--title <text>').requiredOption('--summary <text>').option('--body <text>', '', '').option('--json')
    .action(async (country: string, opts: { level: string; indicators: string; title: string; summary: string; body: string; json?: boolean }) => {
      const input = parseWith(advisoryInput, { level: Number(opts.level), indicators: opts.indicators ? opts.indicators.split(',').map((s) => s.trim().toUpperCase()) : [], title: opts.title, summary: opts.summary, body: opts.body });
      const published = await setAdvisoryDirectly(await ctx.db(), cliActor(), country, input);
      ctx.print(published, () => `published ${published.countryCode} version ${published.version}: Level ${published.level}`, opts);
    });

  const post = program.command('post').description('embassies and consulates');
  post.command('list').option('--country <cc>').option('--json').action(async (opts: { country?: string; json?: boolean }) => {
    const posts = await listPosts(await ctx.db(), opts.country);
    ctx.print(posts, () => table(['slug', 'name', 'status', 'do not approach', 'departure'], posts.map((p) => [p.slug, p.name, p.status, p.doNotApproach ? 'yes' : '', p.departurePosture])), opts);
  });
  post.command('status <slug>').description('show, or with --set change, a post\'s service status')
    .option('--set <status>', 'normal | limited | suspended | closed').option('--message <text>').option('--do-not-approach')
    .option('--departure <posture>', 'none | authorized | ordered').option('--json')
    .action(async (slug: string, opts: { set?: string; message?: string; doNotApproach?: boolean; departure?: string; json?: boolean }) => {
      const db = await ctx.db();
      const result = opts.set
        ? await setPostStatus(db, cliActor(), slug, parseWith(postStatusInput, { status: opts.set, message: opts.message ?? '', doNotApproach: Boolean(opts.doNotApproach), departurePosture: opts.departure ?? 'none' }))
        : await getPost(db, slug);
      ctx.print(result, () => `${result.name}: ${result.status}${result.doNotApproach ? ' — DO NOT APPROACH' : ''} (since ${result.statusSince})\n${result.statusMessage}`, opts);
    });

  program.command('travellers').description('travellers').command('import <file>').description('import a CSV (all rows or none)').option('--json')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { importTravellersCsv } = await import('../travellers/import.js');
      const result = await importTravellersCsv(await ctx.db(), cliActor(), readFileSync(file, 'utf8'));
      ctx.print(result, () => `imported ${result.travellers} travellers, ${result.trips} trips`, opts);
    });

  program.command('who-is-in <area>').description('who is (or will be) in an area: IQ, IQ-BG, a city or site name, or "lat,lon"')
    .requiredOption('--at <date>', 'a day (YYYY-MM-DD) or an instant').option('--to <date>', 'end of the window (default: end of --at day)')
    .option('--radius <km>', 'radius for a city or point', '25').option('--limit <n>', 'at most this many', '100000').option('--json')
    .action(async (areaText: string, opts: { at: string; to?: string; radius: string; limit: string; json?: boolean }) => {
      const db = await ctx.db();
      const input = parseWith(areaSchema, await parseAreaText(db, areaText, Number(opts.radius)));
      const window = dayWindow(opts.at, opts.to);
      const { area, items: people } = await listPresentFor(db, cliActor(), input, window, { limit: positiveInt(opts.limit, 'limit') });
      ctx.print({ area, from: window.from, to: window.to, count: people.length, travellers: people },
        () => `${people.length} people in ${area} between ${window.from.toISOString()} and ${window.to.toISOString()}\n` +
          table(['name', 'place', 'from', 'to', 'channels'], people.slice(0, 50).map((p) => [p.fullName, p.trip.placeName, p.trip.startsAt.slice(0, 10), p.trip.endsAt?.slice(0, 10) ?? 'resident', p.channels.join(' ')])), opts);
    });

  const operator = program.command('operator').description('operator accounts');
  operatorLifecycleCommands(operator, ctx);
  operator.command('create').description('create an operator; the password comes from WARDEN_OPERATOR_PASSWORD, else a random one is printed once')
    .requiredOption('--email <email>').option('--name <name>').option('--role <role>', roles.join(' | '), 'viewer').option('--admin', 'same as --role admin').option('--json')
    .action(async (opts: { email: string; name?: string; role: string; admin?: boolean; json?: boolean }) => {
      const role = (opts.admin ? 'admin' : opts.role) as Role;
      const generated = !ctx.config.operatorPassword;
      const password = ctx.config.operatorPassword || randomBytes(15).toString('base64url');
      const { createOperator } = await import('../auth/operators.js');
      const operator = await createOperator(await ctx.db(), cliActor(), { email: opts.email, name: opts.name ?? opts.email, role, password });
      ctx.print({ ...operator, ...(generated ? { password } : {}) }, () => `created ${operator.role} ${operator.email}${generated ? ` with password ${password} (shown once)` : ''}`, opts);
    });

  program.command('audit').description('audit log').command('verify').description('check the hash chain; names the first bad row').option('--json')
    .action(async (opts: { json?: boolean }) => {
      const { verifyAuditLog } = await import('../auth/audit.js');
      const { verifyAuditAnchor } = await import('../auth/audit-anchor.js');
      const db = await ctx.db();
      const verdict = await verifyAuditLog(db);
      let secret: string | null = null;
      try { secret = ensureSecret(ctx.config).secret; } catch { /* PostgreSQL without WARDEN_SECRET: the chain alone */ }
      const anchor = secret ? await verifyAuditAnchor(db, secret, ctx.config.auditAnchor.path) : { anchored: false as const, reason: 'WARDEN_SECRET is not set: the anchor cannot be checked' };
      const chainLine = verdict.ok ? `audit log intact: ${verdict.rows} rows` : `audit log broken at row ${verdict.firstBadSeq}: ${verdict.reason}`;
      const anchorLine = !anchor.anchored ? null : anchor.ok ? `head anchored at row ${anchor.seq} (${anchor.at}): present and unchanged` : `audit log broken: ${anchor.reason}`;
      if (!anchor.anchored && !opts.json) process.stderr.write(`warden: note: ${anchor.reason}\n`);
      ctx.print({ ...verdict, anchor }, () => (anchorLine ? `${chainLine}\n${anchorLine}` : chainLine), opts);
      if (!verdict.ok || (anchor.anchored && !anchor.ok)) process.exitCode = 3;
    });
}

function parseWith<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw invalid(issue.path.map(String).join('.') || 'input', issue.message);
}

function positiveInt(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalid(field, 'must be a positive whole number');
  return n;
}

/** "2020-01-03" → that whole UTC day; an instant → that instant (to --to, or the same instant). */
export function dayWindow(at: string, to?: string): { from: Date; to: Date } {
  const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  const parse = (s: string, field: string, edge: 'start' | 'end') => {
    const d = new Date(isDay(s) ? `${s}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : s);
    if (Number.isNaN(d.getTime())) throw invalid(field, `"${s}" is not a date (YYYY-MM-DD) or an ISO date-time`);
    return d;
  };
  const from = parse(at, 'at', 'start');
  const end = to ? parse(to, 'to', 'end') : isDay(at) ? parse(at, 'at', 'end') : from;
  if (end < from) throw invalid('to', 'must not be before --at');
  return { from, to: end };
}

function table(head: string[], rows: string[][]): string {
  const t = new Table({ head });
  t.push(...rows);
  return t.toString();
}

/** `warden operator disable|enable|role|end-sessions EMAIL`: the lifecycle, audited as system:cli. */
function operatorLifecycleCommands(operator: Command, ctx: CliContext): void {
  const update = async (email: string, change: { role?: Role; disabled?: boolean }, opts: { json?: boolean }) => {
    const { operatorByEmail, updateOperator } = await import('../auth/operators.js');
    const db = await ctx.db();
    const updated = await updateOperator(db, cliActor(), (await operatorByEmail(db, email)).id, change);
    ctx.print(updated, () => `${updated.email}: ${updated.role}${updated.disabled ? ', disabled (sessions ended, tokens revoked)' : ''}`, opts);
  };
  operator.command('disable').argument('<email>').description('disable an operator: sessions ended and API tokens revoked at once').option('--json')
    .action((email: string, opts: { json?: boolean }) => update(email, { disabled: true }, opts));
  operator.command('enable').argument('<email>').description('re-enable a disabled operator (they sign in again; old tokens stay revoked)').option('--json')
    .action((email: string, opts: { json?: boolean }) => update(email, { disabled: false }, opts));
  operator.command('role').argument('<email>').argument('<role>', roles.join(' | ')).description("change an operator's role (their sessions end)").option('--json')
    .action((email: string, role: string, opts: { json?: boolean }) => {
      if (!(roles as readonly string[]).includes(role)) throw invalid('role', `must be one of ${roles.join(', ')}`);
      return update(email, { role: role as Role }, opts);
    });
  operator.command('end-sessions').argument('<email>').description('end every session of an operator').option('--json')
    .action(async (email: string, opts: { json?: boolean }) => {
      const { endOperatorSessions, operatorByEmail } = await import('../auth/operators.js');
      const db = await ctx.db();
      const ended = await endOperatorSessions(db, cliActor(), (await operatorByEmail(db, email)).id);
      ctx.print(ended, () => `${email}: ${ended.sessionsEnded} sessions ended`, opts);
    });
}
