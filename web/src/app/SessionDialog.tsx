import { useEffect, useRef, useState } from 'react';
import type { Me } from './types.ts';
import { LoginForm } from '../features/auth/LoginForm.tsx';

/**
 * "Your session ended": sign in again in a modal over the page (native <dialog> opened with
 * showModal, so focus stays inside and Escape cannot dismiss it). The page behind keeps its state;
 * focus returns to where it was once signed in.
 */
export function SessionDialog({ email, onSignedIn }: { email: string; onSignedIn: (me: Me) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [previous] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const open = () => {
      if (!dialog.open) dialog.showModal();
      [...dialog.querySelectorAll('input')].find((input) => !input.value)?.focus();
    };
    open();
    // A repeated Escape may close a modal dialog even when its cancel is prevented: open it again.
    dialog.addEventListener('close', open);
    return () => {
      dialog.removeEventListener('close', open);
      dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, [previous]);
  return (
    <dialog ref={ref} aria-label="Your session ended" onCancel={(event) => event.preventDefault()} className="m-auto bg-transparent p-0 backdrop:bg-slate-900/40">
      <LoginForm dialog email={email} onSignedIn={onSignedIn} />
    </dialog>
  );
}
