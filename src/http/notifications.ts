import { z } from 'zod';
import { policy } from '../platform/access.ts';
import type { Db } from '../platform/db.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses, idParams, listQuery } from '../platform/schemas.ts';
import { listNotifications, markNotificationHandled } from '../modules/accounts/index.ts';
import { caller } from './auth-hook.ts';

const notificationRead = z.object({
  id: z.string(), kind: z.enum(['prepaid_threshold']), saleOrderId: z.string(), saleOrderLineId: z.string(), message: z.string(),
  createdAt: z.string(), handledAt: z.string().nullable(),
});

/** R74: the caller's notifications (upsell alerts of prepaid blocks) and marking one handled. */
export function registerNotificationRoutes(app: App, db: Db): void {
  app.get(`${API_PREFIX}/notifications`, {
    config: { access: policy.staff },
    schema: {
      tags: ['notifications'],
      querystring: z.strictObject({ ...listQuery, handled: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
      response: { 200: z.object({ items: z.array(notificationRead), nextCursor: z.string().nullable(), unhandled: z.number() }), ...errorResponses },
    },
  }, async (r) => listNotifications(db, caller(r).userId, r.query));

  app.post(`${API_PREFIX}/notifications/:id/handled`, {
    config: { access: policy.staff },
    schema: { tags: ['notifications'], params: idParams, response: { 200: notificationRead, ...errorResponses } },
  }, async (r) => markNotificationHandled(db, Number(r.params.id), caller(r).userId));
}
