import type { ReactNode } from 'react';
import { Dialog } from './Dialog.tsx';
import { Button, ErrorMessage } from './ui.tsx';

/**
 * R71: asks before an action that cannot be undone. The safe choice has the focus; the action's
 * refusal, if any, shows in the dialog, which stays open.
 */
export function ConfirmDialog({ title, children, confirmLabel, pendingLabel, cancelLabel = 'Cancel', variant = 'danger', pending, error, onConfirm, onClose }: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  cancelLabel?: string;
  variant?: 'danger' | 'primary';
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="text-sm text-slate-700">{children}</div>
      <div className="mt-3"><ErrorMessage error={error} /></div>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose} autoFocus>{cancelLabel}</Button>
        <Button variant={variant} disabled={pending} onClick={onConfirm}>{pending ? pendingLabel : confirmLabel}</Button>
      </div>
    </Dialog>
  );
}
