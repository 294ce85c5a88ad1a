export { createProduct, findProductRow, getProduct, listProducts, updateProduct } from './products.ts';
export { activeTaxOf, createTax, findTaxRow, listTaxes, taxRowsByIds, updateTax, type TaxRow } from './taxes.ts';
