import { z } from 'zod';
import { policy } from '../platform/access.ts';
import type { Db } from '../platform/db.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses, text } from '../platform/schemas.ts';
import { globalSearch, SEARCH_MAX } from '../modules/service-billing/index.ts';
import { caller } from './auth-hook.ts';

const searchRead = z.object({
  tickets: z.array(z.object({ id: z.string(), number: z.number(), subject: z.string(), closed: z.boolean() })),
  customers: z.array(z.object({ id: z.string(), name: z.string(), vatId: z.string().nullable() })),
  saleOrders: z.array(z.object({ id: z.string(), number: z.string(), customerName: z.string(), state: z.string() })),
  invoices: z.array(z.object({ id: z.string(), number: z.string(), kind: z.string(), customerName: z.string() })),
});

/** R69: the global search of the command palette, for staff (portal users have their own pages). */
export function registerSearchRoutes(app: App, db: Db): void {
  app.get(`${API_PREFIX}/search`, {
    config: { access: policy.staff },
    schema: { tags: ['search'], querystring: z.strictObject({ q: text(SEARCH_MAX) }), response: { 200: searchRead, ...errorResponses } },
  }, async (r) => globalSearch(db, r.query.q, caller(r)));
}
