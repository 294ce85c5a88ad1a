// The EN 16931 semantic model of a posted invoice or credit note (issue 11, decision 0026): what
// the UBL (ubl.ts) and CII (cii.ts) syntaxes both write. Pure: built from the posted document's
// figures, never recomputed, so every amount in an e-invoice is the amount we posted.
import { formatRate, sumAmounts } from '../../core/money.ts';
import { EN16931_CATEGORY, EU_COUNTRIES, type TaxCategory } from '../../core/taxes.ts';

export interface EinvoiceParty {
  name: string;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  countryCode: string;
  vatId: string | null;
  registrationId: string | null;
  registrationScheme: string | null;
  endpointId: string;
  endpointScheme: string;
}

/** EN 16931 VAT category codes (UNTDID 5305) we use: S standard, Z zero, E exempt, AE reverse charge, O outside scope. */
export type VatCategory = (typeof EN16931_CATEGORY)[TaxCategory];

export interface VatTreatment {
  category: VatCategory;
  /** BT-120 / BT-121: required for AE, E and O (BR-AE-10, BR-E-10, BR-O-10), absent for S and Z (BR-S-10, BR-Z-10). */
  exemptionReason: string | null;
  exemptionCode: string | null;
}

export interface EinvoiceLine {
  id: string;
  name: string;
  quantity: string;
  /** UN/ECE Rec 20: HUR hours, DAY days, C62 units. */
  unitCode: 'HUR' | 'DAY' | 'C62';
  unitPrice: string;
  netAmount: string;
  vat: VatTreatment;
  vatRate: string;
}

export interface VatBreakdown {
  vat: VatTreatment;
  rate: string;
  taxableAmount: string;
  taxAmount: string;
}

export interface EinvoiceDocument {
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  /** BT-10: the sale order's number, or the document's own when it has no order. */
  buyerReference: string;
  /** BT-14: our sale order. */
  salesOrderNumber: string | null;
  /** BT-25 / BT-26: the invoice a credit note reverses. */
  precedingInvoice: { number: string; issueDate: string | null } | null;
  periodStart: string | null;
  periodEnd: string | null;
  seller: EinvoiceParty;
  buyer: EinvoiceParty;
  /** BT-84 / BT-86: the seller's account, when it has one. */
  payeeAccount: { iban: string; bic: string | null } | null;
  lines: EinvoiceLine[];
  breakdown: VatBreakdown[];
  totals: { lineExtension: string; taxExclusive: string; tax: string; taxInclusive: string; payable: string };
}


/** The exemption reason and code (BT-120, BT-121) each category carries. */
const EXEMPTIONS: Readonly<Record<TaxCategory, Pick<VatTreatment, 'exemptionReason' | 'exemptionCode'>>> = {
  standard: { exemptionReason: null, exemptionCode: null },
  zero: { exemptionReason: null, exemptionCode: null },
  exempt: { exemptionReason: 'Exempt from VAT', exemptionCode: null },
  reverse_charge: { exemptionReason: 'Reverse charge', exemptionCode: 'VATEX-EU-AE' },
  outside_scope: { exemptionReason: 'Not subject to VAT', exemptionCode: 'VATEX-EU-O' },
};

/**
 * The VAT category of a line: the category of its tax snapshot (R66) when it has one. A line
 * from before tax records (migration 0016) has only its rate: a rate above zero is S; a zero
 * rate between two parties in different EU countries where the buyer has a VAT id is the EU
 * reverse charge for services (AE, VATEX-EU-AE); any other zero rate is E, exempt.
 */
export function vatTreatment(line: { taxRate: string; taxCategory: TaxCategory | null }, seller: Pick<EinvoiceParty, 'countryCode'>, buyer: Pick<EinvoiceParty, 'countryCode' | 'vatId'>): VatTreatment {
  const category = line.taxCategory ?? legacyCategory(line.taxRate, seller, buyer);
  return { category: EN16931_CATEGORY[category], ...EXEMPTIONS[category] };
}

function legacyCategory(rate: string, seller: Pick<EinvoiceParty, 'countryCode'>, buyer: Pick<EinvoiceParty, 'countryCode' | 'vatId'>): TaxCategory {
  if (formatRate(rate) !== '0.00') return 'standard';
  const crossBorder = EU_COUNTRIES.has(seller.countryCode) && EU_COUNTRIES.has(buyer.countryCode) && seller.countryCode !== buyer.countryCode;
  return crossBorder && buyer.vatId ? 'reverse_charge' : 'exempt';
}

/** The VAT rate a document writes (BT-152, BT-119): none for O, outside the scope of VAT (BR-O-05, BR-O-09). */
export const writtenRate = (vat: VatTreatment, rate: string): string | null => (vat.category === 'O' ? null : rate);

/** The UN/ECE Rec 20 code of our units. */
export const UNIT_CODES = { hour: 'HUR', day: 'DAY', unit: 'C62' } as const;

/**
 * The VAT breakdown (BG-23), one row per category and rate: the taxable amount is the sum of the
 * line net amounts (BR-S-08), the tax the sum of the tax our posted lines carry. Our lines round
 * their tax one by one (R4), EN 16931 rounds per category (BR-S-09, checked to within 1.00): the
 * two may differ by a cent or so, and the document carries what we charged.
 */
export function vatBreakdown(lines: Array<{ netAmount: string; taxAmount: string; vat: VatTreatment; vatRate: string }>, decimals: number): VatBreakdown[] {
  const groups = new Map<string, { vat: VatTreatment; rate: string; nets: string[]; taxes: string[] }>();
  for (const line of lines) {
    const key = `${line.vat.category}/${formatRate(line.vatRate)}`;
    const group = groups.get(key) ?? { vat: line.vat, rate: line.vatRate, nets: [], taxes: [] };
    group.nets.push(line.netAmount);
    group.taxes.push(line.taxAmount);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ vat: g.vat, rate: g.rate, taxableAmount: sumAmounts(g.nets, decimals), taxAmount: sumAmounts(g.taxes, decimals) }));
}

/**
 * The document totals (BG-22) from the posted ones, after checking that they are what EN 16931
 * derives from the lines and the breakdown (BR-CO-10, -13, -14, -15, -16): a mismatch is a bug in
 * our figures and throws rather than writing a document whose sums do not add up.
 */
export function documentTotals(
  posted: { amountUntaxed: string; amountTax: string; amountTotal: string },
  lines: Array<{ netAmount: string }>,
  breakdown: VatBreakdown[],
  decimals: number,
): EinvoiceDocument['totals'] {
  const lineExtension = sumAmounts(lines.map((l) => l.netAmount), decimals);
  const tax = sumAmounts(breakdown.map((b) => b.taxAmount), decimals);
  const taxInclusive = sumAmounts([lineExtension, tax], decimals);
  const expected = { amountUntaxed: lineExtension, amountTax: tax, amountTotal: taxInclusive };
  for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
    if (sumAmounts([posted[key]], decimals) !== expected[key]) {
      throw new Error(`posted ${key} ${posted[key]} differs from the e-invoice's ${expected[key]}`);
    }
  }
  return { lineExtension, taxExclusive: lineExtension, tax, taxInclusive, payable: taxInclusive };
}
