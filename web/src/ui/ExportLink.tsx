import { query } from '../app/http.ts';
import { cx } from './ui.tsx';

/**
 * "Export CSV": a plain link to a streamed export of /api/v1 with the list's current filters (the
 * session cookie authenticates it), with the UTF-8 byte order mark that spreadsheets need to read
 * accents right (decision 0027). `disabled` explains why there is nothing to export.
 */
export function ExportLink({ path, filters, label = 'Export CSV', disabled, look = 'button', ...aria }: {
  path: '/exports/invoice-lines.csv' | '/exports/timesheets.csv' | '/exports/unbilled-time.csv';
  filters: Record<string, string | undefined>;
  label?: string;
  disabled?: string | undefined;
  /** A button in a page's header, or a link in a card's header. */
  look?: 'button' | 'link';
  'aria-label'?: string;
}) {
  const style = look === 'button' ? 'inline-flex items-center rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm' : 'text-sm';
  if (disabled) return <span role="link" aria-disabled="true" title={disabled} className={cx(style, 'cursor-not-allowed text-slate-400')} {...aria}>{label}</span>;
  return (
    <a href={`/api/v1${path}${query({ ...filters, bom: '1' })}`} download className={cx(style, look === 'button' ? 'text-slate-700 hover:bg-slate-50' : 'text-indigo-700 hover:underline')} {...aria}>
      {label}
    </a>
  );
}
