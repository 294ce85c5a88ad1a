export { createProduct, findProductRow, getProduct, listProducts, updateProduct, type ProductRead } from './products.ts';
export { products } from './tables.ts';
