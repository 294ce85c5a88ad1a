import { Badge } from '../../ui/ui.tsx';
import type { InvoiceSummary } from '../../app/types.ts';

type PaymentState = NonNullable<InvoiceSummary['paymentState']>;

export const PAYMENT_STATES: Record<PaymentState, { tone: 'slate' | 'amber' | 'green' | 'red'; label: string }> = {
  not_paid: { tone: 'slate', label: 'Not paid' },
  partially_paid: { tone: 'amber', label: 'Partially paid' },
  paid: { tone: 'green', label: 'Paid' },
  overdue: { tone: 'red', label: 'Overdue' },
};

/** R65: the payment state of a posted invoice; nothing for drafts and credit notes. */
export const PaymentBadge = ({ state }: { state: InvoiceSummary['paymentState'] }) =>
  state ? <Badge tone={PAYMENT_STATES[state].tone}>{PAYMENT_STATES[state].label}</Badge> : null;
