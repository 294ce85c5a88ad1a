import { useSearchParams } from 'react-router';

/**
 * List filters kept in the URL (`?state=draft&q=S0`), so Back and shared links keep them.
 * `set('q', '')` removes the parameter.
 */
export function useFilterParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as Record<K, string>;
  const set = (key: K, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  return { values, set };
}
