import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { cx } from './ui.tsx';

export interface ComboboxOption { id: string; label: string }

interface Props {
  /** The chosen option's id, '' for none. */
  value: string;
  onChange: (id: string) => void;
  /** The options to offer; with `onSearch` they are the server's answer for the current text. */
  options: ComboboxOption[];
  /** The label of the chosen option when it is not among `options` (e.g. a record loaded by id). */
  selectedLabel?: string | undefined;
  /** Called with the typed text (debounce it in the caller); without it, options are filtered here. */
  onSearch?: (text: string) => void;
  /** Offers "Create “text”" as the last option; receives the typed text. */
  onCreate?: (text: string) => void;
  placeholder?: string;
  id?: string;
  required?: boolean;
  disabled?: boolean;
  className?: string;
  'aria-label'?: string;
}

const CREATE = '\u0000create';

/**
 * A searchable picker following the ARIA 1.2 combobox pattern (an input with a listbox popup):
 * typing filters, Up/Down/Home/End move the active option, Enter chooses it, Escape closes the
 * list (a second Escape clears the text). Wrap it in a Field: it passes `id` to its input.
 */
export function Combobox({ value, onChange, options, selectedLabel, onSearch, onCreate, placeholder, id, required, disabled, className, ...aria }: Props) {
  const listId = useId();
  const optionId = (index: number) => `${listId}-o${index}`;
  const chosen = options.find((o) => o.id === value)?.label ?? (value ? selectedLabel ?? '' : '');
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const shown = text ?? chosen;
  const matches = useMemo(() => {
    if (onSearch || !text) return options;
    const needle = text.toLocaleLowerCase();
    return options.filter((o) => o.label.toLocaleLowerCase().includes(needle));
  }, [options, text, onSearch]);
  const items: ComboboxOption[] = onCreate && text?.trim() && !matches.some((o) => o.label.toLocaleLowerCase() === text.trim().toLocaleLowerCase())
    ? [...matches, { id: CREATE, label: `Create “${text.trim()}”` }]
    : matches;

  const choose = (option: ComboboxOption | undefined) => {
    if (!option) return;
    if (option.id === CREATE) onCreate?.(text?.trim() ?? '');
    else onChange(option.id);
    setText(null);
    setOpen(false);
  };
  const type = (next: string) => {
    setText(next);
    setOpen(true);
    setActive(0);
    onSearch?.(next);
    if (next === '' && value) onChange('');
  };
  const move = (to: number) => {
    setOpen(true);
    setActive(Math.max(0, Math.min(items.length - 1, to)));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => (open ? move(active + 1) : move(active)),
      ArrowUp: () => move(active - 1),
      Home: () => move(0),
      End: () => move(items.length - 1),
      Enter: () => (open ? choose(items[active]) : undefined),
      Escape: () => (open ? setOpen(false) : type('')),
    };
    const run = keys[event.key];
    if (!run || (event.key === 'Enter' && !open)) return;
    event.preventDefault();
    run();
  };

  const expanded = open && items.length > 0;
  return (
    <div className={cx('relative', className)}>
      <input
        ref={input}
        id={id}
        type="text"
        role="combobox"
        aria-label={aria['aria-label']}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? optionId(active) : undefined}
        autoComplete="off"
        required={required}
        disabled={disabled}
        placeholder={placeholder}
        value={shown}
        onChange={(event) => type(event.target.value)}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setText(null);
        }}
        onKeyDown={onKeyDown}
        className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-indigo-500 disabled:bg-slate-100 disabled:text-slate-500"
      />
      <ul id={listId} role="listbox" hidden={!expanded} className="absolute z-40 mt-1 max-h-64 w-full overflow-y-auto rounded border border-slate-200 bg-white py-1 text-sm shadow-lg">
        {items.map((option, index) => (
          <li
            key={option.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
            onMouseMove={() => setActive(index)}
            className={cx('cursor-pointer px-2 py-1', index === active && 'bg-indigo-50 text-indigo-900', option.id === CREATE && 'font-medium text-indigo-700')}
          >
            {option.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
