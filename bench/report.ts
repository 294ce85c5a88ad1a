import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT } from './child.ts';

/** A measure's rate over the raw INSERT rate of the same run (higher is better); `key` names it in docs/performance.md. */
export interface Ratio {
  key: string;
  value: number;
}

export interface Row {
  metric: string;
  value: string;
  target: string;
  /** null: nothing to check (or a target of the other database). */
  ok: boolean | null;
  ratio: Ratio | null;
}

export const PERFORMANCE_DOC = `${ROOT}docs/performance.md`;
const QUICK_RATIOS = { start: '<!-- bench:quick-ratios -->', end: '<!-- /bench:quick-ratios -->' };
const FULL_TABLE = { start: '<!-- bench:table -->', end: '<!-- /bench:table -->' };

/** The run's table as Markdown lines. */
export function tableLines(rows: Row[]): string[] {
  const cells = [
    ['metric', 'value', '× raw', 'target', 'ok?'],
    ...rows.map((r) => [r.metric, r.value, r.ratio ? r.ratio.value.toFixed(3) : '—', r.target, r.ok === null ? '—' : r.ok ? 'yes' : 'NO']),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)];
}

/** Prints the final Markdown table; returns how many targets were missed. */
export function printTable(rows: Row[]): number {
  console.log('');
  for (const line of tableLines(rows)) console.log(line);
  const missed = rows.filter((r) => r.ok === false).length;
  console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
  return missed;
}

function between(text: string, marks: { start: string; end: string }): string | null {
  const start = text.indexOf(marks.start);
  const end = text.indexOf(marks.end);
  return start < 0 || end < start ? null : text.slice(start + marks.start.length, end);
}

function replaceBetween(text: string, marks: { start: string; end: string }, body: string): string {
  const start = text.indexOf(marks.start);
  const end = text.indexOf(marks.end);
  if (start < 0 || end < start) throw new Error(`${PERFORMANCE_DOC} has no ${marks.start} … ${marks.end} block`);
  return `${text.slice(0, start + marks.start.length)}\n${body}\n${text.slice(end)}`;
}

/** The quick bench's ratios recorded in docs/performance.md, by key (a JSON block between markers). */
export function recordedRatios(doc = readFileSync(PERFORMANCE_DOC, 'utf8')): Record<string, number> {
  const block = between(doc, QUICK_RATIOS);
  const json = block && /```json\n([\s\S]*?)\n```/.exec(block)?.[1];
  if (!json) throw new Error(`${PERFORMANCE_DOC} has no recorded quick ratios between ${QUICK_RATIOS.start} and ${QUICK_RATIOS.end}`);
  return (JSON.parse(json) as { ratios: Record<string, number> }).ratios;
}

/**
 * The CI gate: every ratio of this run must be at least half of the one recorded for the quick
 * bench in docs/performance.md (a gross regression fails; the machine's speed cancels out).
 */
export function checkRatios(rows: Row[], label: string, recorded: Record<string, number> = recordedRatios()): boolean {
  const failures: string[] = [];
  console.log(`\nRegression check (${label}) against docs/performance.md: each ratio ≥ half the recorded one`);
  for (const { ratio, metric } of rows) {
    if (!ratio) continue;
    const floor = (recorded[ratio.key] ?? NaN) / 2;
    const ok = ratio.value >= floor;
    console.log(`  ${ok ? 'ok ' : 'BAD'} ${metric}: ${ratio.value.toFixed(3)} × raw (recorded ${recorded[ratio.key]?.toFixed(3) ?? 'nothing'}, floor ${floor.toFixed(3)})`);
    if (!ok) failures.push(metric);
  }
  console.log(failures.length === 0 ? 'No gross regression.' : `Gross regression: ${failures.join('; ')}`);
  return failures.length === 0;
}

/** Writes this run into docs/performance.md: the quick bench's ratios, or the full bench's table. */
export function recordRun(rows: Row[], label: string, quick: boolean): void {
  let doc = readFileSync(PERFORMANCE_DOC, 'utf8');
  const when = new Date().toISOString().slice(0, 10);
  if (quick) {
    const ratios = Object.fromEntries(rows.filter((r) => r.ratio).map((r) => [r.ratio!.key, Number(r.ratio!.value.toFixed(4))]));
    doc = replaceBetween(doc, QUICK_RATIOS, `Recorded ${when}, ${label}:\n\n\`\`\`json\n${JSON.stringify({ ratios }, null, 2)}\n\`\`\``);
  } else {
    doc = replaceBetween(doc, FULL_TABLE, `Recorded ${when}, ${label}:\n\n${tableLines(rows).join('\n')}`);
  }
  writeFileSync(PERFORMANCE_DOC, doc);
  console.log(`Recorded in ${PERFORMANCE_DOC}.`);
}
