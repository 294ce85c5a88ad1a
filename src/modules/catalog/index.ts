export { createProduct, findProductRow, getProduct, listProducts, updateProduct } from './products.ts';
