// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, to
// stay fast) plus the module boundaries drawn in docs/architecture.md.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const root = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
const modulesDir = `${root}/src/modules`;

/**
 * Who may import whom among the modules (docs/architecture.md). A module missing from another's
 * list may not import it at all; a listed one only through its index.ts.
 */
const moduleGraph = {
  accounts: [],
  audit: [],
  partners: [],
  catalog: ['accounts'],
  helpdesk: ['partners', 'accounts'],
  sales: ['partners', 'catalog', 'accounts'],
  timesheets: ['helpdesk', 'accounts'],
  invoicing: ['sales', 'partners', 'accounts'],
  'service-billing': ['accounts', 'partners', 'catalog', 'helpdesk', 'sales', 'timesheets', 'invoicing'],
  portal: ['accounts', 'partners', 'helpdesk', 'service-billing'],
};
const BRIDGE = 'service-billing';
const moduleNames = Object.keys(moduleGraph);

// Co-located tests (`*.test.ts`) may set up fixtures across modules and use the bridge, like
// test/**, so the direction rules skip them; they still go through each module's index.ts.
const productionFilesOf = (module) => `${modulesDir}/${module}/**/!(*.test).ts`;

const moduleZones = moduleNames.flatMap((module) => {
  const allowed = moduleGraph[module];
  const forbidden = moduleNames.filter((other) => other !== module && other !== BRIDGE && !allowed.includes(other));
  const zones = [];
  if (forbidden.length > 0) {
    zones.push({
      target: productionFilesOf(module),
      from: forbidden.map((other) => `${modulesDir}/${other}`),
      message: `Module ${module} may import only ${allowed.length ? allowed.join(', ') : 'platform and core'} (docs/architecture.md).`,
    });
  }
  const reachable = allowed.filter((other) => other !== BRIDGE);
  if (reachable.length > 0) {
    zones.push({
      target: productionFilesOf(module),
      from: reachable.map((other) => `${modulesDir}/${other}/**`),
      except: [`${modulesDir}/*/index.ts`],
      message: 'Import another module only through its index.ts.',
    });
  }
  zones.push({
    target: `${modulesDir}/${module}/**/*.test.ts`,
    from: moduleNames.filter((other) => other !== module).map((other) => `${modulesDir}/${other}/**`),
    except: [`${modulesDir}/*/index.ts`],
    message: 'Import another module only through its index.ts.',
  });
  if (module !== BRIDGE) {
    zones.push({
      target: `${modulesDir}/${module}/**/!(routes|*.test).ts`,
      from: [`${modulesDir}/${BRIDGE}`],
      message: 'Only routes.ts files (and server.ts, cli.ts, tests, bench) may use the service-billing bridge.',
    });
    zones.push({
      target: `${modulesDir}/${module}/**/routes.ts`,
      from: [`${modulesDir}/${BRIDGE}/**`],
      // A glob is required here; `from` narrows it to the bridge's own index.ts.
      except: [`${modulesDir}/*/index.ts`],
      message: 'Import the service-billing bridge only through its index.ts.',
    });
  }
  return zones;
});

const layerZones = [
  {
    target: `${root}/src/core`,
    from: [`${root}/src/modules`, `${root}/src/platform`],
    message: 'core is pure arithmetic: it imports nothing from platform or modules.',
  },
  {
    target: `${root}/src/platform`,
    from: [`${root}/src/modules`],
    message: 'platform is the shell the modules build on: it never imports a module.',
  },
];

// `node:*` is caught by a pattern below; these are the same built-ins without the prefix.
const bareNodeBuiltins = builtinModules.filter((name) => !name.startsWith('node:'));

export default defineConfig(
  { ignores: ['node_modules/', 'data/', 'web/dist/', 'dist/'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'web/src/**/*.{ts,tsx}', 'playwright.config.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      // `_name` marks a deliberately unused binding, e.g. a field dropped with `const { type: _type, ...rest }`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: [...layerZones, ...moduleZones] }],
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
