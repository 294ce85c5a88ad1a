import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { freePort } from './test/e2e/ports.ts';

/**
 * The port of a test server: the variable `name` when set, else a free port, kept in that variable
 * so that the workers, which load the config again and inherit the runner's environment, use the
 * same one. Runs at the same time on one machine thus get ports of their own.
 */
export async function serverPort(name: string): Promise<number> {
  process.env[name] ??= String(await freePort());
  return Number(process.env[name]);
}

// Journeys run against the real server (`npm start`'s code) on a fresh embedded database, in
// Debian's Chromium: no browser is downloaded.
const port = await serverPort('E2E_PORT');
// The invoice mail journey listens for the server's mail here (test/e2e/invoice-mail.spec.ts).
const smtpPort = await serverPort('E2E_SMTP_PORT');
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
  // What must exist before any journey runs (last year's invoice: before-any-invoice.setup.ts).
  projects: [
    { name: 'before-any-invoice', testMatch: /\.setup\.ts$/ },
    { name: 'journeys', testMatch: /\.spec\.ts$/, dependencies: ['before-any-invoice'] },
  ],
  webServer: {
    command: 'node web/ensure-build.mjs && node build-server.mjs && node build/cli.js start',
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
      DESKBILL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      DESKBILL_OUTBOX_RETRY_SECONDS: '1',
    },
  },
});
