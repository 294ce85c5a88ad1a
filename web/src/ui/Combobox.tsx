import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { cx } from './ui.tsx';

export interface ComboboxOption { id: string; label: string; hint?: string | undefined }

export interface ComboboxProps {
  /** The chosen option's id, '' for none. */
  value: string;
  onChange: (id: string) => void;
  /** The options to offer; with `onSearch` they are the server's answer for the current text. */
  options: ComboboxOption[];
  /** The label of the chosen option when it is not among `options` (e.g. a record loaded by id). */
  selectedLabel?: string | undefined;
  /** Called with the typed text (the caller debounces its request); without it, options are filtered here. */
  onSearch?: (text: string) => void;
  /** The options are being fetched: the popup says so instead of "No matches". */
  loading?: boolean;
  /** Offers "Create “text”" as the last option; receives the typed text. */
  onCreate?: (text: string) => void;
  placeholder?: string;
  id?: string;
  required?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
  className?: string;
  'aria-label'?: string;
  'aria-describedby'?: string;
}

const CREATE = '\u0000create';
/** Options rendered at once; typing narrows the rest (a list of thousands is no help to anyone). */
const SHOWN = 50;

/** The options whose label or hint contains the text, ignoring case. */
function filter(options: ComboboxOption[], text: string): ComboboxOption[] {
  const needle = text.trim().toLocaleLowerCase();
  if (!needle) return options;
  return options.filter((o) => o.label.toLocaleLowerCase().includes(needle) || o.hint?.toLocaleLowerCase().includes(needle));
}

/**
 * A searchable picker on the ARIA 1.2 combobox pattern (an input with a listbox popup; focus stays
 * in the input, `aria-activedescendant` names the active option). Typing filters (here, or through
 * `onSearch` on the server); Down/Up open the list and move, Home/End jump, Enter chooses, Escape
 * closes the list and, when it is closed, clears the choice. Leaving the field without choosing
 * restores the chosen label. Wrap it in a Field: it passes `id` to its input.
 */
export function Combobox({ value, onChange, options, selectedLabel, onSearch, loading = false, onCreate, placeholder, id, required, disabled, autoFocus, className, ...aria }: ComboboxProps) {
  const listId = useId();
  const optionId = (index: number) => `${listId}-o${index}`;
  const chosen = options.find((o) => o.id === value)?.label ?? (value ? selectedLabel ?? '' : '');
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Whether the active option was picked out (arrows, pointer) since the last keystroke, and whether
  // an Enter waits for the search to answer.
  const [pointed, setPointed] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const matches = useMemo(() => (onSearch || !text ? options : filter(options, text)), [options, text, onSearch]);
  const typed = text?.trim() ?? '';
  const offerCreate = Boolean(onCreate && typed && !loading && !matches.some((o) => o.label.toLocaleLowerCase() === typed.toLocaleLowerCase()));
  const items: ComboboxOption[] = [...matches.slice(0, SHOWN), ...(offerCreate ? [{ id: CREATE, label: `Create “${typed}”` }] : [])];
  const current = Math.max(0, Math.min(active, items.length - 1));
  const expanded = open && items.length > 0;

  const activeId = expanded ? optionId(current) : undefined;
  useEffect(() => {
    // Keyboard moves keep the active option in view in a long list.
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const choose = (option: ComboboxOption | undefined) => {
    if (!option) return;
    if (option.id === CREATE) onCreate?.(typed);
    else onChange(option.id);
    setText(null);
    setOpen(false);
  };
  useEffect(() => {
    // The search answered: a waiting Enter takes its first option (if the list is still open).
    if (!waiting || loading) return;
    setWaiting(false);
    if (open) choose(items[0]);
  }, [waiting, loading]); // only the answer triggers it, not every render's items

  const type = (next: string) => {
    setText(next);
    setOpen(true);
    setActive(0);
    setPointed(false);
    onSearch?.(next);
    if (next === '' && value) onChange('');
  };
  const show = () => {
    if (open) return;
    setOpen(true);
    setActive(Math.max(0, items.findIndex((o) => o.id === value)));
  };
  const move = (to: number) => {
    if (!open) return show();
    setPointed(true);
    setActive(Math.max(0, Math.min(items.length - 1, to)));
  };
  const clear = () => {
    setText(null);
    onSearch?.('');
    if (value) onChange('');
  };
  const keys: Record<string, (() => void) | undefined> = {
    ArrowDown: () => move(current + 1),
    ArrowUp: () => move(current - 1),
    Home: open ? () => move(0) : undefined,
    End: open ? () => move(items.length - 1) : undefined,
    // Enter with the list closed submits the form, as in any text field. While a search runs the
    // list still shows the previous text's options: an option the user moved to is chosen, else
    // Enter waits for the answer and takes its first option (typing fast then Enter).
    Enter: expanded || (open && loading) ? () => (loading && !pointed ? setWaiting(true) : choose(items[current])) : undefined,
    Escape: open ? () => setOpen(false) : text || value ? clear : undefined,
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const run = keys[event.key];
    if (!run || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    run();
  };

  return (
    <div className={cx('relative', className)}>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-label={aria['aria-label']}
        aria-describedby={aria['aria-describedby']}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        required={required}
        disabled={disabled}
        autoFocus={autoFocus}
        placeholder={placeholder}
        value={text ?? chosen}
        onChange={(event) => type(event.target.value)}
        onClick={show}
        onBlur={() => {
          setOpen(false);
          if (text !== null) onSearch?.('');
          setText(null);
        }}
        onKeyDown={onKeyDown}
        className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 pr-7 text-sm focus:border-indigo-500 disabled:bg-slate-100 disabled:text-slate-500"
      />
      <span aria-hidden="true" className="pointer-events-none absolute right-2 top-1.5 text-slate-400">▾</span>
      <div hidden={!open} className="absolute z-40 mt-1 w-full min-w-56 rounded border border-slate-200 bg-white text-sm shadow-lg">
        <ul id={listId} role="listbox" aria-label={aria['aria-label']} aria-busy={loading} hidden={!expanded} className={cx('max-h-64 overflow-y-auto py-1', loading && 'opacity-60')}>
          {items.map((option, index) => (
            <li
              key={option.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === current}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(option);
              }}
              onMouseMove={() => {
                setActive(index);
                setPointed(true);
              }}
              className={cx('cursor-pointer px-2 py-1', index === current && 'bg-indigo-50 text-indigo-900', option.id === value && 'font-semibold', option.id === CREATE && 'border-t border-slate-100 font-medium text-indigo-700')}
            >
              <span>{option.label}</span>
              {option.hint && <span className="ml-2 text-xs text-slate-500">{option.hint}</span>}
            </li>
          ))}
        </ul>
        {!expanded && <p className="px-2 py-1.5 text-slate-500">{loading ? 'Searching…' : 'No matches'}</p>}
        {matches.length > SHOWN && <p className="border-t border-slate-100 px-2 py-1 text-xs text-slate-500">{matches.length - SHOWN} more: type to narrow</p>}
      </div>
    </div>
  );
}
// Field gives it an id and a <label for> (a wrapping label would add the options' texts to its name).
Combobox.passesId = true;
