import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiItem } from '../../app/contract.ts';
import { get, patch, post } from '../../app/http.ts';

/** A tax record (R66): a name, a rate and a category. */
export type Tax = ApiItem<'/taxes'>;
export type TaxCategory = Tax['category'];
export type TaxInput = ApiBody<'/taxes', 'post'>;

export const TAX_CATEGORY_LABELS: Record<TaxCategory, string> = {
  standard: 'Standard', zero: 'Zero rate', exempt: 'Exempt', reverse_charge: 'Reverse charge (EU B2B)', outside_scope: 'Outside scope',
};

/** Every tax (the Taxes screen and the line pickers; pickers offer the active ones). */
export const useTaxes = () => useQuery({ queryKey: ['taxes'], queryFn: () => get<{ items: Tax[] }>('/taxes'), staleTime: 60_000 });

/** Creates (no id) or changes a tax; the lists refresh. */
export function useSaveTax(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<TaxInput>) => (id ? patch<Tax>(`/taxes/${id}`, input) : post<Tax>('/taxes', input)),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['taxes'] }),
  });
}
