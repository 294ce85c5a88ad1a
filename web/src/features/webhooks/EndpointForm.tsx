import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import type { WebhookEndpoint, WebhookEventType } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { SwitchField } from '../../ui/SwitchField.tsx';
import { Button, Field, Input } from '../../ui/ui.tsx';
import type { EndpointInput } from './api.ts';

/** The events an endpoint may receive, in the order the form shows them, with what each means. */
export const EVENT_LABELS: Record<WebhookEventType, string> = {
  'ticket.created': 'A ticket is opened',
  'ticket.stage_changed': 'A ticket moves to another stage',
  'timesheet.created': 'Time is logged',
  'timesheet.updated': 'A time entry is changed',
  'timesheet.deleted': 'A time entry is deleted',
  'sale_order.confirmed': 'A quotation is confirmed',
  'invoice.posted': 'An invoice is posted',
  'credit_note.posted': 'A credit note is posted',
  'invoice.sent': 'An invoice or credit note is sent by mail',
};
const EVENTS = Object.keys(EVENT_LABELS) as WebhookEventType[];
const FIELDS = ['url', 'description', 'events', 'active'] as const;

/** URL, description, events and active switch of an endpoint: adding one, or changing it. */
export function EndpointForm({ endpoint, pending, error, submitLabel, onSubmit, onCancel }: {
  endpoint?: WebhookEndpoint;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onSubmit: (input: EndpointInput) => void;
  onCancel?: () => void;
}) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<WebhookEventType[]>(endpoint?.events ?? []);
  const [active, setActive] = useState(endpoint?.active ?? true);
  const apiError = error instanceof ApiError ? error : null;
  const toggle = (event: WebhookEventType, on: boolean) => setEvents(on ? EVENTS.filter((e) => e === event || events.includes(e)) : events.filter((e) => e !== event));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ url: url.trim(), description: description.trim(), events, active });
  };
  return (
    <form onSubmit={submit} className="grid gap-3">
      <Field label="URL" hint="http:// or https://. Loopback and private addresses are refused unless allowed below." error={apiError?.field('url')}>
        <Input type="url" value={url} required maxLength={2000} placeholder="https://hooks.example.com/deskbill" onChange={(e) => setUrl(e.target.value)} />
      </Field>
      <Field label="Description" error={apiError?.field('description')}>
        <Input value={description} maxLength={500} placeholder="What receives it" onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Events</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {EVENTS.map((event) => (
            <label key={event} className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-1" checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
              <span><code className="text-xs text-slate-800">{event}</code><br /><span className="text-xs text-slate-500">{EVENT_LABELS[event]}</span></span>
            </label>
          ))}
        </div>
        {apiError?.field('events') && <p className="mt-1 text-xs text-red-700">{apiError.field('events')}</p>}
      </fieldset>
      <SwitchField label="Active" hint="An inactive endpoint receives nothing." checked={active} onChange={setActive} />
      <FormError error={error} fields={FIELDS} />
      <div className="flex justify-end gap-2">
        {onCancel && <Button type="button" onClick={onCancel}>Cancel</Button>}
        <Button type="submit" variant="primary" disabled={pending || events.length === 0}>{pending ? 'Saving…' : submitLabel}</Button>
      </div>
    </form>
  );
}
