import type { IntegrityReport } from './modules/service-billing/index.ts';

const hours = (minutes: number) => `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;

/** Writes what `npm run cli -- check` found, for an operator: each broken invariant with its rows, then the stranded drafts. */
export function printIntegrityReport(report: IntegrityReport, strandedAfterHours: number, write: (line: string) => void): void {
  if (report.violations.length === 0) write('Billing invariants: all hold.');
  else write(`Billing invariants: ${report.violations.length} broken.`);
  for (const v of report.violations) {
    write(`  VIOLATION ${v.rule}: ${v.invariant} (${v.rows.length} row(s) shown)`);
    for (const row of v.rows) write(`    ${JSON.stringify(row)}`);
  }
  const drafts = report.strandedDrafts;
  if (drafts.length === 0) {
    write(`Stranded drafts (older than ${strandedAfterHours} h): none.`);
    return;
  }
  const minutes = drafts.reduce((sum, d) => sum + d.minutes, 0);
  write(`Stranded drafts (older than ${strandedAfterHours} h): ${drafts.length}, holding ${hours(minutes)} of time out of "to invoice". Post or delete them.`);
  for (const d of drafts) write(`  invoice ${d.invoiceId}${d.saleOrderId ? ` (order ${d.saleOrderId})` : ''}, created ${d.createdAt}: ${d.entries} entries, ${hours(d.minutes)}`);
}
