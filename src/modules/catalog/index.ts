export { checkIncrements, createProduct, findProductRow, getProduct, incrementsFrom, listProducts, updateProduct, type BillingIncrements } from './products.ts';
export { activeTaxOf, createTax, findTaxRow, listTaxes, taxRowsByIds, updateTax, type TaxRow } from './taxes.ts';
