// After the soak: the database against the ledger of acknowledged writes, and the invariants checker.
import { sql } from 'drizzle-orm';
import { checkIntegrity, type Violation } from '../src/modules/service-billing/index.ts';
import { pgArray, queryRows, type Db } from '../src/platform/db.ts';
import type { Ledger } from './soak-load.ts';

export interface Verdict {
  name: string;
  value: string;
  ok: boolean;
}

export interface Verification {
  verdicts: Verdict[];
  details: string[];
  violations: Violation[];
}

const sample = (items: unknown[]) => items.slice(0, 5).map((i) => JSON.stringify(i)).join('; ');

/** Compares the database with the ledger; `resolved` is false when some operations never got a final answer. */
export async function verify(db: Db, ledger: Ledger, resolved: boolean): Promise<Verification> {
  const details: string[] = [];
  const rows = await queryRows<{ id: number; minutes: number; description: string }>(db, sql`
    SELECT id, minutes, description FROM timesheets WHERE description LIKE 'soak %'`);
  const byId = new Map(rows.map((r) => [String(r.id), r]));

  // Entries whose DELETE was retried and refused: deleted by a late first attempt only if the audit trail says so.
  const maybe = [...ledger.entries.values()].filter((e) => e.maybeDeleted && !byId.has(e.id)).map((e) => Number(e.id));
  const deletedByAudit = new Set((await queryRows<{ object_id: number }>(db, sql`
    SELECT object_id FROM audit_events WHERE object_type = 'timesheet' AND action = 'deleted' AND object_id = ANY(${pgArray(maybe)}::bigint[])`)).map((r) => Number(r.object_id)));
  details.push(`entries deleted by a DELETE whose answer was lost and whose retry was refused (a late first attempt, audit trail): ${deletedByAudit.size}`);
  for (const id of [...deletedByAudit].slice(0, 2)) {
    const audit = await queryRows(db, sql`SELECT at, actor_id, action, after ->> 'minutes' AS minutes FROM audit_events WHERE object_type = 'timesheet' AND object_id = ${id} ORDER BY id`);
    details.push(`  entry ${id}: ${ledger.entries.get(String(id))!.history.join('; ')}\n    audit: ${JSON.stringify(audit)}`);
  }
  // Lost: an acknowledged entry missing or with other minutes; an acknowledged deletion still there.
  const lost: unknown[] = [];
  let live = 0;
  let deleted = 0;
  for (const e of ledger.entries.values()) {
    const row = byId.get(e.id);
    if (e.deleted) {
      deleted++;
      if (row) lost.push({ id: e.id, problem: 'deleted (acknowledged) but still there', minutes: row.minutes });
    } else {
      live++;
      if (!row) {
        if (!e.maybeDeleted || !deletedByAudit.has(Number(e.id))) lost.push({ id: e.id, problem: 'acknowledged but missing', minutes: [...e.minutes] });
      } else if (!e.minutes.has(row.minutes)) lost.push({ id: e.id, problem: 'minutes differ from the acknowledged edit', expected: [...e.minutes], actual: row.minutes });
    }
  }
  const [documents] = await queryRows<{ missing: number }>(db, sql`
    SELECT count(*) AS missing FROM jsonb_to_recordset(${JSON.stringify([...ledger.posted.values()].map((d) => ({ id: Number(d.id), number: d.number })))}::jsonb) AS a(id bigint, number text)
      LEFT JOIN invoices i ON i.id = a.id AND i.number = a.number AND i.state = 'posted'
     WHERE i.id IS NULL`);
  if (documents!.missing > 0) lost.push({ problem: `${documents!.missing} acknowledged posted document(s) missing or renumbered` });
  if (lost.length) details.push(`lost: ${sample(lost)}`);
  // For each lost entry: what the client did and was told, what the audit trail saw, the stored answer of its key.
  for (const l of lost.slice(0, 5) as Array<{ id?: string }>) {
    const e = l.id === undefined ? undefined : ledger.entries.get(l.id);
    if (!e) continue;
    const audit = await queryRows(db, sql`SELECT at, actor_id, action, before ->> 'minutes' AS before, after ->> 'minutes' AS after FROM audit_events WHERE object_type = 'timesheet' AND object_id = ${Number(e.id)} ORDER BY id`);
    const stored = await queryRows(db, sql`SELECT user_id, status, created_at, left(response, 120) AS response FROM idempotency_keys WHERE key = ${e.key}`);
    details.push(`  entry ${e.id} (key ${e.key}): ${e.history.join('; ')}\n    audit: ${JSON.stringify(audit)}\n    stored answer: ${JSON.stringify(stored)}`);
  }

  // Duplicated: one key, several entries; entries with a key no acknowledged create has; counts.
  const perKey = new Map<string, number>();
  for (const r of rows) perKey.set(r.description, (perKey.get(r.description) ?? 0) + 1);
  const twice = [...perKey].filter(([, n]) => n > 1);
  const ackedKeys = new Set([...ledger.entries.values()].map((e) => `soak ${e.key}`));
  const orphans = rows.filter((r) => !ackedKeys.has(r.description));
  const [counts] = await queryRows<{ invoices: number; credit_notes: number }>(db, sql`
    SELECT count(*) FILTER (WHERE kind = 'invoice') AS invoices, count(*) FILTER (WHERE kind = 'credit_note') AS credit_notes FROM invoices`);
  const expectedInvoices = ledger.created.invoice - ledger.draftsDeleted.invoice;
  const expectedCredits = ledger.created.credit_note - ledger.draftsDeleted.credit_note;
  const duplicated = twice.reduce((s, [, n]) => s + n - 1, 0) + (resolved ? orphans.length + Math.max(0, counts!.invoices - expectedInvoices) + Math.max(0, counts!.credit_notes - expectedCredits) : 0);
  details.push(`timesheets tagged by the soak: ${rows.length} in the database, ${live} acknowledged creates not deleted (${ledger.entries.size} created − ${deleted} deleted); invoices ${counts!.invoices} (acknowledged ${ledger.created.invoice} created − ${ledger.draftsDeleted.invoice} drafts deleted), credit notes ${counts!.credit_notes} (${ledger.created.credit_note} − ${ledger.draftsDeleted.credit_note})`);
  if (twice.length) details.push(`keys with several entries: ${sample(twice)}`);
  if (orphans.length) details.push(`entries no acknowledged create explains${resolved ? '' : ' (some operations unresolved)'}: ${sample(orphans)}`);
  if (resolved && (counts!.invoices !== expectedInvoices || counts!.credit_notes !== expectedCredits)) details.push('document counts differ from the acknowledged creates');

  // Double claims: an entry billed more than once net of posted credit notes, in the database and in the ledger.
  const doubles = await queryRows<{ timesheet_id: number; net: number }>(db, sql`
    SELECT e.timesheet_id, sum(CASE WHEN i.kind = 'invoice' THEN 1 WHEN i.state = 'posted' THEN -1 ELSE 0 END) AS net
      FROM invoice_line_entries e JOIN invoice_lines l ON l.id = e.invoice_line_id JOIN invoices i ON i.id = l.invoice_id
     GROUP BY e.timesheet_id HAVING sum(CASE WHEN i.kind = 'invoice' THEN 1 WHEN i.state = 'posted' THEN -1 ELSE 0 END) NOT IN (0, 1)`);
  const ledgerDoubles = [...ledger.netBilled()].filter(([, n]) => n > 1 || n < 0);
  if (doubles.length || ledgerDoubles.length) details.push(`double claims: database ${sample(doubles)}; acknowledged ${sample(ledgerDoubles)}`);

  // Numbering: per series and year, the posted numbers are exactly 1..n.
  const numbering = await queryRows<{ series: string; posted: number; distinct_numbers: number; highest: number }>(db, sql`
    SELECT split_part(number, '/', 1) || '/' || split_part(number, '/', 2) AS series, count(*) AS posted,
           count(DISTINCT number) AS distinct_numbers, max(split_part(number, '/', 3)::int) AS highest
      FROM invoices WHERE state = 'posted' GROUP BY 1 ORDER BY 1`);
  const gaps = numbering.reduce((s, n) => s + (n.highest - n.distinct_numbers) + (n.posted - n.distinct_numbers), 0) + ledger.numberClashes.length;
  details.push(`numbering: ${numbering.map((n) => `${n.series} ${n.posted} posted, highest ${n.highest}`).join(', ') || 'nothing posted'}; ${ledger.posted.size} posted documents acknowledged`);
  if (ledger.numberClashes.length) details.push(`one number acknowledged for two documents: ${ledger.numberClashes.slice(0, 5).join('; ')}`);

  const report = await checkIntegrity(db, { strandedAfterHours: 24 });
  const [drafts] = await queryRows<{ n: number }>(db, sql`SELECT count(*) AS n FROM invoices WHERE state = 'draft'`);
  details.push(`drafts left at the end: ${drafts!.n}`);
  return {
    details,
    violations: report.violations,
    verdicts: [
      { name: 'lost (acknowledged writes not in the database)', value: String(lost.length), ok: lost.length === 0 },
      { name: 'duplicated by retries', value: String(duplicated), ok: duplicated === 0 },
      { name: 'double claims', value: String(doubles.length + ledgerDoubles.length), ok: doubles.length + ledgerDoubles.length === 0 },
      { name: 'numbering gaps or duplicates', value: String(gaps), ok: gaps === 0 },
      { name: 'posts refused as already posted on a retry (key not replayed)', value: String(ledger.postNotReplayed.length), ok: ledger.postNotReplayed.length === 0 },
      { name: 'invariants (checkIntegrity)', value: report.violations.length === 0 ? 'all hold' : `${report.violations.length} broken`, ok: report.violations.length === 0 },
    ],
  };
}
