export { createProduct, findProductRow, type ProductRead } from './products.ts';
export { registerCatalogRoutes } from './routes.ts';
export { products } from './tables.ts';
