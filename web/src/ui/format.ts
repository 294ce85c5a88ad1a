/** Display helpers. No arithmetic on money: amounts are shown as the server computed them. */

/** 90 → "1:30". */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(minutes);
  return `${sign}${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/** "1234.50", "EUR" → "1,234.50 EUR" (grouping only: the digits are the server's). */
export function formatMoney(amount: string, currency?: string): string {
  const [whole = '0', fraction] = amount.split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction !== undefined ? '.' + fraction : ''}${currency ? ' ' + currency : ''}`;
}

export const unitLabel = (unit: string, quantity?: string) => (unit === 'hour' ? 'h' : unit === 'day' ? (quantity === '1.00' ? 'day' : 'days') : 'unit');

/** A quantity with its unit, as the server wrote it: "0.67 h", "2.00 days". */
export const quantityLabel = (quantity: string, unit: string) => `${quantity} ${unitLabel(unit, quantity)}`;

/** "21.0000" or "21.00" → "21%" (trailing zeros dropped from the server's digits). */
export const percentLabel = (rate: string) => `${rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate}%`;

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
