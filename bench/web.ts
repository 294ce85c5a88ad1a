// npm run bench:web: the web app's speed on the built app with the embedded database and demo
// data (issue 3): initial JavaScript (gzipped), the ticket list of 50 rows after navigation, and a
// timesheet entry saved from the grid (round trip). Prints a table; nothing is asserted.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { DEMO_LOGIN } from '../src/demo/login.ts';
import { printTable, type Row } from './report.ts';

const PORT = Number(process.env.BENCH_WEB_PORT ?? 3977);
const base = `http://127.0.0.1:${PORT}`;
const RUNS = 10;

/** Gzipped size of the JavaScript the first page load fetches (entry script and its preloads). */
function initialJsKb(): number {
  const html = readFileSync('web/dist/index.html', 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join('web/dist', file))).length, 0) / 1024;
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the server did not start');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

async function main(): Promise<Row[]> {
  execFileSync(process.execPath, ['web/ensure-build.mjs'], { stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbill-bench-web-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    env: { ...process.env, TZ: 'UTC', PORT: String(PORT), DATA_DIR: dataDir, LOG_LEVEL: 'warn', DESKBILL_DEMO: '1' },
    stdio: 'ignore',
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    await waitForHealth();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(base);
    await page.getByLabel('Email').fill(DEMO_LOGIN.email);
    await page.getByLabel('Password').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Helpdesk overview' }).waitFor();

    // Ticket list: from a click on "Tickets" in the header until 50 rows are on screen.
    const listTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.getByRole('link', { name: 'Helpdesk' }).click();
      await page.getByRole('heading', { name: 'Helpdesk overview' }).waitFor();
      await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
      const start = Date.now();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
      await page.locator('tbody tr').nth(49).waitFor();
      listTimes.push(Date.now() - start);
    }

    // Timesheet grid: from Enter in the new-entry row until the entry shows in the grid.
    const open = await (await page.request.get(`${base}/api/v1/tickets?closed=false&limit=1`)).json();
    await page.goto(`${base}/tickets/${open.items[0].id}`);
    await page.getByRole('tab', { name: 'Timesheets' }).click();
    const saveTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const row = page.getByRole('row', { name: 'New entry' });
      const text = `bench entry ${Date.now()}-${i}`;
      await row.getByLabel('Description').fill(text);
      await row.getByLabel('Duration').fill('0:15');
      const start = Date.now();
      await row.getByLabel('Duration').press('Enter');
      // Saved entries read as text (issue 12 point 3).
      await page.getByRole('row').filter({ hasText: text }).waitFor();
      saveTimes.push(Date.now() - start);
    }
    return [
      { metric: 'initial JavaScript (gzipped)', value: `${initialJsKb().toFixed(1)} KB`, target: '< 250 KB', ok: initialJsKb() < 250, ratio: null },
      { metric: 'ticket list, 50 rows after navigation (median / max of 10)', value: `${median(listTimes)} ms / ${max(listTimes)} ms`, target: '< 1000 ms', ok: max(listTimes) < 1000, ratio: null },
      { metric: 'timesheet grid save round trip (median / max of 10)', value: `${median(saveTimes)} ms / ${max(saveTimes)} ms`, target: '< 150 ms', ok: median(saveTimes) < 150, ratio: null },
    ];
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (rows) => printTable(rows),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
