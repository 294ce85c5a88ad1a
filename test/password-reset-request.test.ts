import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createUser } from '../src/modules/accounts/index.ts';
import { queryRows } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import { buildServer } from '../src/server.ts';
import { apiAs, unique, type ApiClient } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';

// R70: "Forgot password?" on the sign-in page: POST /auth/password-reset-request.
forEachDatabase('password reset requests', (ctx) => {
  let app: App;
  let admin: ApiClient;
  let address = 0;
  before(async () => {
    app = await buildServer(ctx.t.database.db, testConfig({ publicUrl: 'https://desk.example' }));
    admin = await apiAs(ctx.t.database.db, 'admin', app);
  });

  /** Each test asks from its own client address unless told, so the per-address limit is its own. */
  const ask = (email: string, from = `10.1.0.${++address}`) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/password-reset-request', payload: { email }, remoteAddress: from });
  const mailsTo = async (email: string) =>
    (await queryRows<{ payload: { to: { email: string }; subject: string; body: string } }>(ctx.t.database.db, sql`SELECT payload FROM outbox WHERE kind = 'mail' ORDER BY id`))
      .map((r) => r.payload).filter((p) => p.to.email === email);
  const linkIn = (body: string) => /https:\/\/desk\.example\/reset-password\/([\w-]{43})/.exec(body)?.[1];
  const accept = (token: string, password: string) => app.inject({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, payload: { password } });
  const signIn = (email: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: '10.9.9.9' });
  const newUser = async (active = true) => {
    const email = `${unique('forgetful')}@example.test`;
    const user = await createUser(ctx.t.database.db, { name: 'Forgetful Agent', email, role: 'agent', password: 'the old password', hourlyCost: '40.00' });
    if (!active) await admin.patch(`/users/${user.id}`, { active: false });
    return { ...user, email };
  };
  const SAME = { message: 'If an active account uses this e-mail address, a link to choose a new password is on its way.' };

  test('R70: a known address gets one mail with a one-hour link that sets a new password once; the old password works until then', async () => {
    const user = await newUser();
    const reply = await ask(` ${user.email.toUpperCase()} `);
    assert.deepEqual([reply.statusCode, reply.json()], [202, SAME]);
    const mails = await mailsTo(user.email);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.subject, 'Reset your Deskbill password');
    const token = linkIn(mails[0]!.body)!;
    assert.ok(token, mails[0]!.body);
    const [link] = await queryRows<{ minutes: number; created_by: number | null }>(ctx.t.database.db, sql`
      SELECT round(extract(epoch FROM expires_at - now()) / 60)::int AS minutes, created_by FROM account_links WHERE user_id = ${Number(user.id)} AND used_at IS NULL`);
    assert.deepEqual(link, { minutes: 60, created_by: null });
    assert.equal((await signIn(user.email, 'the old password')).statusCode, 200, 'asking does not end the old password');
    assert.equal((await accept(token, 'my brand new password')).statusCode, 200);
    assert.equal((await accept(token, 'another new password')).statusCode, 404, 'the link works once');
    assert.equal((await signIn(user.email, 'the old password')).statusCode, 401);
    assert.equal((await signIn(user.email, 'my brand new password')).statusCode, 200);
  });

  test('R70: an unknown or deactivated address gets the same answer and no mail; so does a malformed one', async () => {
    const leaver = await newUser(false);
    const before = await queryRows(ctx.t.database.db, sql`SELECT id FROM outbox ORDER BY id`);
    for (const email of [`${unique('nobody')}@example.test`, leaver.email, 'not an address']) {
      const reply = await ask(email);
      assert.deepEqual([reply.statusCode, reply.json()], [202, SAME], email);
    }
    assert.deepEqual(await queryRows(ctx.t.database.db, sql`SELECT id FROM outbox ORDER BY id`), before);
  });

  test('R70: a new request replaces the unused link; an expired link is refused', async () => {
    const user = await newUser();
    await ask(user.email);
    await ask(user.email);
    const [first, second] = (await mailsTo(user.email)).map((m) => linkIn(m.body)!);
    assert.equal((await accept(first!, 'a replaced link')).statusCode, 404, 'replaced');
    await queryRows(ctx.t.database.db, sql`UPDATE account_links SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 second' WHERE user_id = ${Number(user.id)}`);
    assert.equal((await accept(second!, 'an expired link')).statusCode, 404, 'expired');
    assert.equal((await signIn(user.email, 'the old password')).statusCode, 200);
  });

  test('R70: past 3 requests an hour for one address, the same answer and no mail; past 20 from one client, 429', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) assert.deepEqual((await ask(user.email)).json(), SAME);
    assert.equal((await mailsTo(user.email)).length, 3);
    const from = '10.2.0.1';
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await ask(`${unique('flood')}@example.test`, from)).statusCode);
    assert.deepEqual(statuses, [...Array(20).fill(202), 429]);
    const refused = await ask(user.email, from);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
  });

  test('R70: known and unknown addresses both take at least 250 ms', async () => {
    const user = await newUser();
    const timed = async (email: string) => {
      const started = performance.now();
      await ask(email);
      return performance.now() - started;
    };
    const known = await timed(user.email);
    const unknown = await timed(`${unique('nobody')}@example.test`);
    // The floor hides the few milliseconds a mail takes to queue; a difference is not asserted,
    // as a loaded machine could make it flaky.
    assert.ok(known >= 245 && unknown >= 245, `${known} ${unknown}`);
  });
});
