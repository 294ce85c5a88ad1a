import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApiToken, createUser } from '../src/modules/accounts/index.ts';
import { buildServer } from '../src/server.ts';
import { forEachDatabase, testConfig } from './db.ts';

// Issue 4 (reference S10): refused sign-ins and accesses are logged with who and where; no log
// line carries a password, a session id, an API token or a one-time link's secret.
forEachDatabase('security log', (ctx) => {
  test('refusals and sign-ins are logged; passwords, session ids, tokens and link secrets never are', async () => {
    const lines: string[] = [];
    const app = await buildServer(ctx.t.database.db, testConfig({ logLevel: 'info' }), { write: (line: string) => void lines.push(line) });
    const password = 'a secret password 9';
    const agent = await createUser(ctx.t.database.db, { name: 'Logged Agent', email: 'logged.agent@example.test', role: 'agent', password });
    const { token } = await createApiToken(ctx.t.database.db, Number(agent.id), 'log test');
    const login = (pw: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: agent.email, password: pw } });
    assert.equal((await login('wrong password 1')).statusCode, 401);
    const signedIn = await login(password);
    assert.equal(signedIn.statusCode, 200);
    const sessionId = signedIn.cookies.find((c) => c.name === 'deskbill_session')!.value;
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/sale-orders', headers: { authorization: `Bearer ${token}` } })).statusCode, 403);
    const linkSecret = 'Zx9linksecretZx9linksecretZx9link';
    assert.equal((await app.inject({ method: 'GET', url: `/api/v1/invitations/${linkSecret}` })).statusCode, 404);
    await app.close();

    const entries = lines.map((l) => JSON.parse(l) as { msg: string; code?: string; route?: string; userId?: number | null });
    const refused = entries.filter((e) => e.msg === 'access refused');
    assert.ok(refused.some((e) => e.code === 'UNAUTHENTICATED' && e.route === 'POST /api/v1/auth/login'));
    assert.ok(refused.some((e) => e.code === 'FORBIDDEN' && e.route === 'GET /api/v1/sale-orders' && e.userId === Number(agent.id)));
    assert.ok(entries.some((e) => e.msg === 'signed in' && (e as { userId?: number }).userId === Number(agent.id)));
    const all = lines.join('\n');
    for (const secret of [password, 'wrong password 1', sessionId, token, linkSecret]) assert.ok(!all.includes(secret), `a log line carries ${secret.slice(0, 6)}…`);
    assert.ok(all.includes('/api/v1/invitations/[secret]'), 'the link is logged with its secret masked');
  });
});
