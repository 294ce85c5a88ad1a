import { ApiError } from '../app/http.ts';
import { ErrorMessage } from './ui.tsx';

/**
 * The refusal of a form's submit, unless it is malformed input that the fields already explain
 * (a 400 whose every detail names one of `fields`, shown next to its input). Rule and state
 * refusals (409, 422) always show their message; an ended session (401) says to save again.
 */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  const shown = (path: string) => fields.some((f) => path === f || path.endsWith(`.${f}`));
  if (error instanceof ApiError && error.status === 400 && error.details.length > 0 && error.details.every((d) => shown(d.path))) return null;
  // The session ended: the sign-in dialog opened over the form, which kept what was typed.
  if (error instanceof ApiError && error.status === 401) return <ErrorMessage error={new ApiError(401, error.code, 'Not saved: your session had ended. Once signed in again, save again.')} />;
  return <ErrorMessage error={error} />;
}
