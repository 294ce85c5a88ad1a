import type { Priority, SaleLineOption, Stage } from '../../app/types.ts';
import { displayMinutes, displayQuantity } from '../../ui/format.ts';

/**
 * "S00012 · Support hour · 90.00 · delivered 3:30" (prepaid: "· remaining 6.50 h"); no price for
 * agents, who do not see prices. The figures are the server's.
 */
export function saleLineLabel(option: SaleLineOption): string {
  const parts = [option.orderNumber, option.description, ...(option.unitPrice === null ? [] : [option.unitPrice]), `delivered ${displayMinutes(option.deliveredMinutes)}`];
  if (option.invoicingPolicy === 'prepaid') parts.push(`remaining ${displayQuantity(option.remaining, option.unit)}`);
  return parts.join(' · ');
}

const verbs: Record<string, string> = { solved: 'Solve', resolved: 'Resolve', closed: 'Close', cancelled: 'Cancel ticket', canceled: 'Cancel ticket', done: 'Done', rejected: 'Reject', won: 'Won', lost: 'Lost' };
/** The action that moves a ticket to a closed stage: "Solved" → "Solve". */
export const closeVerb = (stage: Stage) => verbs[stage.name.trim().toLowerCase()] ?? `Close as ${stage.name}`;

export const priorityLabels: Record<Priority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
export const priorityTone = (p: Priority) => (p === 'urgent' ? 'red' : p === 'high' ? 'amber' : 'slate') as 'red' | 'amber' | 'slate';
