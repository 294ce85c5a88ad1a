import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, post, SESSION_EXPIRED, setCsrfToken } from './http.ts';
import type { Me, User } from './types.ts';
import { LoginForm } from '../features/auth/LoginForm.tsx';
import { SessionDialog } from './SessionDialog.tsx';

interface Auth {
  user: User;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** The signed-in user (the provider renders the sign-in page until there is one). */
export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/**
 * Resolves the session once; shows the sign-in page when there is none. When a session expires
 * mid-work, a modal sign-in opens over the page (which stays mounted but inert) so nothing typed is lost.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const result = await get<Me>('/auth/me');
        setCsrfToken(result.csrfToken);
        return result;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    const onExpired = () => setExpired(true);
    window.addEventListener(SESSION_EXPIRED, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED, onExpired);
  }, []);

  const signedIn = (result: Me) => {
    setCsrfToken(result.csrfToken);
    client.setQueryData(['me'], result);
    setExpired(false);
    void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  };

  if (me.isPending) return <p className="p-8 text-center text-slate-500">Loading…</p>;
  if (!me.data) return <LoginForm onSignedIn={signedIn} />;
  const auth: Auth = {
    user: me.data.user,
    async signOut() {
      await post('/auth/logout').catch(() => undefined);
      setCsrfToken(null);
      client.setQueryData(['me'], null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
  };
  return (
    <AuthContext.Provider value={auth}>
      {/* Always this wrapper (toggling it would remount the page); inert while the session is expired. */}
      <div inert={expired}>{children}</div>
      {expired && <SessionDialog email={me.data.user.email} onSignedIn={signedIn} />}
    </AuthContext.Provider>
  );
}
