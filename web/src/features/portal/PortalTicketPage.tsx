import { Link, useParams } from 'react-router';
import { RecordedAndBilled } from '../timesheets/BilledTime.tsx';
import { textLink } from '../../ui/links.ts';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { Badge, Card, Empty, PageHeader, Table } from '../../ui/ui.tsx';
import { CommentForm, CommentList } from '../tickets/TicketConversation.tsx';
import { usePortalComments, usePortalTicket, usePortalTimesheets, usePostComment } from './api.ts';
import type { PortalTicket } from './types.ts';

/** /tickets/:id: the request, the conversation with the support team, and the billable time. */
export function PortalTicketPage() {
  const { id = '' } = useParams();
  const ticket = usePortalTicket(id);
  if (!ticket.data) return <NoData query={ticket} />;
  const t = ticket.data;
  return (
    <>
      <RefreshError query={ticket} />
      <PageHeader
        title={<><span className="text-slate-500">#{t.number}</span> {t.subject}</>}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <Link to="/tickets" className={textLink}>My tickets</Link>
            <span>· {t.teamName}</span>
            <span>· requested by {t.customerName}</span>
            <Badge tone={t.closed ? 'green' : 'blue'}>{t.stageName}</Badge>
          </span>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex flex-col gap-4 lg:col-span-2">
          <Card title="Request">
            {t.description ? <p className="text-sm whitespace-pre-wrap text-slate-800">{t.description}</p> : <p className="text-sm text-slate-500">No description.</p>}
            <p className="mt-3 text-xs text-slate-500">{t.assigneeName ? `Handled by ${t.assigneeName}` : 'Not assigned yet'}</p>
          </Card>
          <Conversation ticketId={t.id} />
        </div>
        <BillableTime ticket={t} />
      </div>
    </>
  );
}

function Conversation({ ticketId }: { ticketId: string }) {
  const comments = usePortalComments(ticketId);
  const send = usePostComment(ticketId);
  return (
    <Card title="Conversation">
      <RefreshError query={comments} />
      {comments.data ? <CommentList comments={comments.data} /> : <NoData query={comments} />}
      <CommentForm label="Your message" sending={send.isPending} error={send.error} onSend={(body) => send.mutateAsync(body)} />
    </Card>
  );
}

/** The billable time logged on the ticket, with what it bills where that differs (R78); the total is the server's. */
function BillableTime({ ticket }: { ticket: PortalTicket }) {
  const entries = usePortalTimesheets(ticket.id);
  return (
    <Card title="Billable time" className="self-start">
      <RefreshError query={entries} />
      {!entries.data ? <NoData query={entries} /> : entries.data.length === 0 ? <Empty>No billable time logged yet.</Empty> : (
        <Table>
          <thead><tr><th>Date</th><th>Work done</th><th className="text-right!">Duration</th></tr></thead>
          <tbody>
            {entries.data.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap tabular-nums">{e.date}</td>
                <td>{e.description || '—'}</td>
                <td className="text-right tabular-nums"><RecordedAndBilled minutes={e.minutes} billedMinutes={e.billedMinutes} billedMultiplier={e.billedMultiplier} /></td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="font-medium text-slate-800 [&_td]:border-t [&_td]:border-slate-200 [&_td]:bg-slate-50">
              <td colSpan={2}>Total</td>
              <td className="text-right tabular-nums" aria-label="Total billable time"><RecordedAndBilled minutes={ticket.billableMinutes} billedMinutes={ticket.billedMinutes} billedMultiplier="1" /></td>
            </tr>
          </tfoot>
        </Table>
      )}
    </Card>
  );
}
