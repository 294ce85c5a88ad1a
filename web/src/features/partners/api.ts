import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post, query, type Page } from '../../app/http.ts';
import type { Address, Customer } from '../../app/types.ts';

export interface CustomerFilters {
  kind?: string | undefined;
  q?: string | undefined;
  companyId?: string | undefined;
  cursor?: string | undefined;
}

/** What the customer form writes (empty optional texts are sent as null). */
export interface CustomerInput {
  name: string;
  kind: Customer['kind'];
  companyId: string | null;
  email: string | null;
  phone: string | null;
  address: Address;
  vatId: string | null;
}

export const useCustomers = (filters: CustomerFilters) =>
  useQuery({ queryKey: ['customers', 'list', filters], queryFn: () => get<Page<Customer>>(`/customers${query({ ...filters, limit: 50 })}`), placeholderData: (previous) => previous });

/** Every customer (up to 500), for pickers. */
export const useCustomerList = () => useQuery({ queryKey: ['customers', 'list', 'all'], queryFn: () => get<Page<Customer>>('/customers?limit=500'), staleTime: 60_000 });
export const useCompanies = () => useQuery({ queryKey: ['customers', 'list', 'companies'], queryFn: () => get<Page<Customer>>('/customers?kind=company&limit=500'), staleTime: 60_000 });
export const useContacts = (companyId: string | undefined) =>
  useQuery({ queryKey: ['customers', 'list', { companyId }], queryFn: () => get<Page<Customer>>(`/customers?companyId=${companyId}&limit=500`), enabled: Boolean(companyId) });

export const useCustomer = (id: string | null | undefined) =>
  useQuery({ queryKey: ['customers', id], queryFn: () => get<Customer>(`/customers/${id}`), enabled: Boolean(id), staleTime: 60_000 });

/** Creates (no id) or changes a customer; every customer list refreshes. */
export function useSaveCustomer(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomerInput) => (id ? patch<Customer>(`/customers/${id}`, input) : post<Customer>('/customers', input)),
    onSuccess: (customer) => {
      client.setQueryData(['customers', customer.id], customer);
      void client.invalidateQueries({ queryKey: ['customers', 'list'] });
    },
  });
}
