// The HTTP edge: every API route of the application, registered by src/server.ts only. A route
// parses with zod, calls one use case of a module's index.ts, and answers; rules live below.
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import type { App } from '../platform/http.ts';
import { registerAccountRoutes } from './accounts.ts';
import { registerAuditRoutes } from './audit.ts';
import { registerCatalogRoutes } from './catalog.ts';
import { registerExportRoutes } from './exports.ts';
import { registerHelpdeskRoutes } from './helpdesk.ts';
import { registerInvoicingRoutes } from './invoicing.ts';
import { registerNotificationRoutes } from './notifications.ts';
import { registerPartnerRoutes } from './partners.ts';
import { registerPortalRoutes } from './portal.ts';
import { registerOrderRouteRoutes } from './order-routes.ts';
import { registerSalesRoutes } from './sales.ts';
import { registerSearchRoutes } from './search.ts';
import { registerTimerRoutes } from './timers.ts';
import { registerTimesheetRoutes } from './timesheets.ts';
import { registerWebhookRoutes } from './webhooks.ts';
import { registerWorkTypeRoutes } from './work-types.ts';

export { registerAuthHook } from './auth-hook.ts';

/** Registers every capability's routes on the app. */
export function registerApiRoutes(app: App, db: Db, config: Config): void {
  registerAccountRoutes(app, db, config);
  registerPartnerRoutes(app, db);
  registerCatalogRoutes(app, db);
  registerHelpdeskRoutes(app, db);
  registerTimesheetRoutes(app, db);
  registerTimerRoutes(app, db);
  registerSalesRoutes(app, db);
  registerOrderRouteRoutes(app, db);
  registerWorkTypeRoutes(app, db);
  registerInvoicingRoutes(app, db, config);
  registerAuditRoutes(app, db);
  registerPortalRoutes(app, db);
  registerExportRoutes(app, db);
  registerWebhookRoutes(app, db);
  registerSearchRoutes(app, db);
  registerNotificationRoutes(app, db);
}
