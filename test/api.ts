import assert from 'node:assert/strict';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiToken, createUser } from '../src/modules/accounts/index.ts';
import type { Db } from '../src/platform/db.ts';
import type { App, Role } from '../src/platform/http.ts';
import { buildServer } from '../src/server.ts';
import { testConfig } from './db.ts';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let counter = 0;
/** A unique suffix for names and emails, so tests sharing a database do not collide. */
export const unique = (prefix = 'x') => `${prefix}-${process.pid}-${++counter}`;

/** A client of the real HTTP layer through `app.inject()`, authenticated with an API token. */
export class ApiClient {
  constructor(readonly app: App, protected token: string | null) {}

  async call<T = any>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const all: Record<string, string> = { ...headers };
    if (this.token) all.authorization = `Bearer ${this.token}`;
    const payload = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined && !all['content-type']) all['content-type'] = 'application/json';
    const raw = await this.app.inject({ method, url: `/api/v1${path}`, headers: all, ...(payload !== undefined ? { payload } : {}) });
    const type = String(raw.headers['content-type'] ?? '');
    const parsed = (type.includes("json") ? raw.json() : raw.rawPayload) as T;
    return { status: raw.statusCode, body: parsed, headers: raw.headers, raw };
  }
  /** `app.inject` as is with this client's credentials: any method, content type and raw bytes (the contract fuzz). */
  inject(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const headers = { ...(options.headers ?? {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
    return this.app.inject({ ...options, headers });
  }
  get<T = any>(path: string) { return this.call<T>('GET', path); }
  post<T = any>(path: string, body?: unknown) { return this.call<T>('POST', path, body); }
  put<T = any>(path: string, body?: unknown) { return this.call<T>('PUT', path, body); }
  patch<T = any>(path: string, body?: unknown) { return this.call<T>('PATCH', path, body); }
  delete<T = any>(path: string) { return this.call<T>('DELETE', path); }
  /** The same client without credentials. */
  anonymous(): ApiClient { return new ApiClient(this.app, null); }
}

/**
 * A client of a server running as a process (test/server-process.ts), over real sockets, with an
 * API token. `raw` is absent: there is no inject response over a socket.
 */
export class RemoteApiClient extends ApiClient {
  constructor(readonly url: string, token: string | null) {
    super(undefined as unknown as App, token);
  }

  /** Signs in with a password and creates an API token for the rest. */
  static async signIn(url: string, who: { email: string; password: string }): Promise<RemoteApiClient> {
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
    if (!login.ok) throw new Error(`sign-in of ${who.email}: ${login.status} ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const created = await fetch(`${url}/api/v1/api-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'test' }) });
    if (!created.ok) throw new Error(`API token: ${created.status} ${await created.text()}`);
    return new RemoteApiClient(url, ((await created.json()) as { token: string }).token);
  }

  /** The same server with another address (another instance on the same database). */
  at(url: string): RemoteApiClient {
    return new RemoteApiClient(url, this.token);
  }

  override anonymous(): RemoteApiClient {
    return new RemoteApiClient(this.url, null);
  }

  override async call<T = any>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const all: Record<string, string> = { ...headers };
    if (this.token) all.authorization = `Bearer ${this.token}`;
    const payload = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined && !all['content-type']) all['content-type'] = 'application/json';
    const response = await fetch(`${this.url}/api/v1${path}`, { method, headers: all, body: payload });
    const text = await response.text();
    const parsed = ((response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as T;
    return { status: response.status, body: parsed, headers: Object.fromEntries(response.headers), raw: undefined as unknown as Reply['raw'] };
  }
}

/** Builds the app on `db` and returns a client signed in as a new user of that role (an agent's teams, a portal user's customer). */
export async function apiAs(db: Db, role: Role = 'admin', app?: App, extra: { teamIds?: string[]; customerId?: string } = {}): Promise<ApiClient & { userId: string }> {
  const server = app ?? (await buildServer(db, testConfig()));
  const user = await createUser(db, { name: `Test ${role}`, email: `${unique(role)}@example.test`, role, password: 'correct horse battery', ...extra });
  const { token } = await createApiToken(db, Number(user.id), 'test');
  return Object.assign(new ApiClient(server, token), { userId: user.id });
}

/** Asserts-free helper: the body of a 2xx reply, or a thrown error with the reply shown. */
export function ok<T>(reply: Reply<T>): T {
  if (reply.status >= 300) throw new Error(`Expected success, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/**
 * Asserts a refusal: its status and error code, and that the reads at `unchanged` answer exactly
 * the same before and after (a refused request changes nothing).
 */
export async function refuses(api: ApiClient, attempt: () => Promise<Reply>, status: number, code: string, unchanged: string[]): Promise<any> {
  const read = () => Promise.all(unchanged.map((p) => api.get(p).then((r) => r.body)));
  const before = await read();
  const reply = await attempt();
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.error.code, code);
  assert.deepEqual(await read(), before, 'a refused request changed nothing');
  return reply.body;
}
