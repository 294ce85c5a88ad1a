import type { RouteObject } from 'react-router';
import { CustomerPage } from '../partners/CustomerPage.tsx';
import { CustomersPage } from '../partners/CustomersPage.tsx';
import { ProductPage } from '../catalog/ProductPage.tsx';
import { ProductsPage } from '../catalog/ProductsPage.tsx';
import { NewOrderPage } from './NewOrderPage.tsx';
import { OrderPage } from './OrderPage.tsx';
import { SalesPage } from './SalesPage.tsx';

/** Sales orders, products and customers. */
export const salesRoutes: RouteObject[] = [
  { path: 'sales', element: <SalesPage /> },
  { path: 'sales/new', element: <NewOrderPage /> },
  { path: 'sales/:id', element: <OrderPage /> },
  { path: 'products', element: <ProductsPage /> },
  { path: 'products/new', element: <ProductPage /> },
  { path: 'products/:id', element: <ProductPage /> },
  { path: 'customers', element: <CustomersPage /> },
  { path: 'customers/new', element: <CustomerPage /> },
  { path: 'customers/:id', element: <CustomerPage /> },
];
