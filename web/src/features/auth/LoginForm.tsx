import { useState, type FormEvent } from 'react';
import type { ApiBody, ApiResponse } from '../../app/contract.ts';
import { post } from '../../app/http.ts';
import type { Me } from '../../app/types.ts';
import { Button, ErrorMessage, Field, Input } from '../../ui/ui.tsx';
import { ForgotPassword } from './ForgotPassword.tsx';

/** Sign in with email and password; as a dialog when a session expired mid-work. */
export function LoginForm({ onSignedIn, dialog = false, email: initialEmail = '' }: { onSignedIn(me: Me): void; dialog?: boolean; email?: string }) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await post<ApiResponse<'/auth/login', 'post'>>('/auth/login', { email, password } satisfies ApiBody<'/auth/login', 'post'>));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const form = (
    <form onSubmit={submit} className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow" aria-label="Sign in">
      <div>
        <h1 className="text-lg font-semibold">{dialog ? 'Your session ended' : 'Sign in to Deskbill'}</h1>
        {dialog && <p className="text-sm text-slate-500">Sign in again to continue; what you typed is still there.</p>}
      </div>
      <Field label="Email"><Input type="email" autoComplete="username" required autoFocus={!dialog || !initialEmail} value={email} onChange={(e) => setEmail(e.target.value)} /></Field>
      <Field label="Password"><Input type="password" autoComplete="current-password" required autoFocus={dialog && Boolean(initialEmail)} value={password} onChange={(e) => setPassword(e.target.value)} /></Field>
      <ErrorMessage error={error} />
      <Button type="submit" variant="primary" disabled={busy} className="w-full justify-center">{busy ? 'Signing in…' : 'Sign in'}</Button>
    </form>
  );
  if (dialog) return form;
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 bg-slate-100 p-4">
      <div className="text-center">
        <p className="text-3xl font-bold tracking-tight text-indigo-700">Deskbill</p>
        <p className="mt-1 text-sm text-slate-500">The helpdesk that bills your support time.</p>
      </div>
      {form}
      <ForgotPassword email={email} />
    </main>
  );
}
