import type { InputHTMLAttributes } from 'react';

/** An on/off switch: a real checkbox (Space toggles it) with role="switch", named by `label`. */
export function Switch({ label, className, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: string }) {
  return (
    <input
      type="checkbox"
      role="switch"
      aria-label={label}
      {...props}
      className={`relative h-5 w-9 cursor-pointer appearance-none rounded-full bg-slate-300 transition-colors before:absolute before:top-0.5 before:left-0.5 before:h-4 before:w-4 before:rounded-full before:bg-white before:shadow before:transition-transform checked:bg-indigo-600 checked:before:translate-x-4 disabled:cursor-not-allowed disabled:opacity-50 ${className ?? ''}`}
    />
  );
}
