import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiBody, ApiItem } from '../../app/contract.ts';
import { get, patch, post } from '../../app/http.ts';

/** A work type (R77): a kind of work an entry may carry, with the multiplier of its billed quantity. */
export type WorkType = ApiItem<'/work-types'>;
export type WorkTypeInput = ApiBody<'/work-types', 'post'>;

/** Every work type (the settings screen; pickers offer the active ones). */
export const useWorkTypes = () => useQuery({ queryKey: ['workTypes'], queryFn: () => get<{ items: WorkType[] }>('/work-types'), staleTime: 60_000 });

/** Creates (no id) or changes a work type; the lists, and the entries that show its name, refresh. */
export function useSaveWorkType(id?: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<WorkTypeInput>) => (id ? patch<WorkType>(`/work-types/${id}`, input) : post<WorkType>('/work-types', input)),
    onSuccess: () => {
      for (const key of ['workTypes', 'timesheets']) void client.invalidateQueries({ queryKey: [key] });
    },
  });
}
