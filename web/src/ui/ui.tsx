import { cloneElement, isValidElement, useId, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ApiError } from '../app/http.ts';

const cx = (...classes: Array<string | false | null | undefined>) => classes.filter(Boolean).join(' ');

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';
const variants: Record<Variant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-300',
  secondary: 'bg-white text-slate-800 border border-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-white text-red-700 border border-red-300 hover:bg-red-50 disabled:text-red-300',
  ghost: 'text-slate-700 hover:bg-slate-100',
};

export function Button({ variant = 'secondary', className, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type="button" {...props} className={cx('inline-flex items-center gap-1 rounded px-3 py-1.5 text-sm font-medium shadow-sm disabled:cursor-not-allowed', variants[variant], className)} />;
}

/**
 * A labelled form control. A single control child gets an id and a `<label for>` so its accessible
 * name is the label alone (a wrapping label would add a select's option texts to it).
 */
export function Field({ label, error, children, hint }: { label: string; error?: string | undefined; hint?: string; children: ReactNode }) {
  const id = useId();
  // Only controls known to pass `id` through: plain elements, this file's Input, Select, Textarea, and components marked `passesId`.
  const single = isValidElement<{ id?: string }>(children) && (typeof children.type === 'string' || labelled.has(children.type) || passesId(children.type)) ? children : null;
  const control = single ? cloneElement(single, { id: single.props.id ?? id }) : children;
  const body = (
    <>
      {hint && !error && <span className="text-xs text-slate-500">{hint}</span>}
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </>
  );
  if (!single) {
    return (
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium text-slate-700">{label}</span>
        {children}
        {body}
      </label>
    );
  }
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={single.props.id ?? id} className="font-medium text-slate-700">{label}</label>
      {control}
      {body}
    </div>
  );
}

const inputClass = 'rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-indigo-500 disabled:bg-slate-100 disabled:text-slate-500';
export const Input = (props: InputHTMLAttributes<HTMLInputElement>) => <input {...props} className={cx(inputClass, props.className)} />;
export const Select = (props: SelectHTMLAttributes<HTMLSelectElement>) => <select {...props} className={cx(inputClass, props.className)} />;
export const Textarea = (props: React.TextareaHTMLAttributes<HTMLTextAreaElement>) => <textarea {...props} className={cx(inputClass, props.className)} />;

export function Badge({ tone = 'slate', children }: { tone?: 'slate' | 'green' | 'amber' | 'red' | 'indigo' | 'blue'; children: ReactNode }) {
  const tones = { slate: 'bg-slate-100 text-slate-700', green: 'bg-green-100 text-green-800', amber: 'bg-amber-100 text-amber-800', red: 'bg-red-100 text-red-800', indigo: 'bg-indigo-100 text-indigo-800', blue: 'bg-sky-100 text-sky-800' };
  return <span className={cx('inline-block rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap', tones[tone])}>{children}</span>;
}

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        {subtitle && <div className="mt-0.5 text-sm text-slate-500">{subtitle}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cx('rounded-lg border border-slate-200 bg-white shadow-sm', className)}>
      {(title || actions) && (
        <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
          <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
          <div className="flex gap-2">{actions}</div>
        </header>
      )}
      <div className="p-4">{children}</div>
    </section>
  );
}

export const Loading = ({ what = 'Loading…' }: { what?: string }) => <p role="status" className="py-6 text-center text-sm text-slate-500">{what}</p>;
export const Empty = ({ children }: { children: ReactNode }) => <p className="py-6 text-center text-sm text-slate-500">{children}</p>;

/** A refusal of the API in words, next to what caused it. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
  return <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>;
}

/** A table; `compact` narrows the cells' side padding for tables of many columns (the order lines). */
export function Table({ children, compact }: { children: ReactNode; compact?: boolean }) {
  const padding = compact ? '[&_td]:px-1.5 [&_th]:px-1.5' : '[&_td]:px-2 [&_th]:px-2';
  return <div className="overflow-x-auto"><table className={`w-full border-collapse text-sm ${padding} [&_td]:border-b [&_td]:border-slate-100 [&_td]:py-1.5 [&_th]:border-b [&_th]:border-slate-200 [&_th]:bg-slate-50 [&_th]:py-1.5 [&_th]:text-left [&_th]:font-medium [&_th]:text-slate-600`}>{children}</table></div>;
}

export { cx };

const labelled = new Set<unknown>([Input, Select, Textarea]);
/** A component of another file that passes `id` to its control says so with a static `passesId = true` (the Combobox, pickers built on it). */
const passesId = (type: unknown) => typeof type === 'function' && (type as { passesId?: unknown }).passesId === true;
