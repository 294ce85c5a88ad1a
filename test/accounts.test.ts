import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createApiToken, createUser } from '../src/modules/accounts/index.ts';
import { login as signIn } from '../src/modules/accounts/login.ts';
import { secretHash } from '../src/modules/accounts/tokens.ts';
import { queryRows, type Db } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import { buildServer } from '../src/server.ts';
import { ApiClient, apiAs, ok, unique, type Reply } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { parseMail } from './smtp.ts';

const outboxDir = mkdtempSync(join(tmpdir(), 'deskbill-outbox-'));
after(() => rmSync(outboxDir, { recursive: true, force: true }));
const config = testConfig({ outboxDir, publicUrl: 'https://desk.example' });
const THROTTLE = { windowSeconds: config.loginWindowSeconds, maxPerAccount: config.loginMaxFailuresPerAccount, maxPerAddress: config.loginMaxFailuresPerAddress };
const LIMITS = { idleMinutes: config.sessionIdleMinutes, maxMinutes: config.sessionMaxMinutes };

/** Signs in through the API from a client address; returns the reply, the cookie and the CSRF token. */
async function login(app: App, email: string, password: string, address = '127.0.0.1', headers: Record<string, string> = {}) {
  const reply = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: address, headers });
  const cookie = reply.cookies.find((c) => c.name === 'deskbill_session');
  return { reply, cookie, jar: { cookie: `deskbill_session=${cookie?.value}` }, csrf: reply.statusCode === 200 ? (reply.json().csrfToken as string) : null };
}

const me = (app: App, jar: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: jar });

async function newUser(db: Db, role: 'agent' | 'accountant' | 'manager' = 'agent', password = 'the right password') {
  const email = `${unique(role)}@example.test`;
  const user = await createUser(db, { name: `Some ${role}`, email, role, password, hourlyCost: '40.00' });
  return { ...user, password };
}

/** Moves the login failures back in time, as if that many seconds had passed. */
async function letTimePass(db: Db, seconds: number): Promise<void> {
  await queryRows(db, sql`UPDATE login_failures SET failed_at = failed_at - make_interval(secs => ${seconds})`);
}

forEachDatabase('login throttling', (ctx) => {
  let app: App;
  before(async () => {
    app = await buildServer(ctx.t.database.db, config);
  });

  test('200 wrong passwords for one account: at least 190 get 429 with Retry-After; the right password works again after the window', async () => {
    const user = await newUser(ctx.t.database.db);
    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => login(app, user.email, `wrong password ${i}`, '10.0.0.1').then((r) => r.reply)));
    const throttled = replies.filter((r) => r.statusCode === 429);
    assert.ok(throttled.length >= 190, `${throttled.length} throttled`);
    assert.equal(replies.filter((r) => r.statusCode === 401).length, 200 - throttled.length);
    assert.equal(throttled[0]!.json().error.code, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(throttled[0]!.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= config.loginWindowSeconds, `Retry-After ${retryAfter}`);
    // Refused attempts do not count; once the account has its 10 failures, even the right
    // password is refused (before hashing) until the window has passed.
    let failures = replies.length - throttled.length;
    while ((await login(app, user.email, 'wrong password', '10.0.0.2')).reply.statusCode === 401) failures++;
    assert.equal(failures, config.loginMaxFailuresPerAccount);
    assert.equal((await login(app, user.email, user.password, '10.0.0.2')).reply.statusCode, 429);
    await letTimePass(ctx.t.database.db, config.loginWindowSeconds);
    assert.equal((await login(app, user.email, user.password, '10.0.0.2')).reply.statusCode, 200);
  });

  test('with an injected clock: the 11th failure within 5 minutes waits for the oldest to be 5 minutes old', async () => {
    const db = ctx.t.database.db;
    const user = await newUser(db);
    const t0 = Date.parse('2030-01-01T10:00:00Z');
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    const attempt = (password: string, seconds: number) => signIn(db, { email: user.email, password, address: '10.0.1.1' }, LIMITS, THROTTLE, at(seconds)).then(() => 'ok', (e: { code: string; retryAfterSeconds?: number }) => e);
    for (let i = 0; i < 10; i++) assert.equal(((await attempt('wrong password', i * 10)) as { code: string }).code, 'UNAUTHENTICATED');
    const refused = (await attempt(user.password, 100)) as { code: string; retryAfterSeconds: number };
    assert.deepEqual([refused.code, refused.retryAfterSeconds], ['TOO_MANY_ATTEMPTS', 200]);
    assert.equal(((await attempt(user.password, 299)) as { code: string }).code, 'TOO_MANY_ATTEMPTS');
    assert.equal(await attempt(user.password, 301), 'ok');
  });

  test('a successful sign-in clears the account counter', async () => {
    const user = await newUser(ctx.t.database.db);
    for (let i = 0; i < 9; i++) assert.equal((await login(app, user.email, 'wrong password', '10.0.2.1')).reply.statusCode, 401);
    assert.equal((await login(app, user.email, user.password, '10.0.2.1')).reply.statusCode, 200);
    for (let i = 0; i < 10; i++) assert.equal((await login(app, user.email, 'wrong password', '10.0.2.1')).reply.statusCode, 401);
    assert.equal((await login(app, user.email, 'wrong password', '10.0.2.1')).reply.statusCode, 429);
  });

  test('one address trying many accounts is throttled after 50 failures; other addresses are not', async () => {
    const user = await newUser(ctx.t.database.db);
    for (let i = 0; i < 50; i++) assert.equal((await login(app, `nobody-${i}@example.test`, 'guess password', '10.0.3.1')).reply.statusCode, 401);
    const refused = (await login(app, user.email, user.password, '10.0.3.1')).reply;
    assert.deepEqual([refused.statusCode, refused.json().error.code], [429, 'TOO_MANY_ATTEMPTS']);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await login(app, user.email, user.password, '10.0.3.2')).reply.statusCode, 200);
  });

  test('an unknown email and a wrong password get the same status and message; emails are matched case-insensitively', async () => {
    const user = await newUser(ctx.t.database.db, 'accountant');
    const wrong = (await login(app, user.email, 'wrong password', '10.0.4.1')).reply;
    const unknown = (await login(app, `nobody-${user.email}`, 'wrong password', '10.0.4.1')).reply;
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json().error, unknown.json().error);
    assert.equal((await login(app, `  ${user.email.toUpperCase()} `, user.password, '10.0.4.1')).reply.statusCode, 200);
  });
});

