import type { RouteObject } from 'react-router';

/** Sales orders, products and customers. */
export const salesRoutes: RouteObject[] = [];
