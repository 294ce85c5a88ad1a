import { ApiError } from '../app/http.ts';
import { ErrorMessage, Loading } from './ui.tsx';

interface QueryLike {
  data?: unknown;
  error: unknown;
}

/**
 * What stands in for a query's content while it has no data: "Loading…", or why it failed.
 * Once there is data, keep rendering it (a failed refresh must not unmount a form being typed in)
 * and show <RefreshError> next to it instead.
 */
export function NoData({ query }: { query: QueryLike }) {
  return query.error ? <ErrorMessage error={query.error} /> : <Loading />;
}

/**
 * A failed refresh of data still on screen, as a note. Nothing for an ended session: the sign-in
 * dialog opens over the page and everything refreshes once signed in again.
 */
export function RefreshError({ query }: { query: QueryLike }) {
  const { data, error } = query;
  if (data === undefined || !error || (error instanceof ApiError && error.status === 401)) return null;
  return <div className="mb-3"><ErrorMessage error={error} /></div>;
}
