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

/**
 * Every POST carries an `Idempotency-Key` (decision 0022). The key belongs to the user's intent:
 * the same method, path and body sent again while the first is running or within
 * INTENT_WINDOW_MS of its answer (a double click, a second press after a slow answer) reuses it, so
 * the server replays the first answer instead of creating a second entry; and a POST whose answer
 * was lost (the connection dropped, the instance restarted, a proxy's 502/503/504, the first try
 * still running) is retried with its key, so it is done exactly once.
 */
const INTENT_WINDOW_MS = 3000;
const RETRY_DELAYS_MS = [300, 1000, 2500];
const intents = new Map<string, { key: string; until: number }>();

function intentKey(method: string, path: string, payload: string | undefined): string {
  const intent = `${method} ${path} ${payload ?? ''}`;
  const now = Date.now();
  for (const [k, v] of intents) if (v.until < now) intents.delete(k);
  const known = intents.get(intent);
  const key = known?.key ?? crypto.randomUUID();
  intents.set(intent, { key, until: Number.POSITIVE_INFINITY });
  return key;
}

function settleIntent(method: string, path: string, payload: string | undefined): void {
  const known = intents.get(`${method} ${path} ${payload ?? ''}`);
  if (known) known.until = Date.now() + INTENT_WINDOW_MS;
}

/** An answer that says nothing about the request's fate: try again with the same key. */
const retryable = (response: Response | null, data: { error?: { code?: string } } | null) =>
  response === null || [502, 503, 504].includes(response.status) || (response.status === 409 && data?.error?.code === 'IDEMPOTENCY_KEY_IN_PROGRESS');

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const keyed = method === 'POST';
  if (keyed) headers['idempotency-key'] = intentKey(method, path, payload);
  type Answer = { response: Response | null; data: { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null };
  const send = async (lastTry: boolean): Promise<Answer> => {
    const response = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' }).catch((error: unknown) => {
      if (lastTry) throw error;
      return null;
    });
    return { response, data: response && response.status !== 204 ? await response.json().catch(() => null) : null };
  };
  let answer: Answer;
  try {
    answer = await send(!keyed);
    for (const delay of keyed ? RETRY_DELAYS_MS : []) {
      if (!retryable(answer.response, answer.data)) break;
      await wait(delay);
      answer = await send(delay === RETRY_DELAYS_MS.at(-1));
    }
  } finally {
    if (keyed) settleIntent(method, path, payload);
  }
  const { response, data } = answer;
  if (!response) throw new ApiError(0, 'NETWORK', 'The server could not be reached');
  if (response.status === 204) return undefined as T;
  if (!response.ok) {
    const error = data?.error ?? {};
    if (response.status === 401 && path !== '/auth/login' && path !== '/auth/me') window.dispatchEvent(new Event(SESSION_EXPIRED));
    throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? response.statusText, error.details ?? []);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T = void>(path: string) => api<T>('DELETE', path);

/** PUT of a file's raw bytes (the company logo): the server judges the content, not the type we send. */
export async function putFile<T>(path: string, file: Blob): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, { method: 'PUT', headers, body: file, credentials: 'same-origin' }).catch(() => null);
  if (!response) throw new ApiError(0, 'NETWORK', 'The server could not be reached');
  const data = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null;
  if (!response.ok) throw new ApiError(response.status, data?.error?.code ?? 'HTTP_' + response.status, data?.error?.message ?? response.statusText, data?.error?.details ?? []);
  return data as T;
}

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
