import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Journeys run against the real server (`npm start`'s code) on a fresh embedded database, in
// Debian's Chromium: no browser is downloaded.
const port = Number(process.env.E2E_PORT ?? 3987);
const dataDir = mkdtempSync(join(tmpdir(), 'deskbill-e2e-'));

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'node web/ensure-build.mjs && node --import tsx src/cli.ts start',
    url: `http://127.0.0.1:${port}/api/v1/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      TZ: 'UTC',
      PORT: String(port),
      DATA_DIR: dataDir,
      DESKBILL_DEMO: '0',
      DESKBILL_ADMIN_EMAIL: 'admin@e2e.test',
      DESKBILL_ADMIN_PASSWORD: 'e2e-admin-password',
      LOG_LEVEL: 'warn',
    },
  },
});
