// An EN 16931 document as UN/CEFACT CII D16B, the XML of a Factur-X / ZUGFeRD PDF in the EN 16931
// profile (issue 11, decision 0026). Element order follows the D16B schema.
import { writtenRate, type EinvoiceDocument, type EinvoiceParty } from './einvoice-document.ts';
import { el, leaf, xmlDocument, type XmlNode } from './xml.ts';

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
};
/** The EN 16931 profile (BT-24) of Factur-X 1.0 / ZUGFeRD 2.x. */
export const EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';

/** A date as CII writes it: format 102, YYYYMMDD. */
const date = (name: string, iso: string | null, type: 'udt' | 'qdt' = 'udt'): XmlNode | null =>
  iso ? el(name, {}, leaf(`${type}:DateTimeString`, iso.replaceAll('-', ''), { format: '102' })) : null;

function tradeParty(name: string, p: EinvoiceParty): XmlNode {
  return el(name, {},
    leaf('ram:Name', p.name),
    el('ram:SpecifiedLegalOrganization', {}, leaf('ram:ID', p.registrationId, p.registrationScheme ? { schemeID: p.registrationScheme } : {})),
    el('ram:PostalTradeAddress', {},
      leaf('ram:PostcodeCode', p.postalCode),
      leaf('ram:LineOne', p.street),
      leaf('ram:CityName', p.city),
      leaf('ram:CountryID', p.countryCode)),
    el('ram:URIUniversalCommunication', {}, leaf('ram:URIID', p.endpointId, { schemeID: p.endpointScheme })),
    p.vatId ? el('ram:SpecifiedTaxRegistration', {}, leaf('ram:ID', p.vatId, { schemeID: 'VA' })) : null);
}

/** The CII D16B XML of an e-invoice document. */
export function ciiXml(doc: EinvoiceDocument): string {
  const lines = doc.lines.map((line) =>
    el('ram:IncludedSupplyChainTradeLineItem', {},
      el('ram:AssociatedDocumentLineDocument', {}, leaf('ram:LineID', line.id)),
      el('ram:SpecifiedTradeProduct', {}, leaf('ram:Name', line.name)),
      el('ram:SpecifiedLineTradeAgreement', {}, el('ram:NetPriceProductTradePrice', {}, leaf('ram:ChargeAmount', line.unitPrice))),
      el('ram:SpecifiedLineTradeDelivery', {}, leaf('ram:BilledQuantity', line.quantity, { unitCode: line.unitCode })),
      el('ram:SpecifiedLineTradeSettlement', {},
        el('ram:ApplicableTradeTax', {}, leaf('ram:TypeCode', 'VAT'), leaf('ram:CategoryCode', line.vat.category), leaf('ram:RateApplicablePercent', writtenRate(line.vat, line.vatRate))),
        el('ram:SpecifiedTradeSettlementLineMonetarySummation', {}, leaf('ram:LineTotalAmount', line.netAmount)))));

  const settlement = el('ram:ApplicableHeaderTradeSettlement', {},
    doc.payeeAccount ? leaf('ram:PaymentReference', doc.number) : null,
    leaf('ram:InvoiceCurrencyCode', doc.currency),
    doc.payeeAccount
      ? el('ram:SpecifiedTradeSettlementPaymentMeans', {},
          leaf('ram:TypeCode', '30'),
          el('ram:PayeePartyCreditorFinancialAccount', {}, leaf('ram:IBANID', doc.payeeAccount.iban)),
          el('ram:PayeeSpecifiedCreditorFinancialInstitution', {}, leaf('ram:BICID', doc.payeeAccount.bic)))
      : null,
    ...doc.breakdown.map((b) =>
      el('ram:ApplicableTradeTax', {},
        leaf('ram:CalculatedAmount', b.taxAmount),
        leaf('ram:TypeCode', 'VAT'),
        leaf('ram:ExemptionReason', b.vat.exemptionReason),
        leaf('ram:BasisAmount', b.taxableAmount),
        leaf('ram:CategoryCode', b.vat.category),
        leaf('ram:ExemptionReasonCode', b.vat.exemptionCode),
        leaf('ram:RateApplicablePercent', writtenRate(b.vat, b.rate)))),
    el('ram:BillingSpecifiedPeriod', {}, date('ram:StartDateTime', doc.periodStart), date('ram:EndDateTime', doc.periodEnd)),
    doc.kind === 'invoice' ? el('ram:SpecifiedTradePaymentTerms', {}, date('ram:DueDateDateTime', doc.dueDate)) : null,
    el('ram:SpecifiedTradeSettlementHeaderMonetarySummation', {},
      leaf('ram:LineTotalAmount', doc.totals.lineExtension),
      leaf('ram:TaxBasisTotalAmount', doc.totals.taxExclusive),
      leaf('ram:TaxTotalAmount', doc.totals.tax, { currencyID: doc.currency }),
      leaf('ram:GrandTotalAmount', doc.totals.taxInclusive),
      leaf('ram:DuePayableAmount', doc.totals.payable)),
    doc.precedingInvoice
      ? el('ram:InvoiceReferencedDocument', {}, leaf('ram:IssuerAssignedID', doc.precedingInvoice.number), date('ram:FormattedIssueDateTime', doc.precedingInvoice.issueDate, 'qdt'))
      : null);

  const root = el('rsm:CrossIndustryInvoice', { 'xmlns:rsm': NS.rsm, 'xmlns:ram': NS.ram, 'xmlns:udt': NS.udt, 'xmlns:qdt': NS.qdt },
    el('rsm:ExchangedDocumentContext', {}, el('ram:GuidelineSpecifiedDocumentContextParameter', {}, leaf('ram:ID', EN16931_GUIDELINE))),
    el('rsm:ExchangedDocument', {}, leaf('ram:ID', doc.number), leaf('ram:TypeCode', doc.kind === 'credit_note' ? '381' : '380'), date('ram:IssueDateTime', doc.issueDate)),
    el('rsm:SupplyChainTradeTransaction', {},
      ...lines,
      el('ram:ApplicableHeaderTradeAgreement', {},
        leaf('ram:BuyerReference', doc.buyerReference),
        tradeParty('ram:SellerTradeParty', doc.seller),
        tradeParty('ram:BuyerTradeParty', doc.buyer),
        el('ram:SellerOrderReferencedDocument', {}, leaf('ram:IssuerAssignedID', doc.salesOrderNumber))),
      el('ram:ApplicableHeaderTradeDelivery', {}),
      settlement));
  return xmlDocument(root);
}
