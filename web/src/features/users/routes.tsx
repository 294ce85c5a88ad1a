import type { RouteObject } from 'react-router';
import { Only } from '../../app/permissions.tsx';
import { UsersPage } from './UsersPage.tsx';

/** The Users screen, under Settings (its path is relative to /settings), for administrators. */
export const userRoutes: RouteObject[] = [{ path: 'users', element: <Only ability="admin"><UsersPage /></Only> }];
