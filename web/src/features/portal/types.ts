/** The portal's read shapes (GET /api/v1/portal/…), each the type of a route's answer (app/contract.ts). */
import type { ApiItem, ApiResponse } from '../../app/contract.ts';

export type PortalMe = ApiResponse<'/portal/me', 'get'>;
export type PortalTeam = ApiItem<'/portal/teams'>;
export type PortalTicket = ApiResponse<'/portal/tickets/{id}', 'get'>;
export type PortalTimesheet = ApiItem<'/portal/tickets/{id}/timesheets'>;
export type PortalComment = ApiItem<'/portal/tickets/{id}/comments'>;
export type PortalOrder = ApiItem<'/portal/orders'>;
export type PortalOrderLine = PortalOrder['lines'][number];
export type PortalInvoice = ApiItem<'/portal/invoices'>;
