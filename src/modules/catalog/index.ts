export { createProduct, findProductRow, getProduct, listProducts, updateProduct } from './products.ts';
export { products } from './tables.ts';
