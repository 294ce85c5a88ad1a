export interface Row {
  metric: string;
  value: string;
  target: string;
  /** null: nothing to check (or a target of the other database). */
  ok: boolean | null;
}

/** Prints the final Markdown table; returns how many targets were missed. */
export function printTable(rows: Row[]): number {
  const cells = [['metric', 'value', 'target', 'ok?'], ...rows.map((r) => [r.metric, r.value, r.target, r.ok === null ? '—' : r.ok ? 'yes' : 'NO'])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(line(cells[0]!));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const c of cells.slice(1)) console.log(line(c));
  const missed = rows.filter((r) => r.ok === false).length;
  console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
  return missed;
}
