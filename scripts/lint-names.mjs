// One spelling per kind of file: kebab-case names under src/, test/, bench/, scripts/ and web/src;
// in web/src React components are PascalCase.tsx and hooks useThing.ts, as React code conventionally is.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src', 'test', 'bench', 'scripts', 'web/src'];
const allowed = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?:test|d|config))?\.(?:ts|tsx|mjs|sh|sql|md|css|json|txt|xsd)$|^[A-Z]+\.md$|^LICENSE(?:-[a-z0-9]+)*$|^\d{4}_[a-z0-9_]+\.sql$/;
const reactFile = /^(?:[A-Z][A-Za-z0-9]*\.tsx|use[A-Z][A-Za-z0-9]*\.ts)$/;
const folder = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const bad = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!folder.test(name)) bad.push(path);
      walk(path);
    } else if (!allowed.test(name) && !(path.startsWith('web') && reactFile.test(name))) bad.push(path);
  }
}
for (const root of roots) { try { walk(root); } catch { /* root absent */ } }
if (bad.length) {
  console.error(`file names not in kebab-case:\n${bad.join('\n')}`);
  process.exit(1);
}
console.log('names ok');
