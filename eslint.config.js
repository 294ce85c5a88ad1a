// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, to
// stay fast) plus the module boundaries drawn in docs/architecture.md.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import graph from './src/module-graph.json' with { type: 'json' };

const root = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
const modulesDir = `${root}/src/modules`;

/**
 * Who may import whom among the modules (src/module-graph.json, drawn in docs/architecture.md). A
 * module missing from another's list may not import it at all; a listed one only through its
 * index.ts. The bridge (service-billing) sits above every other module; the HTTP edge (src/http)
 * above them all.
 */
const { $comment: _comment, ...moduleGraph } = graph;
const moduleNames = Object.keys(moduleGraph);

// Co-located tests (`*.test.ts`) may set up fixtures across modules, like test/**, so the
// direction rules skip them; they still go through each module's index.ts.
const productionFilesOf = (module) => `${modulesDir}/${module}/**/!(*.test).ts`;
const onlyThroughIndex = (target, others) => ({
  target,
  from: others.map((other) => `${modulesDir}/${other}/**`),
  except: [`${modulesDir}/*/index.ts`],
  message: 'Import another module only through its index.ts.',
});

const moduleZones = moduleNames.flatMap((module) => {
  const allowed = moduleGraph[module];
  const forbidden = moduleNames.filter((other) => other !== module && !allowed.includes(other));
  const zones = [];
  if (forbidden.length > 0) {
    zones.push({
      target: productionFilesOf(module),
      from: forbidden.map((other) => `${modulesDir}/${other}`),
      message: `Module ${module} may import only ${allowed.length ? allowed.join(', ') : 'platform and core'} (docs/architecture.md).`,
    });
  }
  if (allowed.length > 0) zones.push(onlyThroughIndex(productionFilesOf(module), allowed));
  zones.push(onlyThroughIndex(`${modulesDir}/${module}/**/*.test.ts`, moduleNames.filter((other) => other !== module)));
  return zones;
});

// What sits above the modules: the HTTP edge, the composition root, the command line, the demo.
const aboveModules = [`${root}/src/http`, `${root}/src/server.ts`, `${root}/src/cli.ts`, `${root}/src/bootstrap.ts`, `${root}/src/demo`];
const edgeZones = [
  { target: modulesDir, from: aboveModules, message: 'Modules never import the HTTP edge, the server, the CLI or the demo: those sit above them.' },
  onlyThroughIndex(`${root}/src/http`, moduleNames),
  onlyThroughIndex(`${root}/src/demo`, moduleNames),
  { target: `${root}/src/http`, from: [`${root}/src/server.ts`, `${root}/src/cli.ts`, `${root}/src/demo`], message: 'Routes are registered by src/server.ts; they do not import it.' },
];

const layerZones = [
  {
    target: `${root}/src/core`,
    from: [`${root}/src/modules`, `${root}/src/platform`],
    message: 'core is pure arithmetic: it imports nothing from platform or modules.',
  },
  {
    target: `${root}/src/platform`,
    from: [`${root}/src/modules`, `${root}/src/http`],
    message: 'platform is the shell the modules build on: it never imports a module or a route.',
  },
];

// `node:*` is caught by a pattern below; these are the same built-ins without the prefix.
const bareNodeBuiltins = builtinModules.filter((name) => !name.startsWith('node:'));

export default defineConfig(
  { ignores: ['node_modules/', 'data/', 'web/dist/', 'dist/', 'build/'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'web/src/**/*.{ts,tsx}', 'playwright.config.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      // no-cycle reads the imported files themselves: without a TypeScript parser it skips them.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      // `_name` marks a deliberately unused binding, e.g. a field dropped with `const { type: _type, ...rest }`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: [...layerZones, ...moduleZones, ...edgeZones] }],
      // The layers of docs/architecture.md are a graph without cycles, whatever the arrows allow.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bareNodeBuiltins.map((name) => ({ name, message: 'core does no I/O: no Node built-ins.' })),
          patterns: [
            {
              group: ['node:*', 'drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', 'fastify', 'fastify/*', 'fastify-*', '@fastify/*'],
              message: 'core is pure arithmetic: no database, HTTP or Node I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // HTTP tests read JSON bodies whose shape each assertion checks; typing every reply adds noise, not safety.
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
