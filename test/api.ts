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

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

let counter = 0;
/** A unique suffix for names and emails, so tests sharing a database do not collide. */
export const unique = (prefix = 'x') => `${prefix}-${process.pid}-${++counter}`;

/** A client of the real HTTP layer through `app.inject()`, authenticated with an API token. */
export class ApiClient {
  constructor(readonly app: App, private token: string | null) {}

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
  patch<T = any>(path: string, body?: unknown) { return this.call<T>('PATCH', path, body); }
  delete<T = any>(path: string) { return this.call<T>('DELETE', path); }
  /** The same client without credentials. */
  anonymous(): ApiClient { return new ApiClient(this.app, null); }
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
