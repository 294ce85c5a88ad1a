export { commercialEntityOf, createCustomer, customerAndContactIds, findCustomerRow, getCustomer, updateCustomer, type CustomerInput, type CustomerRead } from './customers.ts';
export { registerPartnerRoutes } from './routes.ts';
export { customers } from './tables.ts';
