import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../app/http.ts';
import { FormError } from '../../ui/FormError.tsx';
import { textLink } from '../../ui/links.ts';
import { Button, Card, Field, Input, Loading, PageHeader, Select, Textarea } from '../../ui/ui.tsx';
import { useOpenTicket, usePortalTeams } from './api.ts';

const fields = ['teamId', 'subject', 'description'] as const;

/** /tickets/new: open a ticket with a team, a subject and a description. */
export function NewPortalTicketPage() {
  const teams = usePortalTeams();
  const open = useOpenTicket();
  const navigate = useNavigate();
  const [form, setForm] = useState({ teamId: '', subject: '', description: '' });
  const onlyTeam = teams.data?.length === 1 ? teams.data[0]?.id : undefined;
  const teamId = form.teamId || onlyTeam || '';
  const error = open.error instanceof ApiError ? open.error : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const ticket = await open.mutateAsync({ ...form, teamId });
      void navigate(`/tickets/${ticket.id}`, { replace: true });
    } catch {
      /* shown below; what was typed stays */
    }
  };
  return (
    <>
      <PageHeader title="Open a ticket" subtitle={<Link to="/tickets" className={textLink}>My tickets</Link>} />
      <Card>
        {!teams.data ? <Loading /> : (
          <form onSubmit={submit} className="flex max-w-2xl flex-col gap-4" aria-label="Open a ticket">
            <Field label="Team" error={error?.field('teamId')}>
              <Select required value={teamId} onChange={(e) => setForm({ ...form, teamId: e.target.value })}>
                <option value="">Choose the team that can help…</option>
                {teams.data.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </Select>
            </Field>
            <Field label="Subject" error={error?.field('subject')}>
              <Input required maxLength={300} value={form.subject} onChange={(e) => setForm({ ...form, subject: e.target.value })} />
            </Field>
            <Field label="Description" error={error?.field('description')} hint="What happened, since when, what you already tried.">
              <Textarea rows={6} maxLength={20000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
            </Field>
            <FormError error={open.error} fields={fields} />
            <div><Button type="submit" variant="primary" disabled={open.isPending}>Open ticket</Button></div>
          </form>
        )}
      </Card>
    </>
  );
}
