import { useState } from 'react';
import type { SaleLineOption, Team, Ticket, Timesheet } from '../../app/types.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { Empty, Loading, Table } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { Switch } from '../../ui/Switch.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { useSaleLineOptions } from '../tickets/api.ts';
import { useUsers } from '../users/api.ts';
import { useTicketTimesheets } from './api.ts';
import { LockIcon } from './LockIcon.tsx';
import { NewTimesheetRow } from './NewTimesheetRow.tsx';
import { TimesheetReadRow } from './TimesheetReadRow.tsx';
import { TimesheetRow } from './TimesheetRow.tsx';
import { useWorkTypes } from './workTypes.ts';

/**
 * Minutes by status for the totals row. The logged and billable totals are the server's (the ticket's
 * own figures); the API gives no split by status, so it is added up here from the entries shown.
 */
/** Σ of the entries kept, in recorded minutes or (R78) in billed minutes. */
const sum = (entries: Timesheet[], keep: (e: Timesheet) => boolean, field: 'minutes' | 'billedMinutes' = 'minutes') => entries.filter(keep).reduce((total, e) => total + e[field], 0);

/**
 * Whether the Sales Order Item column matters: the ticket's order has more than one line to bill
 * on, or an entry is pinned to a line other than the ticket's.
 */
export function lineColumnNeeded(ticket: Ticket, entries: Timesheet[], options: SaleLineOption[]): boolean {
  const order = options.find((o) => o.id === ticket.saleOrderLineId)?.orderId;
  const orderLines = options.filter((o) => o.orderId === order).length;
  return orderLines > 1 || entries.some((e) => e.pinned && e.saleOrderLineId !== ticket.saleOrderLineId);
}

/**
 * The ticket's Timesheets tab: a grid of its entries, a row for new time and the totals. Who may
 * change which row follows the API: accountants read only, agents change their own entries only.
 */
export function TicketTimesheets({ ticket, team }: { ticket: Ticket; team: Team | undefined }) {
  const { user, can } = usePermissions();
  const canLog = can('helpdeskWrite');
  const canPickAgent = can('logForOthers');
  const entries = useTicketTimesheets(ticket.id);
  const users = useUsers();
  const billing = team?.billingEnabled ?? false;
  const options = useSaleLineOptions(ticket.id, undefined, billing);
  const workTypes = useWorkTypes();
  // Point 5 of issue 12: null follows the ticket (shown when its order has several lines or an
  // entry is pinned to another line); the switch overrides it for this visit.
  const [showLine, setShowLine] = useState<boolean | null>(null);

  if (team && !team.timesheetsEnabled) return <Empty>Timesheets are not enabled for the {team.name} team.</Empty>;
  // Once shown, the grid stays whatever a refresh says (the new-time row may hold typed time).
  if (!entries.data) return <NoData query={entries} />;
  if (users.isPending) return <Loading what="Loading timesheets…" />;
  const items = [...entries.data.items].sort((a, b) => a.date.localeCompare(b.date) || Number(a.id) - Number(b.id));
  // R78: what the billable entries bill, shown beside the recorded total when increments or multipliers make it differ.
  const billed = sum(items, (e) => e.billable, 'billedMinutes');
  const lineShown = billing && (showLine ?? lineColumnNeeded(ticket, items, options.data?.items ?? []));
  // R77: the Work type column once there is a work type to pick or an entry carries one.
  const typesShown = Boolean(workTypes.data?.items.some((w) => w.active)) || items.some((e) => e.workTypeId);
  const columns = 7 + (lineShown ? 1 : 0) + (typesShown ? 1 : 0);
  const common = { users: users.data ?? [], options: options.data?.items ?? [], showLine: lineShown, workTypes: typesShown ? (workTypes.data?.items ?? []) : null, columns };

  return (
    <div className="flex flex-col gap-3">
      <RefreshError query={entries} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        {!canLog ? (
          <p role="note" className="rounded border border-slate-200 bg-slate-50 px-3 py-1.5 text-sm text-slate-700"><LockIcon />Read only: agents and managers record time.</p>
        ) : ticket.closed ? (
          <p role="note" className="rounded border border-slate-200 bg-slate-50 px-3 py-1.5 text-sm text-slate-700"><LockIcon />Reopen the ticket to change its time.</p>
        ) : (
          <p className="text-sm text-slate-500">Durations: 1:30, 1h30, 90m or 1.5. Edit (or Enter, or a double-click on a row) opens an entry: Enter saves, Escape cancels.{canPickAgent ? '' : ' You change your own entries.'}</p>
        )}
        {billing && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <Switch label="Show the Sales Order Item column" checked={lineShown} onChange={(e) => setShowLine(e.target.checked)} />
            <span aria-hidden>Sales Order Item column</span>
          </label>
        )}
      </div>
      <Table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Agent</th>
            <th scope="col" className="w-2/5">Description</th>
            <th scope="col" className="text-right">Duration</th>
            <th scope="col" className="text-center">Billable</th>
            {typesShown && <th scope="col">Work type</th>}
            {lineShown && <th scope="col">Sales Order Item</th>}
            <th scope="col">Status</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && (
            <tr><td colSpan={columns} className="py-4 text-center text-slate-500">No time logged on this ticket yet.</td></tr>
          )}
          {items.map((entry) => (canLog && (canPickAgent || entry.userId === user.id)
            ? <TimesheetRow key={entry.id} entry={entry} locked={ticket.closed} canPickAgent={canPickAgent} {...common} />
            : <TimesheetReadRow key={entry.id} entry={entry} options={common.options} showLine={lineShown} workTypes={common.workTypes} />))}
          {canLog && !ticket.closed && <NewTimesheetRow key={ticket.id} ticketId={ticket.id} billableByDefault={team?.billingEnabled} canPickAgent={canPickAgent} {...common} />}
        </tbody>
        <tfoot>
          <tr className="font-medium text-slate-800 [&_td]:border-t [&_td]:border-slate-200 [&_td]:bg-slate-50">
            <td colSpan={3}>Total</td>
            <td className="text-right tabular-nums" aria-label="Total logged">{displayMinutes(ticket.loggedMinutes)}</td>
            <td colSpan={columns - 4} className="text-sm font-normal text-slate-600">
              Billable <strong className="tabular-nums">{displayMinutes(ticket.billableMinutes)}</strong>
              {billed !== sum(items, (e) => e.billable) && <>{' · '}Billed <strong className="tabular-nums" aria-label="Total billed">{displayMinutes(billed)}</strong></>}
              {' · '}Invoiced <strong className="tabular-nums">{displayMinutes(sum(items, (e) => e.status === 'invoiced', 'billedMinutes'))}</strong>
              {' · '}To invoice <strong className="tabular-nums">{displayMinutes(sum(items, (e) => e.status === 'to_invoice', 'billedMinutes'))}</strong>
              {billing && sum(items, (e) => e.status === 'unlinked') > 0 && (
                <>{' · '}<span className="text-amber-800">Unlinked <strong className="tabular-nums">{displayMinutes(sum(items, (e) => e.status === 'unlinked'))}</strong></span></>
              )}
            </td>
          </tr>
        </tfoot>
      </Table>
    </div>
  );
}
