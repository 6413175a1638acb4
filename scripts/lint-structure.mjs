// Two rules of the house's shape that tsc cannot see:
// 1. Only src/http itself, route files (routes.ts, routes-*.ts, *-routes.ts) and src/server.ts (the one place
//    that builds the HTTP server and starts it beside the worker) import src/http. Services, stores, workers and
//    the CLI take an AppContext (src/context.ts) instead, so the HTTP layer can change without touching them.
// 2. process.env is read in src/config.ts only: every setting is parsed, validated and documented there once.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const src = resolve('src');
const routeFile = /(?:^|-)routes(?:-[a-z0-9-]+)?\.ts$/;
const mayImportHttp = (path) => path.startsWith('http/') || routeFile.test(path.split('/').pop()) || path === 'server.ts';
// Files another branch (the outbox rewrite) is changing; they move their settings into src/config.ts there.
// Remove each line once that branch is merged.
const envExceptions = new Set([]);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

const problems = [];
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
}
if (problems.length) {
  console.error(`structure rules broken:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('structure ok');
