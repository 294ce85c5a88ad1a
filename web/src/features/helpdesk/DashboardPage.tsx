import { Link } from 'react-router';
import { Card, Empty, PageHeader } from '../../ui/ui.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { ExportLink } from '../../ui/ExportLink.tsx';
import { useDashboard } from './api.ts';
import { TimersNow } from '../timers/TeamTimers.tsx';

/** A card per team: open, unassigned and urgent tickets, hours this week, hours to invoice (and that time as CSV). */
export function DashboardPage() {
  const dashboard = useDashboard();
  const { can } = usePermissions();
  const setup = can('setup');
  return (
    <>
      <PageHeader
        title="Helpdesk overview"
        actions={<>
          <ExportLink path="/exports/unbilled-time.csv" filters={{}} label="Export time to invoice (CSV)" />
          {setup && <Link to="/teams/new" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">New team</Link>}
        </>}
      />
      <RefreshError query={dashboard} />
      {!dashboard.data ? <NoData query={dashboard} /> : dashboard.data.items.length === 0 ? (
        <Empty>{setup ? 'No helpdesk team yet. Create one to start taking tickets.' : 'No helpdesk team of yours yet.'}</Empty>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {dashboard.data.items.map((card) => (
            <Card key={card.teamId} title={card.name} actions={
              <div className="flex gap-3">
                {card.billingEnabled && card.minutesToInvoice > 0 && (
                  <ExportLink path="/exports/unbilled-time.csv" filters={{ teamId: card.teamId }} label="CSV" look="link" aria-label={`Export the time to invoice of ${card.name} (CSV)`} />
                )}
                {setup && <Link className="text-sm text-indigo-700 hover:underline" to={`/teams/${card.teamId}`} aria-label={`Settings of ${card.name}`}>Settings</Link>}
              </div>
            }>
              <dl className="grid grid-cols-3 gap-3 text-center">
                <Stat label="Open" value={card.openTickets} />
                <Stat label="Unassigned" value={card.unassigned} />
                <Stat label="Urgent" value={card.urgent} tone={card.urgent > 0 ? 'text-red-700' : undefined} />
                <Stat label="Logged this week" value={displayMinutes(card.minutesThisWeek)} />
                <Stat label="To invoice" value={card.billingEnabled ? displayMinutes(card.minutesToInvoice) : '—'} />
                <div className="flex items-end justify-center">
                  <Link to={`/tickets?teamId=${card.teamId}`} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700" aria-label={`Tickets of ${card.name}`}>Tickets</Link>
                </div>
              </dl>
            </Card>
          ))}
        </div>
      )}
      {dashboard.data && dashboard.data.items.length > 0 && <TimersNow />}
    </>
  );
}

function Stat({ label, value, tone }: { label: string; value: string | number; tone?: string | undefined }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`text-lg font-semibold ${tone ?? 'text-slate-900'}`}>{value}</dd>
    </div>
  );
}
