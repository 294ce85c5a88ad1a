import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Ticket } from '../../app/types.ts';
import { Badge, Card, Loading, PageHeader } from '../../ui/ui.tsx';
import { displayMinutes } from '../../ui/format.ts';
import { RefreshError } from '../../ui/QueryState.tsx';
import { Unavailable, usePermissions } from '../../app/permissions.tsx';
import { TicketHistory } from '../audit/histories.tsx';
import { TicketTimesheets } from '../timesheets/TicketTimesheets.tsx';
import { StartTimerButton } from '../timers/StartTimerButton.tsx';
import { TicketTimers } from '../timers/TeamTimers.tsx';
import { useSaleOrder } from '../sales/api.ts';
import { useCreateTicket, useTicket, useUpdateTicket } from './api.ts';
import { priorityLabels, priorityTone } from './labels.ts';
import { useTicketLookups, type TicketLookups } from './lookups.ts';
import { StageBar } from './StageBar.tsx';
import { TicketForm } from './TicketForm.tsx';
import { Tabs } from './Tabs.tsx';
import { TicketConversation } from './TicketConversation.tsx';

/** /tickets/new: the form alone; the ticket opens once created. */
export function NewTicketPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const lookups = useTicketLookups();
  const create = useCreateTicket();
  return (
    <>
      <PageHeader title="New ticket" subtitle={<Link to="/tickets" className="text-indigo-700 hover:underline">Tickets</Link>} />
      <Card>
        {lookups.ready ? (
          <TicketForm
            defaultTeamId={params.get('teamId') ?? (lookups.workTeams.length === 1 ? lookups.workTeams[0]?.id : undefined) ?? ''}
            lookups={lookups}
            saving={create.isPending}
            error={create.error}
            onSave={async (body) => {
              const ticket = await create.mutateAsync(body);
              void navigate(`/tickets/${ticket.id}`, { replace: true });
              return ticket;
            }}
          />
        ) : (
          <Loading />
        )}
      </Card>
    </>
  );
}

/** /tickets/:id: stages, the form and the Timesheets tab (?tab=timesheets). */
export function TicketPage() {
  const { id = '' } = useParams();
  const ticket = useTicket(id);
  const lookups = useTicketLookups();
  // Once shown, the ticket stays on screen whatever a refresh says (a form may hold typed changes).
  if (!ticket.data) return <Unavailable query={ticket} what="ticket" />;
  return (
    <>
      <RefreshError query={ticket} />
      {/* Keyed: another ticket gets fresh state (the form's draft, a refusal of the previous one). */}
      <TicketView key={ticket.data.id} ticket={ticket.data} lookups={lookups} />
    </>
  );
}

function TicketView({ ticket, lookups }: { ticket: Ticket; lookups: TicketLookups }) {
  const [params, setParams] = useSearchParams();
  const update = useUpdateTicket(ticket.id);
  const { can } = usePermissions();
  const readOnly = !can('helpdeskWrite');
  const team = lookups.teams.find((t) => t.id === ticket.teamId);
  const tab = params.get('tab') === 'timesheets' ? 'timesheets' : 'details';
  const showTab = (next: string) => setParams(next === 'details' ? {} : { tab: next }, { replace: true });
  return (
    <>
      <PageHeader
        title={<><span className="text-slate-500">#{ticket.number}</span> {ticket.subject}</>}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <Link to={`/tickets?teamId=${ticket.teamId}`} className="text-indigo-700 hover:underline">{lookups.teamName(ticket.teamId)}</Link>
            <span>· {lookups.customerName(ticket.customerId)}</span>
            <Badge tone={priorityTone(ticket.priority)}>{priorityLabels[ticket.priority]}</Badge>
            {ticket.closed && <Badge tone="green">Closed</Badge>}
          </span>
        }
        actions={
          <>
            {!readOnly && !ticket.closed && team?.timesheetsEnabled && <StartTimerButton ticket={ticket} />}
            {ticket.saleOrderId && can('ordersRead') && <SaleOrderButton id={ticket.saleOrderId} />}
            <button type="button" onClick={() => showTab('timesheets')} className="flex flex-col items-start rounded border border-slate-300 bg-white px-3 py-1 text-left shadow-sm hover:bg-slate-50">
              <span className="text-xs text-slate-500">Time logged</span>
              <span className="text-sm font-semibold tabular-nums text-slate-900">{displayMinutes(ticket.loggedMinutes)}</span>
            </button>
          </>
        }
      />
      <StageBar ticket={ticket} readOnly={readOnly} />
      {team?.timesheetsEnabled && <TicketTimers ticketId={ticket.id} />}
      <Tabs
        label="Ticket"
        current={tab}
        onChange={showTab}
        tabs={[
          { id: 'details', label: 'Details', panel: <TicketForm key={ticket.id} ticket={ticket} lookups={lookups} readOnly={readOnly} saving={update.isPending} error={update.error} onSave={(body) => update.mutateAsync(body)} /> },
          { id: 'timesheets', label: 'Timesheets', panel: <TicketTimesheets ticket={ticket} team={team} /> },
        ]}
      />
      <TicketConversation ticketId={ticket.id} />
      <TicketHistory ticket={ticket} lookups={lookups} />
    </>
  );
}

/** The smart button to the ticket's sales order. */
function SaleOrderButton({ id }: { id: string }) {
  const order = useSaleOrder(id);
  const number = order.data?.number ?? '…';
  return (
    <Link to={`/sales/${id}`} aria-label={`Sales Order ${number}`} className="flex flex-col rounded border border-slate-300 bg-white px-3 py-1 shadow-sm hover:bg-slate-50">
      <span className="text-xs text-slate-500">Sales Order</span>
      <span className="text-sm font-semibold text-indigo-700">{number}</span>
    </Link>
  );
}
