import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import type { Priority, Ticket } from '../../app/types.ts';
import { Button, ErrorMessage, Field, Input, Select, Textarea } from '../../ui/ui.tsx';
import { agentOptions, userName } from '../users/api.ts';
import { Combobox } from '../../ui/Combobox.tsx';
import { CustomerSelect } from '../partners/CustomerSelect.tsx';
import type { NewTicketInput, TicketInput } from './api.ts';
import { priorityLabels } from './labels.ts';
import type { TicketLookups } from './lookups.ts';
import { SaleLineField } from './SaleLineField.tsx';

type Values = { subject: string; description: string; teamId: string; customerId: string; assigneeId: string; priority: Priority; saleOrderLineId: string };
const FIELDS = ['subject', 'description', 'teamId', 'customerId', 'assigneeId', 'priority', 'saleOrderLineId'] as const;
const NULLABLE = new Set<string>(['customerId', 'assigneeId', 'saleOrderLineId']);

const valuesOf = (t: Ticket | undefined, teamId = ''): Values => ({
  subject: t?.subject ?? '', description: t?.description ?? '', teamId: t?.teamId ?? teamId, customerId: t?.customerId ?? '',
  assigneeId: t?.assigneeId ?? '', priority: t?.priority ?? 'normal', saleOrderLineId: t?.saleOrderLineId ?? '',
});

/** Only what changed, with '' sent as null for the optional links. */
function changes(values: Values, saved: Values, isNew: boolean): TicketInput {
  const body: Record<string, string | null> = {};
  for (const key of FIELDS) {
    if (!isNew && values[key] === saved[key]) continue;
    if (isNew && values[key] === '') continue;
    body[key] = values[key] === '' && NULLABLE.has(key) ? null : values[key];
  }
  return body as TicketInput;
}

type Props = {
  defaultTeamId?: string;
  lookups: TicketLookups;
  saving: boolean;
  error: unknown;
  /** The role reads tickets but may not change them (accountants): fields disabled, no buttons. */
  readOnly?: boolean;
} & (
  // A ticket saves its changes; a new one is created with its team and subject (the form requires both).
  { ticket: Ticket; onSave: (body: TicketInput) => Promise<Ticket> } | { ticket?: undefined; onSave: (body: NewTicketInput) => Promise<Ticket> }
);

/** Subject, description, team, customer, assignee, priority and (billing teams) the Sales Order Item. */
export function TicketForm(props: Props) {
  const { ticket, defaultTeamId, lookups, saving, error, readOnly = false } = props;
  const saved = valuesOf(ticket, defaultTeamId);
  const [values, setValues] = useState<Values>(saved);
  const isNew = !ticket;
  const body = changes(values, saved, isNew);
  const dirty = Object.keys(body).length > 0;
  const team = lookups.teams.find((t) => t.id === values.teamId);
  const closed = ticket?.closed ?? false;
  const fieldError = (path: string) => (error instanceof ApiError ? error.field(path) : undefined);
  const unexplained = error instanceof ApiError ? !FIELDS.some((f) => error.field(f)) : Boolean(error);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setCustomer = (customerId: string) => {
    const entity = (id: string) => lookups.customers.find((c) => c.id === id)?.commercialEntityId ?? null;
    // R22: another commercial entity cannot keep the line; the same one may.
    setValues((v) => ({ ...v, customerId, saleOrderLineId: entity(customerId) === entity(v.customerId) ? v.saleOrderLineId : '' }));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || saving) return;
    const request = props.ticket ? props.onSave(body) : props.onSave({ ...body, teamId: values.teamId, subject: values.subject });
    const result = await request.catch(() => null);
    if (result) setValues(valuesOf(result));
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Ticket">
      <fieldset disabled={readOnly} className="grid min-w-0 gap-4 lg:grid-cols-3">
        <div className="flex flex-col gap-3 lg:col-span-2">
          <Field label="Subject" error={fieldError('subject')}>
            <Input value={values.subject} onChange={(e) => set('subject', e.target.value)} required maxLength={300} className="text-base font-medium" autoFocus={isNew} />
          </Field>
          <Field label="Description" error={fieldError('description')}>
            <Textarea value={values.description} onChange={(e) => set('description', e.target.value)} maxLength={20000} rows={10} />
          </Field>
        </div>
        <div className="flex flex-col gap-3">
          <Field label="Team" error={fieldError('teamId')}>
            <Select value={values.teamId} onChange={(e) => set('teamId', e.target.value)} required>
              <option value="">Choose a team…</option>
              {lookups.workTeams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </Select>
          </Field>
          <Field label="Customer" error={fieldError('customerId')}>
            <CustomerSelect value={values.customerId} onChange={setCustomer} placeholder="No customer" />
          </Field>
          <Field label="Assignee" error={fieldError('assigneeId')}>
            <Combobox value={values.assigneeId} onChange={(id) => set('assigneeId', id)} options={agentOptions(lookups.users)} selectedLabel={userName(lookups.users, values.assigneeId)} placeholder="Unassigned" />
          </Field>
          <Field label="Priority" error={fieldError('priority')}>
            <Select value={values.priority} onChange={(e) => set('priority', e.target.value as Priority)}>
              {Object.entries(priorityLabels).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </Select>
          </Field>
          {team?.billingEnabled && (ticket ? (
            <SaleLineField
              ticketId={ticket.id}
              customerId={values.customerId}
              customerChanged={values.customerId !== saved.customerId}
              value={values.saleOrderLineId}
              onChange={(id) => set('saleOrderLineId', id)}
              error={fieldError('saleOrderLineId')}
            />
          ) : (
            <p className="text-xs text-slate-500">Save the ticket to choose its Sales Order Item (until then, the customer's oldest prepaid block with time left).</p>
          ))}
        </div>
        {readOnly ? (
          <p className="text-sm text-slate-500 lg:col-span-3">Read only: the helpdesk team changes tickets.</p>
        ) : (
          <div className="flex flex-wrap items-center gap-3 lg:col-span-3">
            <Button type="submit" variant="primary" disabled={saving || (!dirty && !isNew)}>{saving ? 'Saving…' : isNew ? 'Create ticket' : 'Save'}</Button>
            {!isNew && dirty && <Button variant="ghost" onClick={() => setValues(saved)}>Discard changes</Button>}
            {!isNew && !dirty && !saving && <span className="text-sm text-slate-500">All changes saved{closed ? ' · ticket closed' : ''}</span>}
            {unexplained && <div className="w-full"><ErrorMessage error={error} /></div>}
          </div>
        )}
      </fieldset>
    </form>
  );
}
