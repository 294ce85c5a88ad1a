/**
 * The API's read shapes (docs/rules.md, API conventions) by the names the web app uses, each the type of a route's answer
 * (contract.ts, generated from the server's zod schemas). Money and quantities are decimal strings.
 */
import type { Role } from '../../../src/platform/access.ts';
import type { ApiItem, ApiResponse } from './contract.ts';

/** The roles of the server's access table (permissions.tsx reads the same module), so a new role shows up here. */
export type { Role };

export type User = ApiResponse<'/users/{id}', 'get'>;
export type Me = ApiResponse<'/auth/me', 'get'>;
export type Company = ApiResponse<'/company', 'get'>;
export type Customer = ApiResponse<'/customers/{id}', 'get'>;
export type Address = Customer['address'];
export type Product = ApiResponse<'/products/{id}', 'get'>;
export type Team = ApiResponse<'/teams/{id}', 'get'>;
export type Stage = ApiItem<'/teams/{id}/stages'>;
export type Project = ApiResponse<'/projects/{id}', 'get'>;
export type TeamCard = ApiItem<'/helpdesk/dashboard'>;
export type Ticket = ApiResponse<'/tickets/{id}', 'get'>;
export type SaleLineOption = ApiItem<'/tickets/{id}/sale-order-line-options'>;
export type Timesheet = ApiResponse<'/timesheets/{id}', 'get'>;
export type SaleOrder = ApiResponse<'/sale-orders/{id}', 'get'>;
export type SaleOrderLine = SaleOrder['lines'][number];
/** An invoice as lists show it (no lines). */
export type InvoiceSummary = ApiItem<'/invoices'>;
export type Invoice = ApiResponse<'/invoices/{id}', 'get'>;
export type InvoiceLine = Invoice['lines'][number];
export type InvoiceEntry = InvoiceLine['entries'][number];
export type WebhookEndpoint = ApiResponse<'/webhook-endpoints/{id}', 'get'>;
export type WebhookDelivery = ApiItem<'/webhook-endpoints/{id}/deliveries'>;
export type WebhookEventType = WebhookEndpoint['events'][number];

export type Unit = Product['unit'];
export type Policy = Product['invoicingPolicy'];
export type InvoiceStatus = SaleOrder['invoiceStatus'];
export type TimesheetStatus = Timesheet['status'];
export type Priority = Ticket['priority'];
