import { createBrowserRouter, RouterProvider } from 'react-router';
import { AcceptInvitationPage } from './AcceptInvitationPage.tsx';

const PATH = /^\/(invite|reset-password)\/[^/]+\/?$/;

/** True on the page of an invitation or password-reset link, which is opened signed out. */
export const isLinkPath = (pathname: string) => PATH.test(pathname);

let router: ReturnType<typeof createBrowserRouter> | null = null;

/** The signed-out pages of one-time links (/invite/:token, /reset-password/:token). */
export function LinkPages() {
  router ??= createBrowserRouter([
    { path: '/invite/:token', element: <AcceptInvitationPage /> },
    { path: '/reset-password/:token', element: <AcceptInvitationPage /> },
  ]);
  return <RouterProvider router={router} />;
}
