// Three rules of the house's shape that tsc cannot see:
// 1. Only src/http itself, route files (routes.ts, routes-*.ts, *-routes.ts) and src/server.ts (the one place
//    that builds the HTTP server and starts it beside the worker) import src/http. Services, stores, workers and
//    the CLI take an AppContext (src/context.ts) instead, so the HTTP layer can change without touching them.
// 2. process.env is read in src/config.ts only: every setting is parsed, validated and documented there once.
// 3. Each table has one owning folder, and SQL naming it (FROM / JOIN / INTO / UPDATE / TRUNCATE <table>) is
//    written in that folder only: the others call the owner's functions (or compose the SQL fragments it exports,
//    e.g. travellers' presenceSql), so a table's columns can change in one folder. Every table the migrations
//    create must have an owner here; the few deliberate set-based joins across owners are listed, and argued,
//    in crossOwnerJoins below.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const src = resolve('src');
const routeFile = /(?:^|-)routes(?:-[a-z0-9-]+)?\.ts$/;
const mayImportHttp = (path) => path.startsWith('http/') || routeFile.test(path.split('/').pop()) || path === 'server.ts';
// Files another branch is changing; they move their settings into src/config.ts there. Remove each line once
// that branch is merged.
const envExceptions = new Set([]);

/** Table → the folder under src/ that owns it (its store modules hold every statement naming it). */
const owners = {
  advisories: ['advisories'],
  alerts: ['alerts', 'alert_recipients', 'alert_templates'],
  auth: ['operators', 'operator_sessions', 'api_tokens', 'audit_log', 'login_throttle'],
  checkins: ['checkins', 'checkin_history', 'escalation_policies'],
  crises: ['crises', 'crisis_alerts', 'crisis_events', 'crisis_help_handled', 'crisis_incidents', 'crisis_members',
    'departures', 'departure_requests', 'departure_assignments'],
  delivery: ['deliveries', 'captured_messages'],
  demo: ['demo_scenario'],
  feeds: ['subscriptions'],
  geo: ['sites'],
  intake: ['intake_documents', 'intake_actors', 'incidents', 'incident_documents', 'incident_actors'],
  posts: ['posts', 'post_status_requests', 'post_status_history'],
  travellers: ['travellers', 'contact_points', 'trips', 'traveller_sessions', 'traveller_login_tokens'],
};

/**
 * The deliberate exceptions: one statement that must join or write several owners' tables to stay set-based
 * (one INSERT … SELECT or one board query over every recipient, instead of moving the rows through this process
 * or querying per person). Each names the foreign tables it may use and why; a stale entry is an error too.
 */
const crossOwnerJoins = {
  // Publishing: the outbox is written by one INSERT … SELECT of the frozen recipients × their contact points, in the
  // publish transaction (a million rows, never through JavaScript); the two-person rule counts the recipients by
  // their trip's country in the same transaction.
  'alerts/publish.ts': ['deliveries', 'contact_points', 'trips'],
  // Escalation: one statement per tick picks who has not answered (checkins) among recipients whose round was sent
  // (deliveries), orders their channels by contact priority (contact_points), advances alert_recipients.round and
  // queues the next round — advance and queue commit together, which is what bounds reminders to one per round.
  'checkins/escalation.ts': ['alert_recipients', 'deliveries', 'contact_points'],
  // The check-in write path (the 10,000 answers/s goal): one statement per batch of answers finds each recipient by
  // check-in number, checks the link's expiry against the alert's dates, records the answer and queues the duty
  // officers' notices of a "need help", so an answer and its notices are stored wholly or not at all. The token and
  // reply look-ups are the same path's single reads.
  'checkins/answers.ts': ['alert_recipients', 'alerts', 'travellers', 'contact_points', 'deliveries'],
  // The accountability board: one query over an alert's recipients (100,000 and more) with each person's name, city,
  // answer and reachability; the deliveries are grouped once (a hash join), not looked up per person.
  'checkins/accountability.ts': ['alert_recipients', 'travellers', 'trips', 'deliveries'],
  // The outbox claim (the delivery hot path): the claimed rows come back with the recipient's language and check-in
  // number in the claim statement itself, instead of a second query per batch into two other domains.
  'delivery/outbox.ts': ['travellers', 'alert_recipients'],
  // The crisis room's lists and departure requests, a page of members at a time with their names and the answer
  // they gave (set-based over a crisis's members).
  'crises/people.ts': ['travellers', 'checkin_history'],
  'crises/departures.ts': ['travellers', 'trips'],
  // Copying an alert's frozen recipients into crisis_members takes each one's trip place in the same INSERT … SELECT.
  'crises/store.ts': ['trips'],
  // Subscribers' notices fan out like publishing: one INSERT … SELECT per change from the confirmed subscribers
  // into the outbox, the dedupe key making a repeated tick a no-op.
  'feeds/subscriptions.ts': ['deliveries'],
};

const ownerOf = new Map(Object.entries(owners).flatMap(([folder, tables]) => tables.map((t) => [t, folder])));

/** The tables the migrations leave: created, minus those dropped later. */
function migratedTables() {
  const dir = join(src, 'db/migrations');
  const tables = new Set();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
    const sql = readFileSync(join(dir, name), 'utf8');
    for (const [, t] of sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/gi)) tables.add(t.toLowerCase());
    for (const [, t] of sql.matchAll(/DROP TABLE (?:IF EXISTS )?([a-z_]+)/gi)) tables.delete(t.toLowerCase());
  }
  return tables;
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

const problems = [];
const tables = migratedTables();
for (const t of tables) if (!ownerOf.has(t)) problems.push(`table ${t} has no owner (add it to owners in scripts/lint-structure.mjs)`);
const tableRef = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TRUNCATE(?: TABLE)?)\\s+(${[...tables].join('|')})\\b`, 'g');
const usedExceptions = new Set();

for (const file of files(src)) {
  const path = relative(src, file).split('\\').join('/');
  const text = readFileSync(file, 'utf8');
  if (!mayImportHttp(path)) {
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = relative(src, resolve(dirname(file), spec)).split('\\').join('/');
      if (target.startsWith('http/')) problems.push(`src/${path} imports src/${target} (take an AppContext from src/context.ts instead)`);
    }
  }
  if (path !== 'config.ts' && !envExceptions.has(path) && /\bprocess\.env\b/.test(text)) {
    problems.push(`src/${path} reads process.env (read settings from WardenConfig, src/config.ts)`);
  }
  const folder = path.split('/')[0];
  const allowed = crossOwnerJoins[path] ?? [];
  for (const match of text.matchAll(tableRef)) {
    const table = match[1];
    const owner = ownerOf.get(table);
    if (owner === folder) continue;
    if (allowed.includes(table)) { usedExceptions.add(`${path}:${table}`); continue; }
    const line = text.slice(0, match.index).split('\n').length;
    problems.push(`src/${path}:${line} names table ${table}, which src/${owner} owns (call a function of src/${owner} instead)`);
  }
}
for (const [path, allowed] of Object.entries(crossOwnerJoins)) {
  for (const table of allowed) if (!usedExceptions.has(`${path}:${table}`)) problems.push(`crossOwnerJoins lists ${path}: ${table}, which it no longer uses (remove the entry)`);
}
if (problems.length) {
  console.error(`structure rules broken:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('structure ok');
