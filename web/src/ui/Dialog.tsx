import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog (native <dialog>: focus is trapped, Escape closes it). Render it only while open;
 * `onClose` runs on Escape and on the close button.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={`m-auto w-full rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40 ${wide ? 'max-w-4xl' : 'max-w-md'}`}
    >
      <header className="flex items-center justify-between border-b border-slate-100 px-4 py-2">
        <h2 id={titleId} className="text-base font-semibold text-slate-900">{title}</h2>
        <button type="button" onClick={onClose} aria-label="Close" className="rounded px-2 py-0.5 text-lg leading-none text-slate-500 hover:bg-slate-100">×</button>
      </header>
      <div className="p-4">{children}</div>
    </dialog>
  );
}
