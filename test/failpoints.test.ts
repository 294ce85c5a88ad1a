// Issue 10: a process killed at each failpoint (src/platform/failpoints.ts) of creating and
// posting an invoice loses nothing and bills nothing twice. For each failpoint, on each database:
// the server is started with it armed, an invoice is created and posted with an Idempotency-Key,
// the process dies there (SIGKILL), the invariants checker finds nothing (`cli check`), the server
// is started again, and the retry with the same key leaves exactly one posted invoice with the
// next number of its series, billing each entry once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { FAILPOINTS, type Failpoint } from '../src/platform/failpoints.ts';
import { ok, RemoteApiClient } from './api.ts';
import { testDatabaseKinds } from './db.ts';
import { createBillingSetup, logMinutes } from './factories.ts';
import { createTarget } from '../bench/target.ts';
import { buildServer, runCli, startServerProcess, type ServerProcess } from './server-process.ts';
import { startSmtp } from './smtp.ts';

const ADMIN = { email: 'admin@failpoints.test', password: 'failpoints-admin-password' };

/** Where the server keeps its data: the bench's throw-away PostgreSQL database or PGlite folder, as the server's environment. */
async function freshStore(kind: 'pglite' | 'postgres'): Promise<{ env: Record<string, string>; remove(): Promise<void> }> {
  const target = await createTarget(kind === 'postgres' ? process.env.TEST_DATABASE_URL! : null);
  return { env: target.url ? { DATABASE_URL: target.url } : { DATA_DIR: target.dataDir! }, remove: () => target.destroy() };
}

/** The built server on that store, answering. */
async function serve(store: Record<string, string>, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({ ...store, DESKBILL_ADMIN_EMAIL: ADMIN.email, DESKBILL_ADMIN_PASSWORD: ADMIN.password, ...extra });
  await server.up();
  return server;
}

/** What each failpoint leaves behind, as the retry sees it: the work undone, or done with its answer stored. */
const committedBeforeDeath: Record<Exclude<Failpoint, 'outbox.after-claim'>, boolean> = {
  'invoice.after-insert': false,
  'invoice.after-claim': false,
  'invoice.after-number': false,
  'http.after-commit': true,
};

const INVOICE_FAILPOINTS = Object.keys(committedBeforeDeath) as Array<keyof typeof committedBeforeDeath>;

test('every failpoint is covered by a test of this file', () => {
  assert.deepEqual(Object.keys(FAILPOINTS).sort(), [...INVOICE_FAILPOINTS, 'outbox.after-claim'].sort());
});

before(() => buildServer());

