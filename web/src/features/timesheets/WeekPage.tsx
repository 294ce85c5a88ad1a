import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../app/http.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { useToast } from '../../ui/toast.tsx';
import { today } from '../../ui/format.ts';
import { Button, Field, PageHeader, Select } from '../../ui/ui.tsx';
import { addDays } from '../../../../src/core/dates.ts';
import { isMonday, mondayOf } from '../../../../src/core/timesheet-week.ts';
import { TicketSelect } from '../tickets/TicketSelect.tsx';
import { staffOf, useUsers } from '../users/api.ts';
import { useSaveTimesheetWeek, useTimesheetWeek, type WeekCellInput } from './api.ts';
import { refusal } from './refusal.ts';
import { typedMinutes, WeekGrid, type WeekGridRow } from './WeekGrid.tsx';

const key = (ticketId: string, date: string) => `${ticketId}|${date}`;

/**
 * /timesheets/week (R68): the user's week (a manager's or admin's choice of agent) as tickets ×
 * days; cells take 1:30, 1h30, 90m or 1.5; one Save sends the changed cells, all or nothing, and
 * a refusal shows under its cell. Enter in a cell saves too.
 */
export function WeekPage() {
  const [params, setParams] = useSearchParams();
  const { user, can } = usePermissions();
  const requested = params.get('week') ?? '';
  const weekStart = isMonday(requested) ? requested : mondayOf(today());
  const agentId = params.get('agent') || undefined;
  const week = useTimesheetWeek(weekStart, agentId);
  const users = useUsers();
  const save = useSaveTimesheetWeek();
  const toast = useToast();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<Array<{ ticketId: string; ticketNumber: number; subject: string }>>([]);
  const [picked, setPicked] = useState('');

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    setParams(next);
    setDrafts({});
    setAdded([]);
    save.reset();
  };

  if (!week.data || week.data.weekStart !== weekStart) return <><PageHeader title="My week" /><NoData query={week} /></>;
  const data = week.data;
  const editableWeek = can('helpdeskWrite') && (data.agentId === user.id || can('logForOthers'));
  const shown = new Set(data.rows.map((r) => r.ticketId));
  const rows: WeekGridRow[] = [
    ...data.rows,
    ...added.filter((a) => !shown.has(a.ticketId)).map((a) => ({
      ...a, closed: false, cells: data.days.map((date) => ({ date, minutes: 0, entryCount: 0, editable: editableWeek, canLower: true })),
    })),
  ];
  // The server's errors name cells by their index in the request: map them back to the grid.
  const sent: WeekCellInput[] = save.variables?.cells ?? [];
  const cellErrors: Record<string, string> = {};
  if (save.error instanceof ApiError) {
    for (const d of save.error.details) {
      const match = /^cells\.(\d+)/.exec(d.path);
      const cell = match ? sent[Number(match[1])] : undefined;
      if (cell) cellErrors[key(cell.ticketId, cell.date)] = d.message;
    }
  }
  const changed = rows.flatMap((r) => r.cells.flatMap((c) => {
    const text = drafts[key(r.ticketId, c.date)];
    return text === undefined ? [] : [{ ticketId: r.ticketId, date: c.date, text, minutes: c.minutes }];
  }));

  const parsed = changed.map((c) => ({ ...c, typed: typedMinutes(c.text) }));
  const invalid = parsed.some((c) => c.typed === null);
  const cells: WeekCellInput[] = parsed.flatMap((c) => (c.typed === null || c.typed === c.minutes ? [] : [{ ticketId: c.ticketId, date: c.date, minutes: c.typed }]));
  // Enter in a cell saves the week, like the Save week button.
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid || cells.length === 0 || save.isPending) return;
    save.mutate({ weekStart, ...(agentId ? { agentId } : {}), cells }, {
      onSuccess: (saved) => {
        setDrafts({});
        setAdded((all) => all.filter((a) => !saved.rows.some((r) => r.ticketId === a.ticketId)));
        toast({ message: 'Week saved' });
      },
    });
  };

  const days = data.days;
  return (
    <>
      <PageHeader
        title={data.agentId === user.id ? 'My week' : `Week of ${data.agentName}`}
        subtitle={`${days[0]} – ${days[6]}: time per ticket and day. Durations: 1:30, 1h30, 90m or 1.5; an empty cell is no time.`}
        actions={(
          <div className="flex items-center gap-2">
            <Button onClick={() => go({ week: addDays(weekStart, -7) })}>← Previous week</Button>
            <Button onClick={() => go({ week: undefined })}>This week</Button>
            <Button onClick={() => go({ week: addDays(weekStart, 7) })}>Next week →</Button>
          </div>
        )}
      />
      <RefreshError query={week} />
      <div className="mb-3 flex flex-wrap items-end gap-3">
        {can('logForOthers') && (
          <Field label="Agent">
            <Select value={data.agentId} onChange={(e) => go({ agent: e.target.value === user.id ? undefined : e.target.value })}>
              {staffOf(users.data).filter((u) => u.role !== 'accountant').map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </Select>
          </Field>
        )}
        {editableWeek && (
          <Field label="Add a ticket">
            <TicketSelect value={picked} exclude={new Set(rows.map((r) => r.ticketId))} className="min-w-72" onChange={(t) => {
              setPicked('');
              if (t) setAdded((all) => [...all, { ticketId: t.id, ticketNumber: t.number, subject: t.subject }]);
            }} />
          </Field>
        )}
      </div>
      <form onSubmit={onSubmit} aria-label="The week">
        {rows.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-500">No time this week yet. Add a ticket to log time on it.</p>
        ) : (
          <WeekGrid days={days} rows={rows} drafts={drafts} errors={cellErrors}
            onChange={(ticketId, date, text) => setDrafts((all) => ({ ...all, [key(ticketId, date)]: text }))} />
        )}
        {save.error !== null && Object.keys(cellErrors).length === 0 && <p role="alert" className="mt-2 text-sm text-red-800">{refusal(save.error)}</p>}
        {editableWeek && (
          <div className="mt-3 flex items-center gap-3">
            <Button type="submit" variant="primary" disabled={save.isPending || invalid || cells.length === 0}>{save.isPending ? 'Saving…' : 'Save week'}</Button>
            {changed.length > 0 && <Button variant="ghost" onClick={() => { setDrafts({}); save.reset(); }} disabled={save.isPending}>Discard changes</Button>}
            <span className="text-sm text-slate-500">{invalid ? 'Fix the cells marked invalid first.' : cells.length ? `${cells.length} changed cell${cells.length === 1 ? '' : 's'}` : 'No changes'}</span>
          </div>
        )}
      </form>
      <p className="mt-4 text-sm text-slate-500">
        A cell with several entries or invoiced time can only grow here; change its entries on the ticket. <Link className="text-indigo-700 hover:underline" to="/timesheets">All timesheets</Link>
      </p>
    </>
  );
}
