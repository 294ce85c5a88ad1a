import type { RouteObject } from 'react-router';
import { Only } from '../../app/permissions.tsx';
import { WebhookPage } from './WebhookPage.tsx';
import { WebhooksPage } from './WebhooksPage.tsx';

/** The Webhooks screens, under Settings (paths relative to /settings), for administrators. */
export const webhookRoutes: RouteObject[] = [
  { path: 'webhooks', element: <Only ability="admin"><WebhooksPage /></Only> },
  { path: 'webhooks/:id', element: <Only ability="admin"><WebhookPage /></Only> },
];
