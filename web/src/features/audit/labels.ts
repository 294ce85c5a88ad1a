import { displayMinutes, statusLabels } from '../../ui/format.ts';
import type { AuditEvent } from './api.ts';

/** Names the history gives the watched columns (db/migrations/0002_audit_trail.sql). */
const fieldLabels: Record<string, string> = {
  minutes: 'Duration', date: 'Date', user_id: 'Agent', billable: 'Billable', sale_order_line_id: 'Sales Order Item', pinned: 'Pinned to its line',
  ticket_id: 'Ticket', number: 'Number', team_id: 'Team', customer_id: 'Customer', stage_id: 'Stage', state: 'State', order_id: 'Order',
  product_id: 'Product', description: 'Description', unit: 'Unit', invoicing_policy: 'Invoicing policy', quantity: 'Quantity', unit_price: 'Unit price',
  tax_rate: 'Tax %', qty_delivered_manual: 'Delivered (manual)', kind: 'Kind', sale_order_id: 'Sales order', reversed_invoice_id: 'Credits invoice',
  invoice_date: 'Invoice date', period_start: 'Period start', period_end: 'Period end', amount_untaxed: 'Untaxed amount', amount_tax: 'Tax',
  amount_total: 'Total', invoice_id: 'Invoice', origin_line_id: 'Credited line', subtotal: 'Subtotal',
  account_manager_id: 'Account manager', to_email: 'To', to_name: 'Recipient', sent_by: 'Sent by', outbox_id: 'Outbox message',
  webhooks_allow_private_targets: 'Webhooks to private targets', url: 'URL', events: 'Events', active: 'Active', secret_rotated_at: 'Secret rotated',
};

/** "sale_order_line_id" → "Sales Order Item"; an unknown column → "Some column". */
export const fieldLabel = (field: string) => fieldLabels[field] ?? field.charAt(0).toUpperCase() + field.slice(1).replaceAll('_', ' ');

/** Names for ids a page knows (a stage, an agent); undefined leaves the raw value. */
export type NameOf = (field: string, value: unknown) => string | undefined;

/** A value as a person reads it: minutes as h:mm, yes/no, a name for a known id, "—" for none. */
export function valueText(field: string, value: unknown, nameOf?: NameOf): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'minutes' && typeof value === 'number') return displayMinutes(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field === 'state') return statusLabels[String(value)] ?? String(value);
  if (field === 'kind') return value === 'credit_note' ? 'Credit note' : 'Invoice';
  return nameOf?.(field, value) ?? String(value);
}

const verbs: Record<string, string> = { created: 'created', updated: 'changed', deleted: 'deleted', posted: 'posted', confirmed: 'confirmed', cancelled: 'cancelled', invoice_sends_added: 'sent by e-mail', invoice_payments_added: 'payment registered' };
/** "changed", "posted"; other actions (e.g. `user_teams_added`) as written. */
export const actionVerb = (action: string) => verbs[action] ?? action.replaceAll('_', ' ');

/** The fields an event is about: each with its value before and after (one side empty on create and delete). */
export function changesOf(event: AuditEvent): Array<{ field: string; before: unknown; after: unknown }> {
  const fields = Object.keys({ ...(event.before ?? {}), ...(event.after ?? {}) });
  return fields.map((field) => ({ field, before: event.before?.[field], after: event.after?.[field] }));
}
