import type { RouteObject } from 'react-router';
import { Only } from '../../app/permissions.tsx';
import { CustomerPage } from '../partners/CustomerPage.tsx';
import { CustomersPage } from '../partners/CustomersPage.tsx';
import { ProductPage } from '../catalog/ProductPage.tsx';
import { ProductsPage } from '../catalog/ProductsPage.tsx';
import { NewOrderPage } from './NewOrderPage.tsx';
import { OrderPage } from './OrderPage.tsx';
import { SalesPage } from './SalesPage.tsx';

/** Sales orders, products and customers; each page only for the roles that may use it. */
export const salesRoutes: RouteObject[] = [
  { path: 'sales', element: <Only ability="ordersRead"><SalesPage /></Only> },
  { path: 'sales/new', element: <Only ability="ordersWrite"><NewOrderPage /></Only> },
  { path: 'sales/:id', element: <Only ability="ordersRead"><OrderPage /></Only> },
  { path: 'products', element: <Only ability="seeCosts"><ProductsPage /></Only> },
  { path: 'products/new', element: <Only ability="setup"><ProductPage /></Only> },
  { path: 'products/:id', element: <Only ability="seeCosts"><ProductPage /></Only> },
  { path: 'customers', element: <CustomersPage /> },
  { path: 'customers/new', element: <Only ability="setup"><CustomerPage /></Only> },
  { path: 'customers/:id', element: <CustomerPage /> },
];
