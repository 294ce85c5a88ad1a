import type { Readable } from 'node:stream';
import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { getCompanyLogo, getCompanySettings, getLogoVersion } from '../accounts/index.ts';
import { findCustomerRow } from '../partners/index.ts';
import { findOrderRow } from '../sales/index.ts';
import { ciiXml } from './cii.ts';
import { ublXml } from './ubl.ts';
import { documentFilename, einvoiceDocument } from './einvoice.ts';
import { FACTURX_FILENAME, facturxXmp } from './facturx.ts';
import { getInvoice, invoiceNumber, type InvoiceRead } from './invoice-read.ts';
import type { PdfArchive } from './pdf-layout.ts';
import { streamInvoicePdf } from './render-invoice-pdf.ts';

/**
 * R45: the PDF of an invoice or credit note (or its Factur-X, issue 11), with the time detail of each line. A posted
 * document prints its seller and customer snapshots (R43: frozen at posting); a draft prints the
 * company settings and the customer as they are now; so with R72's bank account and payment terms
 * (a document posted before they were snapshotted prints the current ones). A posted document
 * draws the logo version it was posted with (none if none), a draft the company's logo as it is
 * now (decision 0043). Everything is read (one query for all the
 * entries) and laid out before this resolves, so an unknown invoice or a failure still answers an
 * error; the PDF itself is a stream, drawn and sent page by page as it is read.
 */
export async function invoicePdf(db: Db, invoiceId: number, format: 'pdf' | 'facturx' = 'pdf'): Promise<{ filename: string; pdf: Readable }> {
  const settings = await getCompanySettings(db);
  let invoice: InvoiceRead;
  let archive: PdfArchive | undefined;
  if (format === 'facturx') {
    // Factur-X (EN 16931 profile): the same PDF, as PDF/A-3b with the CII XML of the document embedded.
    const e = await einvoiceDocument(db, invoiceId);
    invoice = e.invoice;
    archive = {
      file: { name: FACTURX_FILENAME, content: Buffer.from(ciiXml(e.document), 'utf8'), mimeType: 'text/xml', relationship: 'Alternative', description: `Factur-X invoice ${e.document.number}` },
      xmp: facturxXmp(),
    };
  } else {
    invoice = await getInvoice(db, invoiceId, settings.currencyDecimals);
  }
  let customer = invoice.customerSnapshot;
  if (!customer) {
    const row = await findCustomerRow(db, Number(invoice.customerId));
    if (!row) throw notFound('Customer');
    customer = { name: row.name, street: row.street, city: row.city, postalCode: row.postalCode, country: row.country, vatId: row.vatId };
  }
  const company = invoice.companySnapshot ?? { name: settings.name, street: settings.street, city: settings.city, postalCode: settings.postalCode, country: settings.country, vatId: settings.vatId };
  const payment = invoice.paymentSnapshot ?? { iban: settings.iban, bic: settings.bic, termsText: settings.paymentTermsText };
  const logo = invoice.state === 'posted'
    ? (invoice.logoVersionId === null ? null : await getLogoVersion(db, invoice.logoVersionId))
    : await getCompanyLogo(db);
  const order = invoice.saleOrderId ? await findOrderRow(db, Number(invoice.saleOrderId)) : null;
  const reversedNumber = invoice.reversedInvoiceId ? await invoiceNumber(db, Number(invoice.reversedInvoiceId)) : null;
  const pdf = streamInvoicePdf({
    company,
    logo: logo?.content ?? null,
    payment,
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
    taxMention: invoice.taxMention,
  }, archive);
  return { filename: documentFilename(invoice.number ?? `draft-${invoice.id}`, 'pdf'), pdf };
}

/** The UBL 2.1 (Peppol BIS Billing 3.0) XML of a posted invoice or credit note; 409 or 422 as einvoiceDocument. */
export async function invoiceUbl(db: Db, invoiceId: number): Promise<{ filename: string; xml: string }> {
  const { document } = await einvoiceDocument(db, invoiceId);
  return { filename: documentFilename(document.number, 'xml'), xml: ublXml(document) };
}
