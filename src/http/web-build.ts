/**
 * `npm start` serves the web app without a separate build step: when web/dist is missing or older
 * than its sources, the server builds it (vite, in a child process) before it listens. Without vite
 * (an install with --omit=dev) a missing build stays a 503 naming the command to run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultWebDist } from './web.js';

const webRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web');

/** Newest modification time under the paths (files, folders recursively), in ms. */
function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const info = statSync(path);
    newest = Math.max(newest, info.mtimeMs);
    if (info.isDirectory()) newest = Math.max(newest, newestMtime(readdirSync(path).map((name) => join(path, name))));
  }
  return newest;
}

/** Why the build must be (re)made, or null when web/dist is up to date. */
export function webBuildNeeded(dist = defaultWebDist): string | null {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'web/dist is missing';
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(webRoot, p));
  return newestMtime(sources) > statSync(index).mtimeMs ? 'web/src changed since the last build' : null;
}

/** Builds web/dist when needed; returns what it did, for the start-up log. */
export function ensureWebBuild(log: (line: string) => void = console.log): void {
  const reason = webBuildNeeded();
  if (!reason) return;
  let viteBin: string;
  try {
    viteBin = join(resolve(createRequire(import.meta.url).resolve('vite/package.json'), '..'), 'bin/vite.js');
  } catch {
    log(`the web app is not built (${reason}) and vite is not installed: run \`npm install\` then \`npm run build:web\``);
    return;
  }
  log(`building the web app (${reason})…`);
  const started = Date.now();
  try {
    execFileSync(process.execPath, [viteBin, 'build', '--config', join(webRoot, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
    log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    // The API still serves; the pages answer 503 naming the command until a build succeeds.
    log(`the web app could not be built: ${(error as Error).message.split('\n')[0]}`);
  }
}
