import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody } from '../../app/contract.ts';
import { get, patch } from '../../app/http.ts';
import type { Company } from '../../app/types.ts';

/** The company settings (GET /company): one query for every screen that shows them. */
export const useCompany = () => useQuery({ queryKey: ['company'], queryFn: () => get<Company>('/company'), staleTime: 300_000 });

/** Saves the settings; invoices, orders and products show them, so those refresh too. */
export function useSaveCompany() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiBody<'/company', 'patch'>) => patch<Company>('/company', input),
    onSuccess: (saved) => {
      client.setQueryData(['company'], saved);
      for (const key of ['saleOrders', 'invoices', 'products']) void client.invalidateQueries({ queryKey: [key] });
    },
  });
}
