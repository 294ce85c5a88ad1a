import { Link } from 'react-router';
import { usePermissions } from '../../app/permissions.tsx';
import { cx, PageHeader } from '../../ui/ui.tsx';
import { RecordChips } from './RecordChips.tsx';
import { TicketFilters } from './TicketFilters.tsx';
import { TicketKanban } from './TicketKanban.tsx';
import { TicketTable } from './TicketTable.tsx';
import { useTicketLookups } from './lookups.ts';
import { apiFilters, useTicketFilters, type TicketView } from './useTicketFilters.ts';

/** /tickets: filters in the URL, a list or the team's kanban board. */
export function TicketsPage() {
  const { view, update } = useTicketFilters();
  const lookups = useTicketLookups();
  const { can } = usePermissions();
  const kanban = view.view === 'kanban';
  const newLink = view.teamId ? `/tickets/new?teamId=${view.teamId}` : '/tickets/new';
  return (
    <>
      <PageHeader
        title="Tickets"
        subtitle={view.teamId ? lookups.teamName(view.teamId) : 'All teams'}
        actions={
          <>
            <ViewToggle view={view.view} onChange={(v) => update({ view: v })} />
            {can('helpdeskWrite') && <Link to={newLink} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-700">New ticket</Link>}
          </>
        }
      />
      <TicketFilters view={view} update={update} lookups={lookups} />
      <RecordChips view={view} update={update} />
      {kanban ? <TicketKanban filters={apiFilters(view, false)} lookups={lookups} /> : <TicketTable filters={apiFilters(view)} lookups={lookups} />}
    </>
  );
}

function ViewToggle({ view, onChange }: { view: TicketView['view']; onChange: (v: TicketView['view']) => void }) {
  const options = [['list', 'List'], ['kanban', 'Kanban']] as const;
  return (
    <div role="group" aria-label="View" className="inline-flex overflow-hidden rounded border border-slate-300 bg-white shadow-sm">
      {options.map(([value, label]) => (
        <button
          key={value}
          type="button"
          aria-pressed={view === value}
          onClick={() => onChange(value)}
          className={cx('px-3 py-1.5 text-sm font-medium', view === value ? 'bg-indigo-50 text-indigo-700' : 'text-slate-600 hover:bg-slate-50')}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
