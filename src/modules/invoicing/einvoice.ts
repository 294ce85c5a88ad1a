// E-invoices of posted invoices and credit notes (issue 11, decision 0026): the EN 16931 document
// of one, refused with 409 before posting and with 422 naming every missing field when the
// parties lack what EN 16931 or Peppol BIS 3 require. ubl.ts and cii.ts write it out.
import { isCountryCode } from '../../core/party-ids.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { getCompanySettings, type CompanySettings } from '../accounts/index.ts';
import { findCustomerRow } from '../partners/index.ts';
import { findOrderRow } from '../sales/index.ts';
import { documentTotals, UNIT_CODES, vatBreakdown, vatTreatment, type EinvoiceDocument, type EinvoiceParty } from './einvoice-document.ts';
import { getInvoice, type InvoiceRead, type PartySnapshot } from './invoice-read.ts';

type Record = 'company' | 'customer';

/** A party's fields: the snapshot posted with the document first (R43), the record as it is now for what the snapshot lacks. */
interface PartySource {
  record: Record;
  snapshot: PartySnapshot | null;
  current: PartySnapshot & { registrationId: string | null; registrationScheme: string | null; peppolEndpointId: string | null; peppolEndpointScheme: string | null };
}

/** A missing field: which record, which field (the API's name), which rule needs it. */
const missing = (record: Record, field: string, rule: string, what: string): ErrorDetail => ({
  path: `${record}.${field}`,
  message: `${record === 'company' ? 'The company (Settings)' : 'The customer'} has no ${what}, required by ${rule}`,
});

function resolveParty(source: PartySource, role: 'seller' | 'buyer', problems: ErrorDetail[]): EinvoiceParty {
  const { record, snapshot, current } = source;
  const pick = (key: keyof PartySnapshot): string | null => {
    const value = snapshot?.[key] ?? current[key];
    return value == null || value.trim() === '' ? null : value;
  };
  const seller = role === 'seller';
  const name = pick('name') ?? '';
  const countryCode = [snapshot?.country, current.country].find(isCountryCode) ?? '';
  const vatId = pick('vatId');
  // The company's settings hold `country` at the top level; a customer's, in its address.
  if (!countryCode) problems.push(missing(record, seller ? 'country' : 'address.country', seller ? 'BR-09' : 'BR-11', 'ISO 3166-1 country code'));
  if (!current.peppolEndpointId || !current.peppolEndpointScheme) {
    problems.push(missing(record, 'peppolEndpointId', seller ? 'PEPPOL-EN16931-R020 (BT-34)' : 'PEPPOL-EN16931-R010 (BT-49)', 'Peppol endpoint id and scheme'));
  }
  if (vatId && !/^[A-Z]{2}/.test(vatId)) problems.push({ path: `${record}.vatId`, message: `The VAT id ${vatId} must start with its country prefix (BR-CO-09)` });
  return {
    name,
    street: pick('street'),
    city: pick('city'),
    postalCode: pick('postalCode'),
    countryCode,
    vatId,
    registrationId: current.registrationId,
    registrationScheme: current.registrationId ? current.registrationScheme : null,
    endpointId: current.peppolEndpointId ?? '',
    endpointScheme: current.peppolEndpointScheme ?? '',
  };
}

/**
 * The rules on the parties that the document's figures do not settle: the seller's VAT id for
 * standard-rated lines (BR-S-02) and the buyer's for reverse charge (BR-AE-02); the Dutch rules
 * for a seller in the Netherlands (Peppol BIS 3 NL-R-002, -003, -004, -007).
 */
function partyRules(doc: Pick<EinvoiceDocument, 'kind' | 'seller' | 'buyer' | 'payeeAccount'>, categories: Set<string>, problems: ErrorDetail[]): void {
  const { seller, buyer } = doc;
  if (categories.has('S') && !seller.vatId) problems.push(missing('company', 'vatId', 'BR-S-02 (standard-rated lines)', 'VAT id'));
  if (categories.has('AE') && !seller.vatId) problems.push(missing('company', 'vatId', 'BR-AE-03 (reverse charge)', 'VAT id'));
  if (categories.has('AE') && !buyer.vatId) problems.push(missing('customer', 'vatId', 'BR-AE-02 (reverse charge)', 'VAT id'));
  if (categories.has('O') && categories.size > 1) {
    problems.push({ path: 'lines', message: 'Lines outside the scope of VAT cannot share a document with other VAT categories (BR-O-11): invoice them separately' });
  }
  if (categories.has('O') && !seller.registrationId) problems.push(missing('company', 'registrationId', 'BR-CO-26 (a document outside the scope of VAT carries no VAT id)', 'registration id'));
  if (seller.countryCode !== 'NL') return;
  for (const [field, value] of [['street', seller.street], ['city', seller.city], ['postalCode', seller.postalCode]] as const) {
    if (!value) problems.push(missing('company', field, 'NL-R-002 (seller in the Netherlands)', field === 'postalCode' ? 'postal code' : field));
  }
  if (!seller.registrationId || !['0106', '0190'].includes(seller.registrationScheme ?? '')) {
    problems.push(missing('company', 'registrationId', 'NL-R-003 (seller in the Netherlands)', 'KvK or OIN registration id (scheme 0106 or 0190)'));
  }
  if (doc.kind === 'invoice' && !doc.payeeAccount) problems.push(missing('company', 'iban', 'NL-R-007 (seller in the Netherlands)', 'IBAN'));
  if (buyer.countryCode === 'NL') {
    for (const [field, value] of [['street', buyer.street], ['city', buyer.city], ['postalCode', buyer.postalCode]] as const) {
      if (!value) problems.push(missing('customer', `address.${field}`, 'NL-R-004 (seller and buyer in the Netherlands)', field === 'postalCode' ? 'postal code' : field));
    }
    if (buyer.registrationId && !['0106', '0190'].includes(buyer.registrationScheme ?? '')) {
      problems.push({ path: 'customer.registrationScheme', message: 'A Dutch customer\'s registration id must be a KvK or OIN number (scheme 0106 or 0190), required by NL-R-005' });
    }
  }
}