for (const kind of testDatabaseKinds()) {
  describe(`failpoints [${kind}]`, () => {
    // One store for the four failpoints, each on an order of its own: the first number of the
    // series goes to the first failpoint's invoice, then 2, 3, 4, whatever the crashes did.
    let store: Record<string, string>;
    let remove: () => Promise<void>;
    let api: RemoteApiClient;
    const setups: Array<Awaited<ReturnType<typeof createBillingSetup>>> = [];
    before(async () => {
      ({ env: store, remove } = await freshStore(kind));
      const server = await serve(store);
      api = await RemoteApiClient.signIn(server.url, ADMIN);
      for (const _ of INVOICE_FAILPOINTS) {
        const setup = await createBillingSetup(api);
        await logMinutes(api, setup.ticket.id, [90, 25]);
        setups.push(setup);
      }
      await server.kill('SIGTERM');
    });
    after(() => remove());

    for (const [index, name] of INVOICE_FAILPOINTS.entries()) {
      test(`${name}: killed there, the invariants hold after the restart, and a retry with the same key posts one invoice`, async () => {
        const setup = setups[index]!;
        let server = await serve(store, { DESKBILL_FAILPOINTS: name });
        api = api.at(server.url);
        const key = randomUUID();
        const create = () => api.call('POST', `/sale-orders/${setup.order.id}/invoices`, { post: true }, { 'idempotency-key': key });
        await assert.rejects(create(), 'the connection dies with the process');
        assert.equal(await server.exited, null, 'killed by a signal');
        assert.match(server.output(), new RegExp(`Failpoint ${name.replace('.', '\\.')}: killing the process`));

        // What the crash left is consistent.
        const check = await runCli(['check'], store);
        assert.equal(check.code, 0, check.out);

        // Restarted: the work is all done or not at all, and the retry completes it exactly once.
        server = await serve(store);
        api = api.at(server.url);
        try {
          const left = ok(await api.get(`/invoices?saleOrderId=${setup.order.id}`)).items;
          assert.equal(left.length, committedBeforeDeath[name] ? 1 : 0);
          const retried = await create();
          assert.equal(retried.status, 201, JSON.stringify(retried.body));
          assert.equal(retried.headers['idempotent-replayed'], committedBeforeDeath[name] ? 'true' : undefined);
          assert.equal(retried.body.state, 'posted');
          assert.equal(retried.body.number.slice(-5), String(index + 1).padStart(5, '0'), 'no number lost or taken twice');
          const invoices = ok(await api.get(`/invoices?saleOrderId=${setup.order.id}`)).items;
          assert.deepEqual(invoices.map((i: { id: string }) => i.id), [retried.body.id]);
          const order = ok(await api.get(`/sale-orders/${setup.order.id}`));
          assert.deepEqual([order.lines[0].qtyDelivered, order.lines[0].qtyInvoiced, order.lines[0].qtyToInvoice], ['1.92', '1.92', '0.00']);
          const again = await create();
          assert.deepEqual([again.status, again.body.id, again.headers['idempotent-replayed']], [201, retried.body.id, 'true']);
        } finally {
          await server.kill('SIGTERM');
        }
        const after = await runCli(['check'], store);
        assert.equal(after.code, 0, after.out);
      });
    }
  });
}

// R61: the outbox's failpoint. The worker claims a mail (the claim is committed) and dies before it
// goes out. After the restart the claim's lease runs out, the mail is claimed again and delivered
// once, and the send reads sent: nothing lost, nothing stuck.
for (const kind of testDatabaseKinds()) {
  test(`outbox.after-claim [${kind}]: killed between claim and delivery, the mail goes out once after the restart`, async () => {
    const { env: store, remove } = await freshStore(kind);
    const smtp = await startSmtp();
    const outbox = { DESKBILL_SMTP_URL: smtp.url, DESKBILL_OUTBOX_LEASE_SECONDS: '10', DESKBILL_OUTBOX_RETRY_SECONDS: '1' };
    try {
      let server = await serve(store, { ...outbox, DESKBILL_FAILPOINTS: 'outbox.after-claim' });
      let api = await RemoteApiClient.signIn(server.url, ADMIN);
      const setup = await createBillingSetup(api);
      ok(await api.patch(`/customers/${setup.customer.id}`, { billingEmail: 'ap@failpoints.test' }));
      await logMinutes(api, setup.ticket.id, [60]);
      const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
      const queued = await api.post(`/invoices/${invoice.id}/send`, {});
      assert.deepEqual([queued.status, queued.body.state], [201, 'queued'], 'the request answers before any delivery');
      assert.equal(await server.exited, null, 'the worker killed the process after its claim');
      assert.match(server.output(), /Failpoint outbox\.after-claim: killing the process/);
      assert.equal(smtp.received.length, 0);
      const check = await runCli(['check'], store);
      assert.equal(check.code, 0, check.out);

      server = await serve(store, outbox);
      api = api.at(server.url);
      try {
        const [mail] = await smtp.waitFor(1, 60_000);
        assert.deepEqual(mail!.to, ['ap@failpoints.test']);
        const [send] = ok(await api.get(`/invoices/${invoice.id}/sends`)).items;
        assert.deepEqual([send.state, send.attempts], ['sent', 2]);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        assert.equal(smtp.received.length, 1, 'delivered once');
      } finally {
        await server.kill('SIGTERM');
      }
    } finally {
      await smtp.close();
      await remove();
    }
  });
}
