export { helpdeskDashboard } from './dashboard.ts';
export { createInvoiceFromOrder } from './create-invoice-from-order.ts';
export { getSaleOrder, listSaleOrders, type SaleOrderRead } from './order-read.ts';
export { cancelSaleOrder, deleteSaleOrderLine, updateSaleOrderLine } from './sale-order-changes.ts';
export { saleLineOptions } from './sale-line-rules.ts';
export { getTicket, listTickets } from './ticket-read.ts';
export { changeCustomer, createTicket, updateTicket } from './tickets.ts';
export { getTimesheet, listTimesheets } from './timesheet-read.ts';
export { deleteTimesheet, logTime, updateTimesheet } from './timesheet-writes.ts';
