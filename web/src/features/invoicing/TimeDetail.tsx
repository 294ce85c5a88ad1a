import { Link } from 'react-router';
import type { Invoice } from '../../app/types.ts';
import { Table } from '../../ui/ui.tsx';
import { displayQuantity } from '../../ui/format.ts';
import { BilledAndRecorded } from '../timesheets/BilledTime.tsx';

/** Lines with more entries start folded, so a long invoice stays readable. */
const OPEN_UP_TO = 25;

/** R78: the multipliers other than 1 that a line's entries carry, for its heading: ", × 1.5". */
function multipliersOf(line: Invoice['lines'][number]): string {
  const factors = [...new Set(line.entries.map((e) => e.billedMultiplier).filter((m) => m !== '1'))];
  return factors.length ? `, ${factors.map((m) => `× ${m}`).join(', ')}` : '';
}

/** R45: per line, the time entries it bills or credits. */
export function TimeDetail({ invoice }: { invoice: Invoice }) {
  const lines = invoice.lines.filter((line) => line.entries.length > 0);
  if (lines.length === 0) return null;
  return (
    <section aria-labelledby="time-detail" className="space-y-4">
      <h2 id="time-detail" className="text-sm font-semibold text-slate-800">Time detail</h2>
      {lines.map((line) => (
        <details key={line.id} open={line.entries.length <= OPEN_UP_TO} aria-label={`Time on ${line.description}`} className="group">
          <summary className="mb-1 cursor-pointer text-sm text-slate-700">
            <span className="font-medium">{line.description}</span> <span className="text-slate-500">· {displayQuantity(line.quantity, line.unit)}, {line.entries.length} {line.entries.length === 1 ? 'entry' : 'entries'}{multipliersOf(line)}</span>
          </summary>
          <Table>
            <thead>
              <tr><th className="w-28">Date</th><th className="w-40">Agent</th><th>Ticket</th><th>Description</th><th className="w-20 text-right!">Duration</th></tr>
            </thead>
            <tbody>
              {line.entries.map((entry) => (
                <tr key={entry.timesheetId}>
                  <td className="tabular-nums">{entry.date}</td>
                  <td className="whitespace-nowrap">{entry.agentName}</td>
                  <td>
                    <Link to={`/tickets/${entry.ticketId}`} className="text-indigo-700 hover:underline">#{entry.ticketNumber}</Link> {entry.ticketSubject}
                  </td>
                  <td className="whitespace-pre-line">{entry.description || <span className="text-slate-400">—</span>}</td>
                  <td className="text-right tabular-nums"><BilledAndRecorded minutes={entry.minutes} recordedMinutes={entry.recordedMinutes} billedMultiplier={entry.billedMultiplier} /></td>
                </tr>
              ))}
            </tbody>
          </Table>
        </details>
      ))}
    </section>
  );
}