const companyParty = (settings: CompanySettings): PartySource['current'] => ({
  name: settings.name, street: settings.street, city: settings.city, postalCode: settings.postalCode, country: settings.country, vatId: settings.vatId,
  registrationId: settings.registrationId, registrationScheme: settings.registrationScheme, peppolEndpointId: settings.peppolEndpointId, peppolEndpointScheme: settings.peppolEndpointScheme,
});

/** The buyer: the invoice's customer; a contact of a company takes its company's identifiers when it has none of its own. */
async function customerParty(db: Executor, customerId: number): Promise<PartySource['current']> {
  const row = await findCustomerRow(db, customerId);
  if (!row) throw notFound('Customer');
  const company = row.companyId != null && !row.peppolEndpointId ? await findCustomerRow(db, row.companyId) : null;
  const ids = company ?? row;
  return {
    name: row.name, street: row.street, city: row.city, postalCode: row.postalCode, country: row.country, vatId: row.vatId ?? company?.vatId ?? null,
    registrationId: ids.registrationId, registrationScheme: ids.registrationScheme, peppolEndpointId: ids.peppolEndpointId, peppolEndpointScheme: ids.peppolEndpointScheme,
  };
}

/**
 * The EN 16931 document of a posted invoice or credit note. 409 INVOICE_NOT_POSTED for a draft;
 * 422 EINVOICE_INCOMPLETE with one detail per missing field (record, field, rule) when the company
 * or the customer lacks what the rules require (posting itself never needs them).
 */
export async function einvoiceDocument(db: Executor, invoiceId: number): Promise<{ invoice: InvoiceRead; document: EinvoiceDocument }> {
  const settings = await getCompanySettings(db);
  const invoice = await getInvoice(db, invoiceId, settings.currencyDecimals);
  if (invoice.state !== 'posted' || !invoice.number || !invoice.invoiceDate) {
    const noun = invoice.kind === 'credit_note' ? 'credit note' : 'invoice';
    throw new AppError('INVOICE_NOT_POSTED', `This ${noun} is a draft: only a posted ${noun} has an e-invoice`);
  }
  const problems: ErrorDetail[] = [];
  const seller = resolveParty({ record: 'company', snapshot: invoice.companySnapshot, current: companyParty(settings) }, 'seller', problems);
  const buyer = resolveParty({ record: 'customer', snapshot: invoice.customerSnapshot, current: await customerParty(db, Number(invoice.customerId)) }, 'buyer', problems);
  const order = invoice.saleOrderId ? await findOrderRow(db, Number(invoice.saleOrderId)) : null;
  const preceding = invoice.reversedInvoiceId ? await getInvoice(db, Number(invoice.reversedInvoiceId), settings.currencyDecimals) : null;
  const lines = invoice.lines.map((line, index) => {
    const vat = vatTreatment(line, seller, buyer);
    return {
      id: String(index + 1), name: line.description, quantity: line.quantity, unitCode: UNIT_CODES[line.unit], unitPrice: line.unitPrice,
      netAmount: line.subtotal, taxAmount: line.taxAmount, vat, vatRate: line.taxRate,
    };
  });
  const breakdown = vatBreakdown(lines, settings.currencyDecimals);
  // R72: the account posted with the document; the company's current one when it was posted without.
  const account = invoice.paymentSnapshot?.iban ? invoice.paymentSnapshot : settings;
  const payeeAccount = invoice.kind === 'invoice' && account.iban ? { iban: account.iban, bic: account.bic } : null;
  const categories = new Set(breakdown.map((b) => b.vat.category));
  // BR-O-02: a document outside the scope of VAT names neither party's VAT id.
  const parties = categories.has('O') ? { seller: { ...seller, vatId: null }, buyer: { ...buyer, vatId: null } } : { seller, buyer };
  const head = { kind: invoice.kind, ...parties, payeeAccount };
  partyRules(head, categories, problems);
  if (problems.length > 0) {
    throw new AppError('EINVOICE_INCOMPLETE', `The e-invoice of ${invoice.number} needs ${problems.length} more field${problems.length === 1 ? '' : 's'} on the company or the customer`, problems);
  }
  const document: EinvoiceDocument = {
    ...head,
    number: invoice.number,
    issueDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    buyerReference: order?.number ?? invoice.number,
    salesOrderNumber: order?.number ?? null,
    precedingInvoice: preceding?.number ? { number: preceding.number, issueDate: preceding.invoiceDate } : null,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    lines: lines.map(({ taxAmount: _tax, ...line }) => line),
    breakdown,
    totals: documentTotals(invoice, lines, breakdown, settings.currencyDecimals),
  };
  return { invoice, document };
}

/** The file name of a document's download: its number with "/" as "-", and the extension. */
export const documentFilename = (number: string, extension: string): string => `${number.replaceAll('/', '-')}.${extension}`;
