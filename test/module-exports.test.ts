// Every name a module's index.ts exports is used outside the module: an export nobody imports
// is dead weight that hides what the module really offers (ESLint 10 has no working
// no-unused-modules rule, so this reads the files itself).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('..', import.meta.url).pathname;
const MODULES = join(ROOT, 'src/modules');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The names an index.ts exports (`export { a, type B } from './x.ts'`). */
function exportedNames(indexFile: string): string[] {
  const text = readFileSync(indexFile, 'utf8');
  return [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!).filter(Boolean));
}

/** The names imported from a module's index.ts (`import { a, type B } from '…/<module>/index.ts'`) across these files. */
function importedNames(module: string, texts: string[]): Set<string> {
  const from = new RegExp(`import(?:\\s+type)?\\s*\\{([^}]*)\\}\\s*from\\s*'[./]*(?:src/)?(?:modules/)?${module}/index\\.ts'`, 'g');
  return new Set(texts.flatMap((text) => [...text.matchAll(from)].flatMap((m) => m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!))));
}

test("every export of a module's index.ts is imported outside that module", () => {
  const files = ['src', 'test', 'bench', 'web/src'].flatMap((dir) => sources(join(ROOT, dir))).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const unused: string[] = [];
  let checked = 0;
  for (const module of readdirSync(MODULES)) {
    const folder = join(MODULES, module);
    const outside = files.filter((f) => !f.path.startsWith(folder + '/') || f.path.endsWith('.test.ts')).map((f) => f.text);
    const imported = importedNames(module, outside);
    for (const name of exportedNames(join(folder, 'index.ts'))) {
      checked++;
      if (!imported.has(name)) unused.push(`${relative(ROOT, folder)}/index.ts exports ${name}`);
    }
  }
  assert.ok(checked > 80, `the exports are found (${checked})`);
  assert.deepEqual(unused, []);
});
