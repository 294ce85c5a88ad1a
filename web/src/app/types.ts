/** The read shapes of the API (SPEC §4), as the web app uses them. Money and quantities are decimal strings. */
import type { Role } from '../../../src/platform/access.ts';

/** The roles of the server's access table (permissions.tsx reads the same module), so a new role shows up here. */
export type { Role };
export type Unit = 'hour' | 'day' | 'unit';
export type Policy = 'timesheets' | 'prepaid' | 'manual';
export type InvoiceStatus = 'no' | 'to_invoice' | 'upselling' | 'invoiced';
export type TimesheetStatus = 'non_billable' | 'unlinked' | 'to_invoice' | 'invoiced';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface User { id: string; name: string; email: string; role: Role; hourlyCost: string | null; teamIds: string[]; customerId: string | null; active: boolean }
export interface Me { user: User; csrfToken: string | null }
export interface Company extends Address { name: string; vatId: string | null; currency: string; currencyDecimals: number; minutesPerDay: number; paymentTermsDays: number; defaultTaxRate: string }
export interface Address { street: string | null; city: string | null; postalCode: string | null; country: string | null }
export interface Customer { id: string; name: string; kind: 'company' | 'person'; companyId: string | null; commercialEntityId: string; email: string | null; phone: string | null; address: Address; vatId: string | null }
export interface Product { id: string; name: string; unit: Unit; unitPrice: string | null; taxRate: string; invoicingPolicy: Policy; active: boolean }
export interface Team { id: string; name: string; timesheetsEnabled: boolean; billingEnabled: boolean; projectId: string | null; memberIds: string[] }
export interface Stage { id: string; teamId: string; name: string; sequence: number; closed: boolean }
export interface Project { id: string; name: string; customerId: string | null }
export interface TeamCard { teamId: string; name: string; timesheetsEnabled: boolean; billingEnabled: boolean; openTickets: number; unassigned: number; urgent: number; minutesThisWeek: number; minutesToInvoice: number }
export interface Ticket {
  id: string; number: number; subject: string; description: string; teamId: string; customerId: string | null; assigneeId: string | null;
  priority: Priority; stageId: string; closed: boolean; saleOrderLineId: string | null; saleOrderId: string | null;
  loggedMinutes: number; billableMinutes: number; createdAt: string; updatedAt: string;
}
export interface SaleLineOption {
  id: string; orderId: string; orderNumber: string; productId: string; description: string; unit: Unit; invoicingPolicy: Policy;
  unitPrice: string | null; quantity: string; qtyDelivered: string; deliveredMinutes: number; remaining: string;
}
export interface Timesheet {
  id: string; ticketId: string; ticketNumber: number; projectId: string; userId: string; userName: string; date: string; minutes: number;
  description: string; billable: boolean; saleOrderLineId: string | null; pinned: boolean; status: TimesheetStatus;
  invoiceId: string | null; invoiceNumber: string | null;
}
export interface SaleOrderLine {
  id: string; orderId: string; productId: string; description: string; unit: Unit; invoicingPolicy: Policy; quantity: string; unitPrice: string;
  taxRate: string; qtyDelivered: string; deliveredMinutes: number; qtyInvoiced: string; qtyToInvoice: string; invoiceStatus: InvoiceStatus;
  subtotal: string; taxAmount: string;
}
export interface SaleOrder {
  id: string; number: string; customerId: string; state: 'draft' | 'confirmed' | 'cancelled'; invoiceStatus: InvoiceStatus;
  amountUntaxed: string; amountTax: string; amountTotal: string; currency: string; createdAt: string; confirmedAt: string | null; lines: SaleOrderLine[];
}
export interface InvoiceEntry { timesheetId: string; date: string; agentName: string; ticketId: string; ticketNumber: number; ticketSubject: string; description: string; minutes: number }
export interface InvoiceLine {
  id: string; saleOrderLineId: string | null; originLineId: string | null; description: string; unit: Unit; quantity: string; unitPrice: string;
  taxRate: string; subtotal: string; taxAmount: string; timesheetIds: string[]; entries: InvoiceEntry[];
}
export interface InvoiceSummary {
  id: string; kind: 'invoice' | 'credit_note'; state: 'draft' | 'posted'; number: string | null; saleOrderId: string | null; customerId: string;
  reversedInvoiceId: string | null; currency: string; invoiceDate: string | null; dueDate: string | null; periodStart: string | null; periodEnd: string | null;
  customerSnapshot: ({ name: string; vatId: string | null } & Address) | null; companySnapshot: ({ name: string; vatId: string | null } & Address) | null; amountUntaxed: string; amountTax: string; amountTotal: string; createdAt: string;
}
export interface Invoice extends InvoiceSummary { lines: InvoiceLine[]; creditNoteIds: string[] }
