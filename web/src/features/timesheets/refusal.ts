import { ApiError } from '../../app/http.ts';

/** A refusal in words: the fields the server named, else its message. */
export function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (!error.details.length) return error.message;
  return error.details.map((d) => (columnNames[d.path] ? `${columnNames[d.path]}: ${d.message}` : d.message)).join('; ');
}
const columnNames: Record<string, string> = { date: 'Date', userId: 'Agent', minutes: 'Duration', description: 'Description', billable: 'Billable', saleOrderLineId: 'Sales Order Item' };
