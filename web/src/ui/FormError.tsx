import { ApiError } from '../app/http.ts';
import { ErrorMessage } from './ui.tsx';

/**
 * The refusal of a form's submit, unless it is malformed input that the fields already explain
 * (a 400 whose every detail names one of `fields`, shown next to its input). Rule and state
 * refusals (409, 422) always show their message.
 */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  const shown = (path: string) => fields.some((f) => path === f || path.endsWith(`.${f}`));
  if (error instanceof ApiError && error.status === 400 && error.details.length > 0 && error.details.every((d) => shown(d.path))) return null;
  return <ErrorMessage error={error} />;
}
