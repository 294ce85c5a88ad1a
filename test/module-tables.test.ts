// Decision 0018: a module's SQL names only its own tables and those of the modules below it that
// it may import (src/module-graph.json), never a table of a module beside or above it. Lint sees
// imports (Drizzle table objects included); this test sees the tables named in SQL text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import graph from '../src/module-graph.json' with { type: 'json' };

const MODULES_DIR = new URL('../src/modules/', import.meta.url).pathname;
const { $comment: _comment, ...moduleGraph } = graph as Record<string, string[] | string>;
const modules = Object.keys(moduleGraph);

const sourcesOf = (module: string) =>
  readdirSync(join(MODULES_DIR, module)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => ({ file: `${module}/${f}`, text: readFileSync(join(MODULES_DIR, module, f), 'utf8') }));

/** Which module owns each table (by SQL name and by its Drizzle object's name): the one whose tables.ts declares it. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const module of modules) {
    for (const { file, text } of sourcesOf(module).filter((s) => s.file.endsWith('/tables.ts'))) {
      for (const [, object, table] of text.matchAll(/export const (\w+) = pgTable\('([a-z_]+)'/g)) {
        assert.ok(!owners.has(table!), `${table} is declared twice (${file})`);
        owners.set(table!, module);
        owners.set(object!, module);
      }
    }
  }
  return owners;
}

/** The tables a module's code writes: SQL UPDATE, INSERT INTO, DELETE FROM, and Drizzle's insert/update/delete of a table object. */
function tablesWrittenIn(text: string, owners: Map<string, string>): string[] {
  const sqlWrites = [...text.matchAll(/\b(?:UPDATE|INSERT INTO|DELETE FROM)\s+([a-z_]+)\b/g)].map((m) => m[1]!);
  const drizzleWrites = [...text.matchAll(/\.(?:insert|update|delete)\((\w+)\)/g)].map((m) => m[1]!);
  return [...sqlWrites, ...drizzleWrites].filter((name) => owners.has(name));
}

/** The tables a module's SQL names after FROM, JOIN, UPDATE, INTO or DELETE FROM (CTE names and functions are not tables). */
function tablesNamedIn(text: string, owners: Map<string, string>): string[] {
  return [...text.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+([a-z_]+)\b/g)].map((m) => m[1]!).filter((name) => owners.has(name));
}

test('every table belongs to one module, and each module reads and writes only its own tables and those below it', () => {
  const owners = tableOwners();
  assert.ok(owners.size >= 20, `the tables are found (${owners.size})`);
  const misplaced: string[] = [];
  for (const module of modules) {
    const allowed = new Set([module, ...(moduleGraph[module] as string[])]);
    for (const { file, text } of sourcesOf(module)) {
      for (const table of new Set(tablesNamedIn(text, owners))) {
        if (!allowed.has(owners.get(table)!)) misplaced.push(`${file} names ${table} (module ${owners.get(table)})`);
      }
    }
  }
  assert.deepEqual(misplaced, []);
});

test('each module writes only its own tables: others change them through its use cases', () => {
  const owners = tableOwners();
  const foreign: string[] = [];
  let writes = 0;
  for (const module of modules) {
    for (const { file, text } of sourcesOf(module)) {
      for (const table of tablesWrittenIn(text, owners)) {
        writes++;
        if (owners.get(table) !== module) foreign.push(`${file} writes ${table} (module ${owners.get(table)})`);
      }
    }
  }
  assert.ok(writes > 40, `the writes are found (${writes})`);
  assert.deepEqual(foreign, []);
});

test('the check sees a table of a module above: accounts naming invoices would be refused', () => {
  const owners = tableOwners();
  const named = tablesNamedIn('SELECT 1 FROM invoices i JOIN timesheets t ON true', owners);
  assert.deepEqual(named.map((t) => owners.get(t)), ['invoicing', 'timesheets']);
  assert.ok(!(moduleGraph.accounts as string[]).includes('invoicing'));
});
