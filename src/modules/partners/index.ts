export { commercialEntityOf, createCustomer, customerAndContactIds, findCustomerRow, getCustomer, listCustomers, updateCustomer, type CustomerInput, type CustomerRead } from './customers.ts';
