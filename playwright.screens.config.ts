import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import base, { serverPort } from './playwright.config.ts';

// `npm run screenshots`: the README's pictures of the main screens, on the demo data (a fresh
// embedded database seeded as on a first `npm start`).
const port = await serverPort('SCREENS_PORT');

export default defineConfig({
  ...base,
  testDir: 'test/screens',
  projects: [{ name: 'screens' }],
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: 'node web/ensure-build.mjs && node build-server.mjs && node build/cli.js start',
    url: `http://127.0.0.1:${port}/api/v1/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { TZ: 'UTC', PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'deskbill-screens-')), DESKBILL_DEMO: '1', LOG_LEVEL: 'warn' },
  },
});
