import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { ApiBody, ApiResponse } from '../../app/contract.ts';
import { ApiError, get, post } from '../../app/http.ts';
import { Button, ErrorMessage, Field, Input } from '../../ui/ui.tsx';

/** What a link is for (an invitation or a password reset) and whose it is. */
type OpenLink = ApiResponse<'/invitations/{token}', 'get'>;

/**
 * The page of an invitation or password-reset link (public, /invite/:token and
 * /reset-password/:token): choose a password, then land signed in.
 */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const link = useQuery({ queryKey: ['invitation', token], queryFn: () => get<OpenLink>(`/invitations/${encodeURIComponent(token)}`), retry: false, staleTime: Infinity });
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) return setError(new ApiError(400, 'MISMATCH', 'The two passwords differ.'));
    setBusy(true);
    setError(null);
    try {
      await post<ApiResponse<'/invitations/{token}/accept', 'post'>>(`/invitations/${encodeURIComponent(token)}/accept`, { password } satisfies ApiBody<'/invitations/{token}/accept', 'post'>);
      // Signed in (the session cookie is set): the app starts afresh, as staff or portal user.
      window.location.replace('/');
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  let body;
  if (link.isPending) body = <p role="status" className="text-sm text-slate-500">Checking the link…</p>;
  else if (!link.data) {
    const gone = link.error instanceof ApiError && link.error.status === 404;
    body = <ErrorMessage error={gone ? new ApiError(404, 'NOT_FOUND', 'This link no longer works: it was used, it expired, or a newer one replaced it. Ask your administrator for a new link.') : link.error} />;
  } else {
    const { kind, name, email } = link.data;
    const fieldError = error instanceof ApiError ? error.field('password') : undefined;
    body = (
      <form onSubmit={submit} className="space-y-4" aria-label="Choose a password">
        <p className="text-sm text-slate-600">{kind === 'invite' ? `Welcome, ${name}. Choose a password to sign in as ${email}.` : `Choose a new password for ${email}.`}</p>
        <input type="email" autoComplete="username" value={email} readOnly hidden />
        <Field label="New password" hint="At least 10 characters; not your email address." error={fieldError}>
          <Input type="password" autoComplete="new-password" required minLength={10} maxLength={200} autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <Field label="Repeat the password"><Input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} /></Field>
        {!fieldError && <ErrorMessage error={error} />}
        <Button type="submit" variant="primary" disabled={busy} className="w-full justify-center">{busy ? 'Saving…' : 'Set password and sign in'}</Button>
      </form>
    );
  }
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <div className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow">
        <h1 className="text-lg font-semibold">{link.data?.kind === 'reset' ? 'Reset your Deskbill password' : 'Join Deskbill'}</h1>
        {body}
      </div>
    </main>
  );
}
