import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiFilters, ApiResponse } from '../../app/contract.ts';
import { get, patch, post, query } from '../../app/http.ts';
import type { Product } from '../../app/types.ts';

export type ProductFilters = ApiFilters<'/products'>;

/** What the product forms write (a new product; a change sends the same fields); an empty tax rate is left out (the company's default applies). */
export type ProductInput = ApiBody<'/products', 'post'>;

export const useProducts = (filters: ProductFilters) =>
  useQuery({ queryKey: ['products', 'list', filters], queryFn: () => get<ApiResponse<'/products', 'get'>>(`/products${query({ ...filters, limit: 50 })}`), placeholderData: (previous) => previous });
/** Every active product (up to 500), for pickers. */
export const useActiveProducts = () => useQuery({ queryKey: ['products', 'list', 'active'], queryFn: () => get<ApiResponse<'/products', 'get'>>('/products?active=true&limit=500'), staleTime: 60_000 });
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
