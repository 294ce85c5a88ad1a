import { useState, type FormEvent } from 'react';
import type { ApiBody, ApiResponse } from '../../app/contract.ts';
import { post } from '../../app/http.ts';
import { Button, ErrorMessage, Field, Input } from '../../ui/ui.tsx';

/**
 * "Forgot password?" under the sign-in form (R70): asks for a reset link by e-mail. The server
 * answers the same for every address, and so does this form. Its fields exist only while it is
 * open (the sign-in form's Email stays the page's one e-mail field).
 */
export function ForgotPassword({ email: typedEmail }: { email: string }) {
  const [email, setEmail] = useState(typedEmail);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await post<ApiResponse<'/auth/password-reset-request', 'post'>>('/auth/password-reset-request', { email } satisfies ApiBody<'/auth/password-reset-request', 'post'>);
      setSent(answer.message);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="w-full max-w-sm text-sm text-slate-600" onToggle={(e) => {
      const isOpen = e.currentTarget.open;
      setOpen(isOpen);
      if (isOpen && !email) setEmail(typedEmail);
    }}>
      <summary className="cursor-pointer text-center text-indigo-700 hover:underline">Forgot password?</summary>
      {!open ? null : sent ? (
        <p role="status" className="mt-2 rounded border border-green-200 bg-green-50 p-3 text-green-800">{sent} Check your inbox; the link works once, for an hour.</p>
      ) : (
        <form onSubmit={submit} aria-label="Reset password" className="mt-2 space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p>Type the e-mail address of your account: we send you a link to choose a new password.</p>
          <Field label="Your e-mail address"><Input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} /></Field>
          <ErrorMessage error={error} />
          <Button type="submit" disabled={busy}>{busy ? 'Sending…' : 'Send reset link'}</Button>
        </form>
      )}
    </details>
  );
}
