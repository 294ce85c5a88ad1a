import { Link } from 'react-router';
import { usePermissions } from '../../app/permissions.tsx';
import { ExportLink } from '../../ui/ExportLink.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { PagedList, useCursorPages } from '../../ui/pager.tsx';
import { Field, Input, PageHeader, Select, Table } from '../../ui/ui.tsx';
import { useFilterParams } from '../../ui/useFilterParams.ts';
import { useTeams } from '../helpdesk/api.ts';
import { CustomerSelect } from '../partners/CustomerSelect.tsx';
import { staffOf, useUsers } from '../users/api.ts';
import { useTimesheets, type TimesheetFilters } from './api.ts';
import { TimesheetStatus } from './TimesheetStatus.tsx';

const KEYS = ['dateFrom', 'dateTo', 'customerId', 'teamId', 'userId', 'status'] as const;

/**
 * /timesheets: every entry the user sees (an agent: their teams'), newest date first, filtered by
 * period, customer, team, agent and status (kept in the address); "Export CSV" downloads the same
 * rows with the same filters, every page of them.
 */
export function TimesheetsPage() {
  const { values, set } = useFilterParams(KEYS);
  const filters: TimesheetFilters = Object.fromEntries(KEYS.map((k) => [k, values[k] || undefined]));
  const pages = useCursorPages(JSON.stringify(filters));
  const list = useTimesheets(filters, pages.cursor);
  const teams = useTeams();
  const users = useUsers();
  const { user, can } = usePermissions();
  const teamChoices = (teams.data?.items ?? []).filter((t) => t.timesheetsEnabled && (can('seeAllTickets') || user.teamIds.includes(t.id)));
  return (
    <>
      <PageHeader title="Timesheets" subtitle="Time logged on tickets, newest first." actions={<ExportLink path="/exports/timesheets.csv" filters={filters} />} />
      <div role="search" aria-label="Filter timesheets" className="mb-3 flex flex-wrap items-end gap-3">
        <Field label="From">
          <Input type="date" value={values.dateFrom} max={values.dateTo || undefined} onChange={(e) => set('dateFrom', e.target.value)} />
        </Field>
        <Field label="To">
          <Input type="date" value={values.dateTo} min={values.dateFrom || undefined} onChange={(e) => set('dateTo', e.target.value)} />
        </Field>
        <Field label="Customer">
          <CustomerSelect value={values.customerId} onChange={(id) => set('customerId', id)} placeholder="All customers" className="min-w-56" />
        </Field>
        <Field label="Team">
          <Select value={values.teamId} onChange={(e) => set('teamId', e.target.value)}>
            <option value="">All teams</option>
            {teamChoices.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </Select>
        </Field>
        <Field label="Agent">
          <Select value={values.userId} onChange={(e) => set('userId', e.target.value)}>
            <option value="">Everyone</option>
            {staffOf(users.data).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={values.status} onChange={(e) => set('status', e.target.value)}>
            <option value="">Any status</option>
            <option value="to_invoice">To invoice</option>
            <option value="invoiced">Invoiced</option>
            <option value="unlinked">Unlinked</option>
            <option value="non_billable">Non-billable</option>
          </Select>
        </Field>
      </div>
      <PagedList query={list} pages={pages} empty="No time matches these filters.">
        {(items) => (
          <Table>
            <thead><tr><th>Date</th><th>Agent</th><th>Ticket</th><th>Description</th><th className="text-right!">Duration</th><th>Work type</th><th>Status</th></tr></thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id}>
                  <td className="tabular-nums">{t.date}</td>
                  <td>{t.userName}</td>
                  <td><Link className="text-indigo-700 hover:underline" to={`/tickets/${t.ticketId}?tab=timesheets`}>#{t.ticketNumber}</Link></td>
                  <td className="whitespace-pre-line">{t.description}</td>
                  <td className="text-right tabular-nums">{displayMinutes(t.minutes)}</td>
                  <td className="text-slate-600">{t.workTypeName ?? '—'}</td>
                  <td><TimesheetStatus entry={t} /></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}
