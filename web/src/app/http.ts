/** The only way the web app talks to the server: the public /api/v1, JSON, CSRF on writes. */
import type { ApiErrorBody } from './contract.ts';

/** A field the API names in a refusal (`details` of its error). */
export type ErrorDetail = NonNullable<ApiErrorBody['error']['details']>[number];

/** A refusal of the API, with its code (TIMESHEET_INVOICED, …) and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
  /** The message for one field, if the API named it. */
  field(path: string): string | undefined {
    return this.details.find((d) => d.path === path || d.path.endsWith(`.${path}`))?.message;
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

/** Raised when the session ends (401 on a signed-in page): the app shows the sign-in dialog. */
export const SESSION_EXPIRED = 'deskbill:session-expired';

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    if (response.status === 401 && path !== '/auth/login' && path !== '/auth/me') window.dispatchEvent(new Event(SESSION_EXPIRED));
    throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? response.statusText, error.details ?? []);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/** `?a=1&b=2` from an object, skipping empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? '?' + new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString() : '';
}

/** What `getAll` and the pager need of a list route's answer: the API's cursor pages. */
export type Paged = { items: unknown[]; nextCursor: string | null };

/**
 * Every item of a list route, following `nextCursor` page by page (look-up lists: customers, users).
 * `L` is the route's answer, e.g. `getAll<ApiResponse<'/customers', 'get'>>('/customers')`.
 */
export async function getAll<L extends Paged>(path: string, pageSize = 500): Promise<Array<L['items'][number]>> {
  const items: Array<L['items'][number]> = [];
  const sep = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  do {
    const page: L = await get<L>(`${path}${sep}limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
