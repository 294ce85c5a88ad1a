import type { Ability } from '../../app/permissions.tsx';
import { ticketNextTo } from '../tickets/ticketOrder.ts';

/** What a command needs of the app: where we are and how to go elsewhere. */
export interface CommandContext {
  pathname: string;
  navigate: (to: string, state?: unknown) => void;
  openPalette: () => void;
  openHelp: () => void;
}

export interface Command {
  id: string;
  label: string;
  /** The key that runs it outside text fields, if any. */
  key?: string;
  ability?: Ability;
  run: (c: CommandContext) => void;
}

const ticketId = (pathname: string) => /^\/tickets\/(\d+)$/.exec(pathname)?.[1] ?? null;

/** The navigation state that puts the cursor in the new entry of a ticket's Timesheets tab. */
export const FOCUS_LOG_TIME = { focus: 'log-time' } as const;

function step(c: CommandContext, by: 1 | -1): void {
  const id = ticketId(c.pathname);
  const next = id && ticketNextTo(id, by);
  if (next) c.navigate(`/tickets/${next}`);
}

/** The commands of the palette and the keyboard, in the order the shortcut help lists them. */
export const COMMANDS: Command[] = [
  { id: 'search', label: 'Search tickets, customers, orders, invoices', key: '/', run: (c) => c.openPalette() },
  { id: 'new-ticket', label: 'New ticket', key: 'c', ability: 'helpdeskWrite', run: (c) => c.navigate('/tickets/new') },
  {
    id: 'log-time', label: 'Log time', key: 't', ability: 'helpdeskWrite',
    run: (c) => {
      const id = ticketId(c.pathname);
      if (!id) return c.navigate('/timesheets');
      // The row focuses itself when it mounts (after its data, maybe more than once).
      c.navigate(`/tickets/${id}?tab=timesheets`, FOCUS_LOG_TIME);
    },
  },
  { id: 'next-ticket', label: 'Next ticket (in the list’s order)', key: 'j', ability: 'helpdeskRead', run: (c) => step(c, 1) },
  { id: 'previous-ticket', label: 'Previous ticket', key: 'k', ability: 'helpdeskRead', run: (c) => step(c, -1) },
  { id: 'help', label: 'Keyboard shortcuts', key: '?', run: (c) => c.openHelp() },
  { id: 'go-tickets', label: 'Go to Tickets', ability: 'helpdeskRead', run: (c) => c.navigate('/tickets') },
  { id: 'go-timesheets', label: 'Go to Timesheets', ability: 'helpdeskRead', run: (c) => c.navigate('/timesheets') },
  { id: 'go-sales', label: 'Go to Sales orders', ability: 'ordersRead', run: (c) => c.navigate('/sales') },
  { id: 'go-invoices', label: 'Go to Invoices', ability: 'invoicesRead', run: (c) => c.navigate('/invoices') },
  { id: 'go-customers', label: 'Go to Customers', ability: 'staff', run: (c) => c.navigate('/customers') },
];

/** True when a key press belongs to what the user is typing (a field, an editable text). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
