export {
  addSaleOrderLine,
  checkLineTerms,
  confirmSaleOrder,
  createSaleOrder,
  deleteLine,
  findLineRow,
  findOrderRow,
  linesOfOrders,
  markOrderCancelled,
  updateSaleOrder,
  writeLine,
  type SaleOrderLineRow,
  type SaleOrderRow,
} from './orders.ts';
export { saleOrderLines, saleOrders } from './tables.ts';
