import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/** What a toast says, and at most one action the user may take before it goes (for example *Undo*). */
export interface ToastInput {
  message: string;
  tone?: 'success' | 'error' | 'info';
  action?: { label: string; run: () => void | Promise<void> };
  /** How long it stays, in milliseconds; 6 s by default, 10 s when it offers an action. */
  duration?: number;
}

interface Toast extends ToastInput { id: number }

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

/**
 * Short confirmations of what just happened, in a polite live region at the bottom of the screen
 * (a labelled region, not role=status: pages keep their own status messages next to what they save).
 * A toast with an action stays longer and is dismissed by taking the action or by its close button.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((toast: ToastInput) => {
    const id = next.current++;
    // At most three on screen: the oldest goes first.
    setToasts((all) => [...all.slice(-2), { ...toast, id }]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <section aria-label="Notifications" aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
        {toasts.map((toast) => <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />)}
      </section>
    </ToastContext.Provider>
  );
}

const tones = { success: 'border-green-300 bg-green-50 text-green-900', error: 'border-red-300 bg-red-50 text-red-900', info: 'border-slate-300 bg-white text-slate-900' };

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), toast.duration ?? (toast.action ? 10_000 : 6_000));
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  const act = async () => {
    if (!toast.action || busy) return;
    setBusy(true);
    try {
      await toast.action.run();
    } finally {
      onDismiss(toast.id);
    }
  };
  return (
    <div data-testid="toast" className={`pointer-events-auto flex max-w-lg items-center gap-3 rounded-lg border px-4 py-2 text-sm shadow-lg ${tones[toast.tone ?? 'success']}`}>
      <span>{toast.message}</span>
      {toast.action && (
        <button type="button" disabled={busy} onClick={() => void act()} className="rounded px-2 py-0.5 font-semibold text-indigo-700 underline-offset-2 hover:underline disabled:text-slate-400">
          {toast.action.label}
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={() => onDismiss(toast.id)} className="ml-1 text-slate-400 hover:text-slate-700">×</button>
    </div>
  );
}

/** The function that shows a toast; the provider is mounted once, around every screen. */
export function useToast(): (toast: ToastInput) => void {
  const show = useContext(ToastContext);
  return useMemo(() => show ?? (() => undefined), [show]);
}
