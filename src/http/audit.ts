import { z } from 'zod';
import { policy } from '../platform/access.ts';
import type { Db } from '../platform/db.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { dateString, errorResponses, id, listOf, listQuery, text } from '../platform/schemas.ts';
import { AUDITED_OBJECTS, listAuditEvents } from '../modules/audit/index.ts';

const eventRead = z.object({
  id: z.string(), at: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), objectType: z.enum(AUDITED_OBJECTS),
  objectId: z.string(), action: z.string(), before: z.record(z.string(), z.unknown()).nullable(), after: z.record(z.string(), z.unknown()).nullable(),
});

/** The audit trail, read-only, for managers and admins. */
export function registerAuditRoutes(app: App, db: Db): void {
  app.get(`${API_PREFIX}/audit-events`, {
    config: { access: policy.audit },
    schema: {
      tags: ['audit'],
      querystring: z.strictObject({
        ...listQuery, objectType: z.enum(AUDITED_OBJECTS).optional(), objectId: id.optional(), actorId: id.optional(), action: text(50).optional(),
        ticketId: id.optional(), saleOrderId: id.optional(), invoiceId: id.optional(),
        from: dateString.optional(), to: dateString.optional(),
      }),
      response: { 200: listOf(eventRead), ...errorResponses },
    },
  }, async (r) => listAuditEvents(db, r.query));
}
