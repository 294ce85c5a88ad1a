import { Link } from 'react-router';
import { formatDay } from '../../ui/format.ts';
import { primaryLink, textLink } from '../../ui/links.ts';
import { PagedList, useCursorPages } from '../../ui/pager.tsx';
import { useFilterParams } from '../../ui/useFilterParams.ts';
import { Badge, Field, PageHeader, Select, Table } from '../../ui/ui.tsx';
import { RecordedAndBilled } from '../timesheets/BilledTime.tsx';
import { usePortalTickets } from './api.ts';

/** My tickets: every ticket of the customer's company (colleagues' too), newest first. */
export function PortalTicketsPage() {
  const { values, set } = useFilterParams(['closed'] as const);
  const pages = useCursorPages(values.closed);
  const list = usePortalTickets({ closed: values.closed || undefined, cursor: pages.cursor });
  return (
    <>
      <PageHeader title="My tickets" subtitle="Your requests and your colleagues', with the time spent on them" actions={<Link to="/tickets/new" className={primaryLink}>Open a ticket</Link>} />
      <div className="mb-3 flex items-end gap-3">
        <Field label="Show">
          <Select value={values.closed} onChange={(e) => set('closed', e.target.value)}>
            <option value="">All tickets</option>
            <option value="false">Open tickets</option>
            <option value="true">Closed tickets</option>
          </Select>
        </Field>
      </div>
      <PagedList query={list} pages={pages} empty={values.closed ? 'No ticket here.' : 'No ticket yet. Open one when you need help.'}>
        {(items) => (
          <Table>
            <thead><tr><th>Number</th><th>Subject</th><th>Requested by</th><th>Team</th><th>Status</th><th className="text-right!">Billable time</th><th>Opened</th></tr></thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id} className="hover:bg-slate-50">
                  <td className="tabular-nums text-slate-500">#{t.number}</td>
                  <td><Link className={`font-medium ${textLink}`} to={`/tickets/${t.id}`}>{t.subject}</Link></td>
                  <td>{t.customerName}</td>
                  <td>{t.teamName}</td>
                  <td><Badge tone={t.closed ? 'green' : 'blue'}>{t.stageName}</Badge></td>
                  <td className="text-right tabular-nums"><RecordedAndBilled minutes={t.billableMinutes} billedMinutes={t.billedMinutes} billedMultiplier="1" /></td>
                  <td className="tabular-nums text-slate-600">{formatDay(t.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}
