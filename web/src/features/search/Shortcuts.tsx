import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { usePermissions } from '../../app/permissions.tsx';
import { COMMANDS, isTyping, type CommandContext } from './commands.ts';

// Loaded on first use: the palette and the help stay out of the initial bundle.
const CommandPalette = lazy(() => import('./CommandPalette.tsx').then((m) => ({ default: m.CommandPalette })));
const ShortcutHelp = lazy(() => import('./CommandPalette.tsx').then((m) => ({ default: m.ShortcutHelp })));

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The keyboard of the staff app: Ctrl/⌘+K (anywhere) or `/` opens the command palette, `?` lists
 * the shortcuts, and the single keys of `COMMANDS` run theirs, never while the user types in a
 * field or while another dialog is open. Also the header's search button.
 */
export function Shortcuts() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { can } = usePermissions();
  const [open, setOpen] = useState<'palette' | 'help' | null>(null);
  const context = useMemo<CommandContext>(() => ({
    pathname, navigate: (to, state) => void navigate(to, { state }), openPalette: () => setOpen('palette'), openHelp: () => setOpen('help'),
  }), [pathname, navigate]);
  // Inside the palette, "search" is where the user already is.
  const paletteContext = useMemo(() => ({ ...context, openPalette: () => undefined }), [context]);
  const commands = useMemo(() => COMMANDS.filter((c) => !c.ability || can(c.ability)), [can]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen((now) => (now === 'palette' ? null : 'palette'));
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const command = commands.find((c) => c.key === event.key);
      if (!command) return;
      event.preventDefault();
      // The address now, not the one of the last render: a key pressed right after a navigation
      // must act on the page it lands on.
      command.run({ ...context, pathname: window.location.pathname });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands, context]);

  const close = () => setOpen(null);
  return (
    <>
      <button type="button" onClick={() => setOpen('palette')} aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
        aria-label="Search" title={`Search and commands (${isMac ? '⌘K' : 'Ctrl+K'}); ? lists the shortcuts`}
        className="rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800">
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2"><circle cx="8.5" cy="8.5" r="5.5" /><path d="m13 13 4.5 4.5" strokeLinecap="round" /></svg>
      </button>
      <Suspense fallback={null}>
        {open === 'palette' && <CommandPalette commands={commands} context={paletteContext} onClose={close} />}
        {open === 'help' && <ShortcutHelp commands={commands} onClose={close} />}
      </Suspense>
    </>
  );
}
