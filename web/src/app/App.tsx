import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AuthProvider, useAuth } from './auth.tsx';
import { Layout } from './Layout.tsx';
import { routes } from './routes.tsx';
import { ApiError } from './http.ts';
import { can } from './permissions.tsx';
import { portalRouter } from '../features/portal/routes.tsx';
import { isLinkPath, LinkPages } from '../features/auth/LinkPages.tsx';
import { ToastProvider } from '../ui/toast.tsx';

const client = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 10_000, retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, refetchOnWindowFocus: true },
  },
});

const router = createBrowserRouter([{ path: '/', element: <Layout />, children: routes }]);

/** A customer's portal user gets the portal's screens; staff get the helpdesk's. */
function Screens() {
  const { user } = useAuth();
  return <RouterProvider router={can(user.role, 'portal') ? portalRouter() : router} />;
}

export function App() {
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        {isLinkPath(window.location.pathname) ? <LinkPages /> : (
          <AuthProvider>
            <Screens />
          </AuthProvider>
        )}
      </ToastProvider>
    </QueryClientProvider>
  );
}
