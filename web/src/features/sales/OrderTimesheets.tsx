import { Link } from 'react-router';
import type { SaleOrder, TimesheetStatus } from '../../app/types.ts';
import { Badge, Card, Empty, Table } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { displayMinutes, statusLabels } from '../../ui/format.ts';
import { textLink } from '../../ui/links.ts';
import { useOrderTimesheets } from './api.ts';

const tones: Record<TimesheetStatus, 'green' | 'amber' | 'red' | 'slate'> = { invoiced: 'green', to_invoice: 'amber', unlinked: 'red', non_billable: 'slate' };

/** The time entries billed on this order's lines: date, ticket, agent, duration, status. */
export function OrderTimesheets({ order }: { order: SaleOrder }) {
  const timesheets = useOrderTimesheets(order.id);
  const lineName = new Map(order.lines.map((l) => [l.id, l.description]));
  return (
    <Card title="Timesheets" className="mt-4">
      <div>
        <RefreshError query={timesheets} />
        {!timesheets.data ? <NoData query={timesheets} /> : timesheets.data.items.length === 0 ? (
          <Empty>No time logged on this order yet. Link tickets to its lines and log time on them.</Empty>
        ) : (
          <div className="max-h-[28rem] overflow-y-auto">
          <Table>
            <thead><tr><th>Date</th><th>Ticket</th><th>Agent</th><th>Description</th><th>Line</th><th className="text-right!">Duration</th><th>Status</th></tr></thead>
            <tbody>
              {timesheets.data.items.map((t) => (
                <tr key={t.id}>
                  <td className="tabular-nums">{t.date}</td>
                  <td><Link className={textLink} to={`/tickets/${t.ticketId}`}>#{t.ticketNumber}</Link></td>
                  <td>{t.userName}</td>
                  <td>{t.description}</td>
                  <td>{t.saleOrderLineId ? lineName.get(t.saleOrderLineId) : ''}</td>
                  <td className="text-right tabular-nums">{displayMinutes(t.minutes)}</td>
                  <td>
                    <Badge tone={tones[t.status]}>{statusLabels[t.status]}</Badge>
                    {t.invoiceId && <Link className={`ml-2 text-xs ${textLink}`} to={`/invoices/${t.invoiceId}`}>{t.invoiceNumber ?? 'Draft invoice'}</Link>}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {timesheets.data.nextCursor && <p className="mt-2 text-xs text-slate-500">The 500 most recent entries are shown.</p>}
          </div>
        )}
      </div>
    </Card>
  );
}