forEachDatabase('sessions', (ctx) => {
  let app: App;
  let admin: ApiClient;
  before(async () => {
    app = await buildServer(ctx.t.database.db, config);
    admin = await apiAs(ctx.t.database.db, 'admin', app);
  });

  test('every sign-in gets a new session id of at least 128 bits in an HttpOnly, SameSite=Lax cookie; no Secure over HTTP', async () => {
    const user = await newUser(ctx.t.database.db);
    const first = await login(app, user.email, user.password);
    const second = await login(app, user.email, user.password);
    assert.ok(first.cookie && second.cookie);
    assert.notEqual(first.cookie.value, second.cookie.value);
    assert.ok(Buffer.from(first.cookie.value, 'base64url').length * 8 >= 128, 'at least 128 bits');
    assert.equal(first.cookie.httpOnly, true);
    assert.equal(first.cookie.sameSite, 'Lax');
    assert.equal(first.cookie.secure, undefined);
    // X-Forwarded-Proto is ignored unless the proxy is trusted.
    assert.equal((await login(app, user.email, user.password, '127.0.0.1', { 'x-forwarded-proto': 'https' })).cookie?.secure, undefined);
  });

  test('logout ends the session on the server: the old cookie gets 401', async () => {
    const user = await newUser(ctx.t.database.db);
    const { jar, csrf } = await login(app, user.email, user.password);
    assert.equal((await me(app, jar)).statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { ...jar, 'x-csrf-token': csrf! } })).statusCode, 204);
    assert.equal((await me(app, jar)).statusCode, 401);
  });

  test('deactivating a user ends all their sessions and API tokens at once; reactivating brings none back', async () => {
    const db = ctx.t.database.db;
    const user = await newUser(db);
    const a = await login(app, user.email, user.password);
    const b = await login(app, user.email, user.password);
    const { token } = await createApiToken(db, Number(user.id), 'integration');
    const asToken = new ApiClient(app, token);
    assert.equal((await asToken.get('/auth/me')).status, 200);
    ok(await admin.patch(`/users/${user.id}`, { active: false }));
    for (const jar of [a.jar, b.jar]) assert.equal((await me(app, jar)).statusCode, 401);
    assert.equal((await asToken.get('/auth/me')).status, 401);
    assert.deepEqual(await queryRows(db, sql`SELECT 1 FROM sessions WHERE user_id = ${Number(user.id)}`), []);
    ok(await admin.patch(`/users/${user.id}`, { active: true }));
    assert.equal((await me(app, a.jar)).statusCode, 401);
    assert.equal((await asToken.get('/auth/me')).status, 401, 'the token stays revoked');
    assert.equal((await login(app, user.email, user.password)).reply.statusCode, 200);
  });

  test('a session unused longer than the idle timeout, or older than its absolute lifetime, gets 401', async () => {
    const db = ctx.t.database.db;
    const user = await newUser(db);
    const idle = await login(app, user.email, user.password);
    const old = await login(app, user.email, user.password);
    const fresh = await login(app, user.email, user.password);
    await queryRows(db, sql`UPDATE sessions SET last_seen_at = now() - make_interval(mins => ${config.sessionIdleMinutes + 1}) WHERE id_hash = ${secretHash(idle.cookie!.value)}`);
    await queryRows(db, sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = ${secretHash(old.cookie!.value)}`);
    assert.equal((await me(app, idle.jar)).statusCode, 401);
    assert.equal((await me(app, old.jar)).statusCode, 401);
    assert.equal((await me(app, fresh.jar)).statusCode, 200);
  });

  test('behind a trusted proxy, HTTPS (X-Forwarded-Proto) makes the cookie Secure and adds HSTS', async () => {
    // The whole server as `npm start` builds it, with DESKBILL_TRUST_PROXY=1.
    const proxied = await buildServer(ctx.t.database.db, { ...config, trustProxy: true });
    const user = await newUser(ctx.t.database.db);
    const https = await login(proxied, user.email, user.password, '127.0.0.1', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    assert.equal(https.cookie?.secure, true);
    assert.equal(https.reply.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    const http = await login(proxied, user.email, user.password);
    assert.equal(http.cookie?.secure, undefined);
    assert.equal(http.reply.headers['strict-transport-security'], undefined);
    await proxied.close();
  });
});

forEachDatabase('security headers', (ctx) => {
  const webDir = mkdtempSync(join(tmpdir(), 'deskbill-web-'));
  after(() => rmSync(webDir, { recursive: true, force: true }));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Deskbill</title><div id="root"></div>');

  test('an API answer, a 404 and the web app carry CSP, nosniff, no-referrer and DENY framing; no HSTS over HTTP', async () => {
    const app = await buildServer(ctx.t.database.db, testConfig({ webDir }));
    const replies = await Promise.all([
      app.inject({ method: 'GET', url: '/api/v1/health' }),
      app.inject({ method: 'GET', url: '/api/v1/users' }),
      app.inject({ method: 'GET', url: '/api/v1/no-such-route' }),
      app.inject({ method: 'GET', url: '/' }),
      app.inject({ method: 'GET', url: '/tickets/12' }),
    ]);
    assert.deepEqual(replies.map((r) => r.statusCode), [200, 401, 404, 200, 200]);
    for (const reply of replies) {
      const csp = String(reply.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "img-src 'self' data:"]) {
        assert.ok(csp.includes(directive), `${reply.raw.req.url}: ${directive}`);
      }
      assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
      assert.equal(reply.headers['referrer-policy'], 'no-referrer');
      assert.equal(reply.headers['x-frame-options'], 'DENY');
      assert.equal(reply.headers['strict-transport-security'], undefined);
    }
    await app.close();
  });
});

forEachDatabase('invitations and password resets', (ctx) => {
  // One outbox per database: outbox ids (in the mail's file name) restart with each database.
  const outboxDir = mkdtempSync(join(tmpdir(), 'deskbill-outbox-'));
  after(() => rmSync(outboxDir, { recursive: true, force: true }));
  let app: App;
  let admin: ApiClient;
  let anonymous: ApiClient;
  before(async () => {
    app = await buildServer(ctx.t.database.db, { ...config, outboxDir });
    admin = await apiAs(ctx.t.database.db, 'admin', app);
    anonymous = admin.anonymous();
  });

  const tokenOf = (url: string) => url.split('/').pop()!;
  const accept = (token: string, password: string) => app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, payload: { password } });

  test('an admin invites a user: a one-time link of 256 bits, stored hashed, mailed to the outbox, valid 7 days', async () => {
    const user = ok(await admin.post('/users', { name: 'Zoë Invited, Jr.', email: `${unique('invited')}@example.test`, role: 'agent' }));
    const before = Date.now();
    const link = ok(await admin.post(`/users/${user.id}/invitations`));
    assert.match(link.url, /^https:\/\/desk\.example\/invite\/[\w-]{43}$/);
    const days = (Date.parse(link.expiresAt) - before) / 86_400_000;
    assert.ok(days > 6.99 && days < 7.01, `${days} days`);
    const token = tokenOf(link.url);
    assert.ok(Buffer.from(token, 'base64url').length * 8 >= 128);
    const stored = await queryRows<{ token_hash: string }>(ctx.t.database.db, sql`SELECT token_hash FROM account_links WHERE user_id = ${Number(user.id)}`);
    assert.equal(stored.length, 1);
    assert.ok(!stored[0]!.token_hash.includes(token));
    // Queued with the link (R61), written to the outbox folder by the worker.
    await app.outbox.runDue();
    const mails = await Promise.all(readdirSync(outboxDir).map((f) => parseMail(readFileSync(join(outboxDir, f), 'utf8'))));
    const mail = mails.find((m) => m.text?.includes(link.url));
    assert.ok(mail, 'the mail is in the outbox');
    assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value : null, [{ name: 'Zoë Invited, Jr.', address: user.email }]);
    assert.equal(mail.subject, 'Your invitation to Deskbill');
    assert.deepEqual(ok(await anonymous.get(`/invitations/${token}`)), { kind: 'invite', name: user.name, email: user.email, expiresAt: link.expiresAt });
  });

  test('accepting sets the password (10 to 200 characters, not the email) and signs in; a second use is 404', async () => {
    const user = ok(await admin.post('/users', { name: 'New Agent', email: `${unique('new')}@example.test`, role: 'agent' }));
    const token = tokenOf(ok(await admin.post(`/users/${user.id}/invitations`)).url);
    for (const [password, message] of [['short', 'At least 10'], ['x'.repeat(201), 'At most 200'], [user.email.toUpperCase(), 'email']] as const) {
      const refused = await accept(token, password);
      assert.deepEqual([refused.statusCode, refused.json().error.details[0].path], [400, 'password']);
      assert.match(refused.json().error.message, new RegExp(message));
    }
    const accepted = await accept(token, 'my own password');
    assert.equal(accepted.statusCode, 200);
    assert.equal(accepted.json().user.email, user.email);
    assert.ok(accepted.json().csrfToken);
    const cookie = accepted.cookies.find((c) => c.name === 'deskbill_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal((await me(app, { cookie: `deskbill_session=${cookie.value}` })).json().user.id, user.id);
    assert.equal((await accept(token, 'another password')).statusCode, 404);
    assert.equal((await anonymous.get(`/invitations/${token}`)).status, 404);
    assert.equal((await login(app, user.email, 'my own password')).reply.statusCode, 200);
  });

  /** A refused link issue queues no mail and leaves every link as it was. */
  const refusedIssue = async (issue: () => Promise<Reply>): Promise<Reply> => {
    const links = () => queryRows(ctx.t.database.db, sql`SELECT id AS id, used_at FROM account_links ORDER BY id`);
    const mails = () => queryRows(ctx.t.database.db, sql`SELECT id FROM outbox ORDER BY id`);
    const [mailsBefore, linksBefore] = [await mails(), await links()];
    const reply = await issue();
    assert.deepEqual([await mails(), await links()], [mailsBefore, linksBefore], 'a refused issue changed nothing');
    return reply;
  };

  test('unknown, expired, replaced links and links of deactivated users are 404; only admins issue links', async () => {
    const db = ctx.t.database.db;
    assert.equal((await anonymous.get('/invitations/not-a-token')).body.error.code, 'NOT_FOUND');
    const user = ok(await admin.post('/users', { name: 'Late Agent', email: `${unique('late')}@example.test`, role: 'agent' }));
    const first = tokenOf(ok(await admin.post(`/users/${user.id}/invitations`)).url);
    const second = tokenOf(ok(await admin.post(`/users/${user.id}/invitations`)).url);
    assert.equal((await anonymous.get(`/invitations/${first}`)).status, 404, 'a new link replaces the old one');
    await queryRows(db, sql`UPDATE account_links SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE user_id = ${Number(user.id)}`);
    assert.equal((await anonymous.get(`/invitations/${second}`)).status, 404, 'expired');
    assert.equal((await accept(second, 'a fine password')).statusCode, 404);

    const leaver = ok(await admin.post('/users', { name: 'Leaving Agent', email: `${unique('leaving')}@example.test`, role: 'agent' }));
    const token = tokenOf(ok(await admin.post(`/users/${leaver.id}/invitations`)).url);
    ok(await admin.patch(`/users/${leaver.id}`, { active: false }));
    assert.equal((await accept(token, 'a fine password')).statusCode, 404);
    const inactive = await refusedIssue(() => admin.post(`/users/${leaver.id}/invitations`));
    assert.deepEqual([inactive.status, inactive.body.error.code], [409, 'USER_INACTIVE']);
    ok(await admin.patch(`/users/${leaver.id}`, { active: true }));
    assert.equal((await accept(token, 'a fine password')).statusCode, 404, 'deactivation dropped the link for good');

    const withPassword = await newUser(db);
    const already = await refusedIssue(() => admin.post(`/users/${withPassword.id}/invitations`));
    assert.deepEqual([already.status, already.body.error.code], [409, 'PASSWORD_ALREADY_SET']);
    const manager = await apiAs(db, 'manager', app);
    assert.equal((await manager.post(`/users/${user.id}/invitations`)).status, 403);
    assert.equal((await manager.post(`/users/${user.id}/password-reset`)).status, 403);
    assert.equal((await admin.post('/users/999999/invitations')).status, 404);
  });

  test('a password reset ends the old password, sessions and API tokens at once; the link sets a new password', async () => {
    const db = ctx.t.database.db;
    const user = await newUser(db);
    const session = await login(app, user.email, user.password);
    const asToken = new ApiClient(app, (await createApiToken(db, Number(user.id), 'cli')).token);
    const link = ok(await admin.post(`/users/${user.id}/password-reset`));
    assert.match(link.url, /^https:\/\/desk\.example\/reset-password\/[\w-]{43}$/);
    assert.equal((await me(app, session.jar)).statusCode, 401);
    assert.equal((await asToken.get('/auth/me')).status, 401);
    assert.equal((await login(app, user.email, user.password)).reply.statusCode, 401);
    assert.equal(ok(await anonymous.get(`/invitations/${tokenOf(link.url)}`)).kind, 'reset');
    assert.equal((await accept(tokenOf(link.url), 'a brand new password')).statusCode, 200);
    assert.equal((await login(app, user.email, user.password)).reply.statusCode, 401);
    assert.equal((await login(app, user.email, 'a brand new password')).reply.statusCode, 200);
  });

  test("a new password set by an admin ends the user's sessions; one equal to the email is refused and changes nothing", async () => {
    const user = await newUser(ctx.t.database.db);
    const session = await login(app, user.email, user.password);
    const refused = await admin.patch(`/users/${user.id}`, { password: user.email.toUpperCase() });
    assert.deepEqual([refused.status, refused.body.error.details[0].path], [400, 'password']);
    assert.equal((await me(app, session.jar)).statusCode, 200, 'the refused change kept the session');
    ok(await admin.patch(`/users/${user.id}`, { password: 'set by the admin' }));
    assert.equal((await me(app, session.jar)).statusCode, 401);
    assert.equal((await login(app, user.email, user.password)).reply.statusCode, 401);
    assert.equal((await login(app, user.email, 'set by the admin')).reply.statusCode, 200);
  });

  test('hourly costs are shown to admins, managers and accountants, and null for agents', async () => {
    const db = ctx.t.database.db;
    const subject = await newUser(db);
    for (const role of ['admin', 'manager', 'accountant', 'agent'] as const) {
      const client = role === 'admin' ? admin : await apiAs(db, role, app);
      const one = ok(await client.get(`/users/${subject.id}`));
      const listed = ok(await client.get(`/users?q=${encodeURIComponent(subject.email)}`)).items[0];
      const expected = role === 'agent' ? null : '40.00';
      assert.deepEqual([one.hourlyCost, listed.hourlyCost], [expected, expected], role);
    }
    const agent = await newUser(db, 'agent');
    const session = await login(app, agent.email, agent.password);
    assert.equal(session.reply.json().user.hourlyCost, null);
    assert.equal((await me(app, session.jar)).json().user.hourlyCost, null);
  });
});
