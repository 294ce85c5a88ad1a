import type { KeyboardEvent } from 'react';
import { parseDuration } from '../../../../src/core/quantity.ts';
import { cx, Input } from '../../ui/ui.tsx';

/** The minutes typed as "1:30", "1h30", "90m" or "1.5", or null when that is not a duration. */
export const minutesOf = (text: string) => parseDuration(text);

interface Props {
  id: string;
  /** The accessible name ("Duration", or one naming the entry in a grid of many). */
  label?: string;
  value: string;
  onChange: (text: string) => void;
  onBlur?: () => void;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  readOnly?: boolean;
  /** A refusal of the server for this field. */
  error?: string | undefined;
  form?: string;
  autoFocus?: boolean;
}

/** A duration cell: says "Invalid duration" as soon as the text is not one. */
export function DurationInput({ id, label = 'Duration', value, onChange, onBlur, onKeyDown, readOnly, error, form, autoFocus }: Props) {
  const invalid = value.trim() !== '' && minutesOf(value) === null;
  const message = invalid ? 'Invalid duration' : error;
  return (
    <div className="flex flex-col">
      <Input
        id={id}
        aria-label={label}
        aria-invalid={Boolean(message)}
        aria-describedby={message ? `${id}-error` : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        onKeyDown={onKeyDown}
        readOnly={readOnly}
        form={form}
        autoFocus={autoFocus}
        placeholder="1:30"
        title="1:30, 1h30, 90m or 1.5"
        className={cx('w-20 text-right tabular-nums read-only:border-transparent read-only:bg-transparent', message && 'border-red-500')}
      />
      {message && <span id={`${id}-error`} role="alert" className="mt-0.5 text-xs text-red-700">{message}</span>}
    </div>
  );
}
