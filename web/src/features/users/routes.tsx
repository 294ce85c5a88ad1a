import type { RouteObject } from 'react-router';
import { UsersPage } from './UsersPage.tsx';

/** The Users screen, under Settings (its path is relative to /settings). */
export const userRoutes: RouteObject[] = [{ path: 'users', element: <UsersPage /> }];
