import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Paged } from '../app/http.ts';
import { NoData, RefreshError } from './QueryState.tsx';
import { Button, Empty } from './ui.tsx';

/**
 * Cursor pagination state for a list: the cursors of the pages visited, reset when the filters
 * (`resetKey`) change.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState({ key: resetKey, stack: [] as string[] });
  if (state.key !== resetKey) setState({ key: resetKey, stack: [] });
  const stack = state.key === resetKey ? state.stack : [];
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
  };
}

/** Previous / next buttons under a cursor-paginated list. */
export function Pager({ pages, nextCursor }: { pages: ReturnType<typeof useCursorPages>; nextCursor: string | null | undefined }) {
  if (pages.page === 1 && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-end gap-2 text-sm text-slate-600">
      <span>Page {pages.page}</span>
      <Button onClick={pages.previous} disabled={pages.page === 1}>Previous</Button>
      <Button onClick={() => nextCursor && pages.next(nextCursor)} disabled={!nextCursor}>Next</Button>
    </nav>
  );
}

/**
 * The body of a cursor-paginated list page: a failed refresh above the data, loading or the
 * error while there is none, the empty message, then the rows and the pager.
 */
export function PagedList<L extends Paged>({ query, pages, empty, children }: {
  query: UseQueryResult<L>;
  pages: ReturnType<typeof useCursorPages>;
  empty: ReactNode;
  children: (items: L['items']) => ReactNode;
}) {
  return (
    <>
      <RefreshError query={query} />
      {!query.data ? <NoData query={query} /> : query.data.items.length === 0 ? <Empty>{empty}</Empty> : (
        <>
          {children(query.data.items)}
          <Pager pages={pages} nextCursor={query.data.nextCursor} />
        </>
      )}
    </>
  );
}
