export {
  addSaleOrderLine,
  checkLineTerms,
  confirmSaleOrder,
  createSaleOrder,
  deleteLine,
  findLineRow,
  lockLineAgainstNewEntries,
  findOrderRow,
  linesOfOrders,
  markOrderCancelled,
  updateSaleOrder,
  writeLine,
  type SaleOrderLineRow,
} from './orders.ts';
export { lineTax } from './line-tax.ts';
export { lineHasRoutes, putOrderRoute, removeOrderRoute, type RouteKey } from './order-routes.ts';
export { saleOrderLines, saleOrders } from './tables.ts';
