/**
 * The order of the ticket list last shown, kept for the session, so that `j`/`k` on a ticket page
 * step through the tickets as the list showed them (its filters and sort).
 */
const KEY = 'deskbill:ticket-order';

export function rememberTicketOrder(ids: string[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(ids));
  } catch {
    // Storage full or off: the shortcuts then fall back to nothing, which is harmless.
  }
}

/** The ticket `step` places from `id` in the list last shown (1: next, -1: previous), or null. */
export function ticketNextTo(id: string, step: 1 | -1): string | null {
  let ids: unknown;
  try {
    ids = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
  } catch {
    return null;
  }
  if (!Array.isArray(ids)) return null;
  const at = ids.indexOf(id);
  const next = at === -1 ? undefined : ids[at + step];
  return typeof next === 'string' ? next : null;
}
