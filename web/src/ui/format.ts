/**
 * Display helpers. Figures (amounts, quantities, tax rates, minutes) are written by the server's own
 * src/core/display.ts, the code the invoice PDF uses, so the screen and the PDF show the same digits;
 * it is pure (Intl only) and does no arithmetic on money: amounts are shown as the server computed them.
 */
export { displayAmount, displayDecimal, displayMinutes, displayPercent, displayQuantity, unitLabel } from '../../../src/core/display.ts';

export const statusLabels: Record<string, string> = {
  non_billable: 'Non-billable',
  unlinked: 'Unlinked',
  to_invoice: 'To invoice',
  invoiced: 'Invoiced',
  no: 'Nothing to invoice',
  upselling: 'Upselling',
  draft: 'Draft',
  posted: 'Posted',
  confirmed: 'Sales order',
  cancelled: 'Cancelled',
};

export const today = () => new Date().toISOString().slice(0, 10);

/** A timestamp in the reader's locale and time zone: "Mar 2, 2026, 14:05". */
export const formatDateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp's day in the reader's locale: "Mar 2, 2026". */
export const formatDay = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
