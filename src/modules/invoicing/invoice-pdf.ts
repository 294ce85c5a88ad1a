import type { Readable } from 'node:stream';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { getCompanySettings } from '../accounts/index.ts';
import { findCustomerRow } from '../partners/index.ts';
import { findOrderRow } from '../sales/index.ts';
import { getInvoice, invoiceNumber } from './invoice-read.ts';
import { streamInvoicePdf } from './render-invoice-pdf.ts';

/**
 * R45: the PDF of an invoice or credit note, with the time detail of each line. A posted
 * document prints its seller and customer snapshots (R43: frozen at posting); a draft prints the
 * company settings and the customer as they are now. Everything is read (one query for all the
 * entries) and laid out before this resolves, so an unknown invoice or a failure still answers an
 * error; the PDF itself is a stream, drawn and sent page by page as it is read.
 */
export async function invoicePdf(db: Db, invoiceId: number): Promise<{ filename: string; pdf: Readable }> {
  const settings = await getCompanySettings(db);
  const invoice = await getInvoice(db, invoiceId, settings.currencyDecimals);
  let customer = invoice.customerSnapshot;
  if (!customer) {
    const row = await findCustomerRow(db, Number(invoice.customerId));
    if (!row) throw notFound('Customer');
    customer = { name: row.name, street: row.street, city: row.city, postalCode: row.postalCode, country: row.country, vatId: row.vatId };
  }
  const company = invoice.companySnapshot ?? { name: settings.name, street: settings.street, city: settings.city, postalCode: settings.postalCode, country: settings.country, vatId: settings.vatId };
  const order = invoice.saleOrderId ? await findOrderRow(db, Number(invoice.saleOrderId)) : null;
  const reversedNumber = invoice.reversedInvoiceId ? await invoiceNumber(db, Number(invoice.reversedInvoiceId)) : null;
  const pdf = streamInvoicePdf({
    company,
    customer,
    kind: invoice.kind,
    state: invoice.state,
    number: invoice.number,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    saleOrderNumber: order?.number ?? null,
    reversedInvoiceNumber: reversedNumber,
    lines: invoice.lines,
    amountUntaxed: invoice.amountUntaxed,
    amountTax: invoice.amountTax,
    amountTotal: invoice.amountTotal,
  });
  return { filename: `${(invoice.number ?? `draft-${invoice.id}`).replaceAll('/', '-')}.pdf`, pdf };
}
