import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post, query, type Page } from '../../app/http.ts';
import type { Policy, Product, Unit } from '../../app/types.ts';

export interface ProductFilters {
  q?: string | undefined;
  invoicingPolicy?: string | undefined;
  active?: string | undefined;
  cursor?: string | undefined;
}

/** What the product forms write; an empty tax rate is left out (the company's default applies). */
export interface ProductInput {
  name: string;
  unit: Unit;
  unitPrice: string;
  taxRate?: string;
  invoicingPolicy: Policy;
  active?: boolean;
}

export const useProducts = (filters: ProductFilters) =>
  useQuery({ queryKey: ['products', 'list', filters], queryFn: () => get<Page<Product>>(`/products${query({ ...filters, limit: 50 })}`), placeholderData: (previous) => previous });
/** Every active product (up to 500), for pickers. */
export const useActiveProducts = () => useQuery({ queryKey: ['products', 'list', 'active'], queryFn: () => get<Page<Product>>('/products?active=true&limit=500'), staleTime: 60_000 });
export const useProduct = (id: string | null | undefined) =>
  useQuery({ queryKey: ['products', id], queryFn: () => get<Product>(`/products/${id}`), enabled: Boolean(id), staleTime: 60_000 });
export { useCompany } from '../settings/api.ts';

/** Creates (no id) or changes a product; product lists and pickers refresh. */
export function useSaveProduct(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ProductInput) => (id ? patch<Product>(`/products/${id}`, input) : post<Product>('/products', input)),
    onSuccess: (product) => {
      client.setQueryData(['products', product.id], product);
      void client.invalidateQueries({ queryKey: ['products', 'list'] });
    },
  });
}
