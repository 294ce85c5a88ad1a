// An EN 16931 document as UBL 2.1, Peppol BIS Billing 3.0 profile (issue 11, decision 0026):
// Invoice (380) or CreditNote (381). Element order follows the UBL 2.1 schema; amounts are written
// exactly as the document model holds them.
import { writtenRate, type EinvoiceDocument, type EinvoiceParty, type VatTreatment } from './einvoice-document.ts';
import { el, leaf, xmlDocument, type XmlNode } from './xml.ts';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};
export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const vatScheme = el('cac:TaxScheme', {}, leaf('cbc:ID', 'VAT'));

function party(p: EinvoiceParty): XmlNode {
  return el('cac:Party', {},
    leaf('cbc:EndpointID', p.endpointId, { schemeID: p.endpointScheme }),
    el('cac:PartyName', {}, leaf('cbc:Name', p.name)),
    el('cac:PostalAddress', {},
      leaf('cbc:StreetName', p.street),
      leaf('cbc:CityName', p.city),
      leaf('cbc:PostalZone', p.postalCode),
      el('cac:Country', {}, leaf('cbc:IdentificationCode', p.countryCode))),
    p.vatId ? el('cac:PartyTaxScheme', {}, leaf('cbc:CompanyID', p.vatId), vatScheme) : null,
    el('cac:PartyLegalEntity', {},
      leaf('cbc:RegistrationName', p.name),
      leaf('cbc:CompanyID', p.registrationId, p.registrationScheme ? { schemeID: p.registrationScheme } : {})));
}

const taxCategory = (name: 'cac:TaxCategory' | 'cac:ClassifiedTaxCategory', vat: VatTreatment, rate: string): XmlNode =>
  el(name, {},
    leaf('cbc:ID', vat.category),
    leaf('cbc:Percent', writtenRate(vat, rate)),
    name === 'cac:TaxCategory' ? leaf('cbc:TaxExemptionReasonCode', vat.exemptionCode) : null,
    name === 'cac:TaxCategory' ? leaf('cbc:TaxExemptionReason', vat.exemptionReason) : null,
    vatScheme);

/** The UBL 2.1 XML of an e-invoice document. */
export function ublXml(doc: EinvoiceDocument): string {
  const credit = doc.kind === 'credit_note';
  const amount = (name: string, value: string) => leaf(name, value, { currencyID: doc.currency });
  const lines = doc.lines.map((line) =>
    el(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine', {},
      leaf('cbc:ID', line.id),
      leaf(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', line.quantity, { unitCode: line.unitCode }),
      amount('cbc:LineExtensionAmount', line.netAmount),
      el('cac:Item', {}, leaf('cbc:Name', line.name), taxCategory('cac:ClassifiedTaxCategory', line.vat, line.vatRate)),
      el('cac:Price', {}, amount('cbc:PriceAmount', line.unitPrice))));

  const root = el(credit ? 'CreditNote' : 'Invoice', { xmlns: credit ? NS.creditNote : NS.invoice, 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc },
    leaf('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID),
    leaf('cbc:ProfileID', PEPPOL_PROFILE_ID),
    leaf('cbc:ID', doc.number),
    leaf('cbc:IssueDate', doc.issueDate),
    credit ? null : leaf('cbc:DueDate', doc.dueDate),
    leaf(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', credit ? '381' : '380'),
    leaf('cbc:DocumentCurrencyCode', doc.currency),
    leaf('cbc:BuyerReference', doc.buyerReference),
    el('cac:InvoicePeriod', {}, leaf('cbc:StartDate', doc.periodStart), leaf('cbc:EndDate', doc.periodEnd)),
    // UBL needs an order ID beside the sales order reference: "NA" when the buyer gave none (Peppol BIS 3).
    doc.salesOrderNumber ? el('cac:OrderReference', {}, leaf('cbc:ID', 'NA'), leaf('cbc:SalesOrderID', doc.salesOrderNumber)) : null,
    doc.precedingInvoice
      ? el('cac:BillingReference', {}, el('cac:InvoiceDocumentReference', {}, leaf('cbc:ID', doc.precedingInvoice.number), leaf('cbc:IssueDate', doc.precedingInvoice.issueDate)))
      : null,
    el('cac:AccountingSupplierParty', {}, party(doc.seller)),
    el('cac:AccountingCustomerParty', {}, party(doc.buyer)),
    doc.payeeAccount
      ? el('cac:PaymentMeans', {},
          leaf('cbc:PaymentMeansCode', '30'),
          leaf('cbc:PaymentID', doc.number),
          el('cac:PayeeFinancialAccount', {},
            leaf('cbc:ID', doc.payeeAccount.iban),
            doc.payeeAccount.bic ? el('cac:FinancialInstitutionBranch', {}, leaf('cbc:ID', doc.payeeAccount.bic)) : null))
      : null,
    el('cac:TaxTotal', {},
      amount('cbc:TaxAmount', doc.totals.tax),
      ...doc.breakdown.map((b) => el('cac:TaxSubtotal', {}, amount('cbc:TaxableAmount', b.taxableAmount), amount('cbc:TaxAmount', b.taxAmount), taxCategory('cac:TaxCategory', b.vat, b.rate)))),
    el('cac:LegalMonetaryTotal', {},
      amount('cbc:LineExtensionAmount', doc.totals.lineExtension),
      amount('cbc:TaxExclusiveAmount', doc.totals.taxExclusive),
      amount('cbc:TaxInclusiveAmount', doc.totals.taxInclusive),
      amount('cbc:PayableAmount', doc.totals.payable)),
    ...lines);
  return xmlDocument(root);
}
