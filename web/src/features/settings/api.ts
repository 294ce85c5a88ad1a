import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody } from '../../app/contract.ts';
import { del, get, patch, putFile } from '../../app/http.ts';
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

/** R72: when the logo last changed, or null without one; the preview's URL carries it so a new logo shows at once. */
export const useLogoVersion = () => useQuery({
  queryKey: ['company', 'logo'],
  queryFn: async () => {
    const response = await fetch('/api/v1/company/logo', { method: 'HEAD', credentials: 'same-origin' });
    return response.ok ? (response.headers.get('etag') ?? String(Date.now())) : null;
  },
  staleTime: 300_000,
});

/** R72: uploads (a File) or removes (null) the company logo. */
export function useSaveLogo() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File | null) => (file ? putFile<unknown>('/company/logo', file) : del('/company/logo')),
    onSuccess: () => client.invalidateQueries({ queryKey: ['company', 'logo'] }),
  });
}
