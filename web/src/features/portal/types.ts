/** The portal's read shapes (GET /api/v1/portal/…): names, quantities and amounts as the server gives them. */
import type { Priority, Unit } from '../../app/types.ts';

export interface PortalMe { customerName: string; commercialEntityName: string }
export interface PortalTeam { id: string; name: string }
export interface PortalTicket {
  id: string; number: number; subject: string; description: string; teamName: string; stageName: string; closed: boolean;
  priority: Priority; customerName: string; assigneeName: string | null; billableMinutes: number; createdAt: string; updatedAt: string;
}
export interface PortalTimesheet { id: string; date: string; minutes: number; description: string }
export interface PortalComment { id: string; authorName: string; fromCustomer: boolean; body: string; createdAt: string }
export interface PortalOrderLine { id: string; description: string; unit: Unit; quantity: string; qtyDelivered: string; qtyInvoiced: string; remaining: string | null }
export interface PortalOrder { id: string; number: string; customerName: string; confirmedAt: string | null; lines: PortalOrderLine[] }
export interface PortalInvoice {
  id: string; kind: 'invoice' | 'credit_note'; number: string; customerName: string; invoiceDate: string; dueDate: string | null;
  currency: string; amountUntaxed: string; amountTax: string; amountTotal: string;
}
