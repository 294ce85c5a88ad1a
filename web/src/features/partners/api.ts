import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiFilters, ApiResponse } from '../../app/contract.ts';
import { get, getAll, patch, post, query } from '../../app/http.ts';
import type { Customer } from '../../app/types.ts';

/**
 * The single owner of customer queries. Every key starts with 'customers', so a mutation
 * invalidating ['customers'] refreshes every list, picker and name in the app.
 */

export type CustomerFilters = ApiFilters<'/customers'>;

/** What the customer form writes (a new customer; a change sends the same fields; empty optional texts are sent as null). */
export type CustomerInput = ApiBody<'/customers', 'post'>;

/** "Acme B.V." or, for a contact of a company, "Acme B.V., Jane Doe". The one customer label of the app. */
export function customerLabel(customer: Customer, byId: Map<string, Customer>): string {
  const company = customer.companyId ? byId.get(customer.companyId) : undefined;
  return company ? `${company.name}, ${customer.name}` : customer.name;
}

/** One page of the customers list (the Customers screen). */
export const useCustomers = (filters: CustomerFilters) =>
  useQuery({ queryKey: ['customers', 'list', filters], queryFn: () => get<ApiResponse<'/customers', 'get'>>(`/customers${query({ ...filters, limit: 50 })}`), placeholderData: (previous) => previous });

/** Every customer, companies and persons (all pages), for pickers and names. */
export const useAllCustomers = () => useQuery({ queryKey: ['customers', 'all'], queryFn: () => getAll<ApiResponse<'/customers', 'get'>>('/customers'), staleTime: 60_000 });
/** The first customers, by name, whose name contains `q` (every customer's first ones for ''): a picker's server search. */
export const useCustomerSearch = (q: string) =>
  useQuery({ queryKey: ['customers', 'search', q], queryFn: () => get<ApiResponse<'/customers', 'get'>>(`/customers${query({ q, limit: 20 })}`), placeholderData: (previous) => previous, staleTime: 30_000 });
/** Every company (all pages): the companies a person may work for. */
export const useCompanies = () => useQuery({ queryKey: ['customers', 'companies'], queryFn: () => getAll<ApiResponse<'/customers', 'get'>>('/customers?kind=company'), staleTime: 60_000 });
/** The people of a company. */
export const useContacts = (companyId: string | undefined) =>
  useQuery({ queryKey: ['customers', 'contacts', companyId], queryFn: () => getAll<ApiResponse<'/customers', 'get'>>(`/customers?companyId=${companyId}`), enabled: Boolean(companyId) });

export const useCustomer = (id: string | null | undefined) =>
  useQuery({ queryKey: ['customers', id], queryFn: () => get<Customer>(`/customers/${id}`), enabled: Boolean(id), staleTime: 60_000 });

/** Creates (no id) or changes a customer; every customer query refreshes. */
export function useSaveCustomer(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerInput) => (id ? patch<Customer>(`/customers/${id}`, input) : post<Customer>('/customers', input)),
    onSuccess: (customer) => {
      client.setQueryData(['customers', customer.id], customer);
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}
