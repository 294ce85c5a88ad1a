import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ApiBody, ApiItem, ApiResponse } from '../../app/contract.ts';
import { ApiError, getAll, post } from '../../app/http.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { Switch } from '../../ui/Switch.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Badge, Button, Card, cx, Empty, Field, Textarea } from '../../ui/ui.tsx';

/** A comment of a ticket's conversation, as staff read it. */
export type TicketComment = ApiItem<'/tickets/{id}/comments'>;
/** What the conversation shows of a comment: the portal's read has the same fields except `internal` (customers never see internal notes). */
type ShownComment = Pick<TicketComment, 'id' | 'authorName' | 'fromCustomer' | 'body' | 'createdAt'> & Partial<Pick<TicketComment, 'internal'>>;

/** The conversation, oldest first: customers' messages, staff replies and (for staff) internal notes. */
export function CommentList({ comments }: { comments: ShownComment[] }) {
  if (comments.length === 0) return <Empty>No messages yet.</Empty>;
  return (
    <ol aria-label="Conversation" className="flex flex-col gap-3">
      {comments.map((c) => (
        <li key={c.id} className={cx('rounded-lg border px-3 py-2', c.internal ? 'border-amber-200 bg-amber-50' : c.fromCustomer ? 'border-indigo-100 bg-indigo-50/60' : 'border-slate-200 bg-white')}>
          <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <span className="font-semibold text-slate-800">{c.authorName}</span>
            {c.internal && <Badge tone="amber">Internal note</Badge>}
            <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
          </div>
          <p className="text-sm whitespace-pre-wrap text-slate-800">{c.body}</p>
        </li>
      ))}
    </ol>
  );
}

/**
 * A message box under a conversation. `onSend` posts it; the text stays when sending fails.
 * `internalSwitch` (staff) adds the "Internal note" switch.
 */
export function CommentForm({ onSend, sending, error, internalSwitch = false, label = 'Message' }: {
  onSend: (body: string, internal: boolean) => Promise<unknown>;
  sending: boolean;
  error: unknown;
  internalSwitch?: boolean;
  label?: string;
}) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await onSend(body, internal);
      setBody('');
    } catch {
      /* shown by FormError; the text stays */
    }
  };
  return (
    <form onSubmit={submit} className="mt-4 flex flex-col gap-2">
      <Field label={label} error={error instanceof ApiError ? error.field('body') : undefined}>
        <Textarea rows={3} value={body} maxLength={20000} onChange={(e) => setBody(e.target.value)} />
      </Field>
      <FormError error={error} fields={['body']} />
      <div className="flex items-center justify-end gap-3">
        {internalSwitch && (
          <label className="mr-auto flex items-center gap-2 text-sm text-slate-700">
            <Switch label="Internal note" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
            <span aria-hidden>Internal note <span className="text-slate-500">(staff only)</span></span>
          </label>
        )}
        <Button type="submit" variant="primary" disabled={sending || body.trim() === ''}>{internal ? 'Add note' : 'Send'}</Button>
      </div>
    </form>
  );
}

/** The staff's Conversation panel of a ticket: every comment and internal note, and a box to reply or note. */
export function TicketConversation({ ticketId }: { ticketId: string }) {
  const client = useQueryClient();
  const canReply = usePermissions().can('helpdeskWrite');
  const comments = useQuery({ queryKey: ['tickets', ticketId, 'comments'], queryFn: () => getAll<ApiResponse<'/tickets/{id}/comments', 'get'>>(`/tickets/${ticketId}/comments`) });
  const send = useMutation({
    mutationFn: (body: ApiBody<'/tickets/{id}/comments', 'post'>) => post<TicketComment>(`/tickets/${ticketId}/comments`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tickets', ticketId, 'comments'] }),
  });
  return (
    <Card title="Conversation" className="mt-4">
      <RefreshError query={comments} />
      {comments.data ? <CommentList comments={comments.data} /> : <NoData query={comments} />}
      {canReply && <CommentForm internalSwitch label="Reply" sending={send.isPending} error={send.error} onSend={(body, internal) => send.mutateAsync({ body, internal })} />}
    </Card>
  );
}
