// Issue 11: sending invoices by mail through the durable outbox (R60, R61; decision 0025). A real
// SMTP server runs in this process; the server's outbox worker delivers to it.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildServer } from '../src/server.ts';
import { inTransaction, queryRows } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import { createOutboxWorker, enqueue, type OutboxJob } from '../src/platform/outbox.ts';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { createBillingSetup, logMinutes } from './factories.ts';
import { parseMail, startSmtp, type TestSmtp } from './smtp.ts';

const publicUrl = 'https://desk.example';

forEachDatabase('sending invoices by mail', (ctx) => {
  let smtp: TestSmtp;
  let app: App;
  let admin: ApiClient & { userId: string };
  before(async () => {
    smtp = await startSmtp();
    // Retries due at once: a test runs the worker again instead of waiting.
    app = await buildServer(ctx.t.database.db, testConfig({ smtpUrl: smtp.url, publicUrl, mailFrom: 'Billing <billing@desk.example>', outboxRetrySeconds: 0, outboxMaxAttempts: 3 }));
    admin = await apiAs(ctx.t.database.db, 'admin', app);
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.refuseNext(0, 0, '');
  });

  /** A posted invoice of 1.50 h at 90.00 (21 % tax) for a new customer with these fields. */
  async function postedInvoice(customer: Record<string, unknown> = { billingEmail: 'accounts@customer.example' }) {
    const setup = await createBillingSetup(admin);
    ok(await admin.patch(`/customers/${setup.customer.id}`, customer));
    await logMinutes(admin, setup.ticket.id, [90]);
    const invoice = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
    return { setup, invoice };
  }
  const sends = async (invoiceId: string) => ok(await admin.get(`/invoices/${invoiceId}/sends`)).items as any[];

  test('R60: sending a posted invoice answers at once (queued); the worker mails it with its PDF and the filled template, and the send reads sent', async () => {
    const { setup, invoice } = await postedInvoice();
    const queued = await admin.post(`/invoices/${invoice.id}/send`, {});
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    assert.deepEqual([queued.body.state, queued.body.toEmail, queued.body.toName, queued.body.sentBy.id, queued.body.attempts], ['queued', 'accounts@customer.example', setup.customer.name, admin.userId, 0]);
    assert.equal(smtp.received.length, 0, 'nothing goes out inside the request');

    assert.equal(await app.outbox.runDue(), 1);
    const [mail] = await smtp.waitFor(1);
    assert.deepEqual(mail!.to, ['accounts@customer.example']);
    const parsed = await parseMail(mail!);
    assert.equal(parsed.subject, `Invoice ${invoice.number} from My Company`);
    assert.deepEqual(parsed.from?.value[0], { name: 'Billing', address: 'billing@desk.example' });
    assert.match(parsed.text ?? '', new RegExp(`Please find attached Invoice ${invoice.number} of 163\\.35 EUR, due on ${invoice.dueDate}\\.`));
    assert.match(parsed.text ?? '', /your portal: https:\/\/desk\.example\/invoices/);
    assert.equal(parsed.attachments.length, 1);
    const [pdf] = parsed.attachments;
    assert.deepEqual([pdf!.contentType, pdf!.filename], ['application/pdf', `${invoice.number.replaceAll('/', '-')}.pdf`]);
    assert.equal(pdf!.content.subarray(0, 5).toString(), '%PDF-');

    const [sent] = await sends(invoice.id);
    assert.deepEqual([sent.id, sent.state, sent.attempts], [queued.body.id, 'sent', 1]);
    assert.match(sent.lastResponse, /^250 /, 'the SMTP server\'s reply is kept');
    assert.ok(sent.finishedAt);

    // The invoice's audit trail shows who sent it to whom.
    const trail = ok(await admin.get(`/audit-events?objectType=invoice&objectId=${invoice.id}`)).items as any[];
    const send = trail.find((e) => e.action === 'invoice_sends_added');
    assert.ok(send, JSON.stringify(trail.map((e) => e.action)));
    assert.deepEqual([send.actorId, send.after.to_email], [admin.userId, 'accounts@customer.example']);
  });

  test('R60: re-sending is explicit and recorded again; a credit note is sent like an invoice', async () => {
    const { invoice } = await postedInvoice();
    ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
    ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
    await app.outbox.runDue();
    assert.equal((await smtp.waitFor(2)).length, 2);
    assert.deepEqual((await sends(invoice.id)).map((s) => s.state), ['sent', 'sent']);

    const credit = ok(await admin.post(`/invoices/${invoice.id}/reverse`, {}));
    const posted = ok(await admin.post(`/invoices/${credit.id}/post`, {}));
    ok(await admin.post(`/invoices/${posted.id}/send`, {}));
    await app.outbox.runDue();
    const parsed = await parseMail((await smtp.waitFor(3))[2]!);
    assert.equal(parsed.subject, `Credit note ${posted.number} from My Company`);
  });

  test('R60: the address: billing e-mail, else the company\'s billing e-mail, else the e-mail; none → 422 NO_BILLING_EMAIL; a draft → 409', async () => {
    const { setup, invoice } = await postedInvoice({ email: 'hello@customer.example', billingEmail: null });
    assert.equal(ok(await admin.post(`/invoices/${invoice.id}/send`, {})).toEmail, 'hello@customer.example');
    ok(await admin.patch(`/customers/${setup.customer.id}`, { email: null }));
    const before = await sends(invoice.id);
    await refuses(admin, () => admin.post(`/invoices/${invoice.id}/send`, {}), 422, 'NO_BILLING_EMAIL', [`/invoices/${invoice.id}/sends`]);
    assert.equal((await sends(invoice.id)).length, before.length);

    // A contact of a company: the company's billing address wins over the contact's own.
    const person = ok(await admin.post('/customers', { name: unique('Contact'), kind: 'person', companyId: setup.customer.id, email: 'me@customer.example' }));
    ok(await admin.patch(`/customers/${setup.customer.id}`, { billingEmail: 'ap@customer.example' }));
    const order = ok(await admin.post(`/sale-orders/${ok(await admin.post('/sale-orders', { customerId: person.id, lines: [{ productId: setup.product.id }] })).id}/confirm`));
    const ticket = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: unique('T'), customerId: person.id, saleOrderLineId: order.lines[0].id }));
    await logMinutes(admin, ticket.id, [30]);
    const draft = ok(await admin.post(`/sale-orders/${order.id}/invoices`, {}));
    await refuses(admin, () => admin.post(`/invoices/${draft.id}/send`, {}), 409, 'INVOICE_NOT_POSTED', [`/invoices/${draft.id}/sends`]);
    const posted = ok(await admin.post(`/invoices/${draft.id}/post`, {}));
    assert.equal(ok(await admin.post(`/invoices/${posted.id}/send`, {})).toEmail, 'ap@customer.example');
    await app.outbox.runDue();

    assert.equal((await admin.post('/invoices/999999999/send', {})).status, 404);
    assert.equal((await admin.get('/invoices/999999999/sends')).status, 404);
    const agent = await apiAs(ctx.t.database.db, 'agent', app, { teamIds: [setup.team.id] });
    assert.equal((await agent.post(`/invoices/${posted.id}/send`, {})).status, 403);
    const accountant = await apiAs(ctx.t.database.db, 'accountant', app);
    assert.equal((await accountant.post(`/invoices/${posted.id}/send`, {})).status, 201);
    await app.outbox.runDue();
  });

  test('R60: the company\'s template: placeholders filled; an unknown placeholder is refused when saved', async () => {
    const company = ok(await admin.get('/company'));
    const refused = await admin.patch('/company', { invoiceMailSubject: 'Your {document} {nubmer}' });
    assert.deepEqual([refused.status, refused.body.error.details[0].path], [400, 'invoiceMailSubject']);
    assert.match(refused.body.error.message, /\{nubmer\}/);
    assert.equal(ok(await admin.get('/company')).invoiceMailSubject, company.invoiceMailSubject);
    try {
      ok(await admin.patch('/company', { invoiceMailSubject: '{number} ({amount}) für {customer}', invoiceMailBody: 'Fällig am {due_date}.\n{company}' }));
      const { setup, invoice } = await postedInvoice();
      ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
      await app.outbox.runDue();
      const parsed = await parseMail((await smtp.waitFor(1))[0]!);
      assert.equal(parsed.subject, `${invoice.number} (163.35 EUR) für ${setup.customer.name}`);
      assert.equal(parsed.text?.trim(), `Fällig am ${invoice.dueDate}.\nMy Company`);
    } finally {
      ok(await admin.patch('/company', { invoiceMailSubject: company.invoiceMailSubject, invoiceMailBody: company.invoiceMailBody }));
    }
  });

  test('R61: a refused first attempt (451) is retried: the send reads queued with the reply, then sent; one message arrives', async () => {
    const { invoice } = await postedInvoice();
    smtp.refuseNext(1, 451, 'Greylisted, try again later');
    ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
    await app.outbox.runDue();
    const [waiting] = await sends(invoice.id);
    assert.deepEqual([waiting.state, waiting.attempts], ['queued', 1]);
    assert.match(waiting.lastResponse, /451.*Greylisted/);
    assert.equal(smtp.received.length, 0);
    await app.outbox.runDue();
    assert.equal((await smtp.waitFor(1)).length, 1);
    const [sent] = await sends(invoice.id);
    assert.deepEqual([sent.state, sent.attempts], ['sent', 2]);
    await app.outbox.runDue();
    assert.equal(smtp.received.length, 1, 'never delivered twice');
  });

  test('R61: a permanent refusal (550) fails at once; a server that stays away fails after the last attempt, never stuck', async () => {
    const { invoice } = await postedInvoice();
    smtp.refuseNext(1, 550, 'No such mailbox');
    ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
    await app.outbox.runDue();
    const [failed] = await sends(invoice.id);
    assert.deepEqual([failed.state, failed.attempts], ['failed', 1]);
    assert.match(failed.lastResponse, /550.*No such mailbox/);

    // A server that refuses every time: 3 attempts (outboxMaxAttempts), then failed.
    smtp.refuseNext(99, 421, 'Service not available');
    ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
    for (let i = 0; i < 5; i++) await app.outbox.runDue();
    const [last] = await sends(invoice.id);
    assert.deepEqual([last.state, last.attempts], ['failed', 3]);
    assert.match(last.lastResponse, /421/);
  });

  test('R61: the SMTP server down does not slow the request: it answers queued; the worker records the connection error and retries', async () => {
    const down = await buildServer(ctx.t.database.db, testConfig({ smtpUrl: 'smtp://127.0.0.1:9', publicUrl, outboxRetrySeconds: 0, outboxMaxAttempts: 2 }));
    try {
      const { invoice } = await postedInvoice();
      const api = await apiAs(ctx.t.database.db, 'admin', down);
      const reply = await api.post(`/invoices/${invoice.id}/send`, {});
      assert.deepEqual([reply.status, reply.body.state], [201, 'queued']);
      await down.outbox.runDue();
      const [retrying] = await sends(invoice.id);
      assert.deepEqual([retrying.state, retrying.attempts], ['queued', 1]);
      assert.match(retrying.lastResponse, /ECONNREFUSED/);
      await down.outbox.runDue();
      assert.equal((await sends(invoice.id))[0].state, 'failed');
    } finally {
      await down.close();
    }
  });

  test('R61: the outbox row is written in the change\'s transaction: a rolled-back change leaves nothing to deliver', async () => {
    const db = ctx.t.database.db;
    const count = async () => (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM outbox`))[0]!.n;
    const before = await count();
    await assert.rejects(inTransaction(db, async (tx) => {
      await enqueue(tx, { kind: 'mail', payload: { to: { name: 'x', email: 'x@example.test' }, subject: 's', body: 'b', messageId: '<m@x>' }, maxAttempts: 1 });
      throw new Error('the change fails');
    }), /the change fails/);
    assert.equal(await count(), before);
  });

  test('R61: two workers on one database deliver each of 40 rows exactly once', async () => {
    const db = ctx.t.database.db;
    const delivered: number[] = [];
    const handler = async (job: OutboxJob) => {
      delivered.push(job.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { response: 'ok' };
    };
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await enqueue(db, { kind: 'test-race', payload: { i }, maxAttempts: 3 }));
    const options = { retrySeconds: 0, leaseSeconds: 60, pollMs: 50, start: false };
    const [a, b] = [createOutboxWorker(db, { 'test-race': handler }, options), createOutboxWorker(db, { 'test-race': handler }, options)];
    await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
    assert.deepEqual([...delivered].sort((x, y) => x - y), ids);
    const states = await queryRows<{ state: string; attempts: number }>(db, sql`SELECT state, attempts FROM outbox WHERE kind = 'test-race'`);
    assert.ok(states.every((s) => s.state === 'sent' && s.attempts === 1), JSON.stringify(states));
  });

  test('R61: a row whose worker died (lease ran out) is claimed again; one that died on its last attempt ends failed', async () => {
    const db = ctx.t.database.db;
    const retried = await enqueue(db, { kind: 'test-lease', payload: {}, maxAttempts: 3 });
    const last = await enqueue(db, { kind: 'test-lease', payload: {}, maxAttempts: 1 });
    // As a worker killed after its claim leaves them: running, lease over.
    await db.execute(sql`UPDATE outbox SET state = 'running', attempts = 1, run_at = now() - interval '1 second' WHERE id IN (${retried}, ${last})`);
    const seen: number[] = [];
    const worker = createOutboxWorker(db, { 'test-lease': async (job) => (seen.push(job.id), { response: 'ok' }) }, { retrySeconds: 0, leaseSeconds: 60, pollMs: 50, start: false });
    await worker.runDue();
    assert.deepEqual(seen, [retried]);
    const rows = await queryRows<{ id: number; state: string; attempts: number; last_response: string }>(db, sql`SELECT id, state, attempts, last_response FROM outbox WHERE id IN (${retried}, ${last}) ORDER BY id`);
    assert.deepEqual(rows.map((r) => [r.state, r.attempts]), [['sent', 2], ['failed', 1]]);
    assert.match(rows[1]!.last_response, /worker stopped during the last attempt/);
  });

  test('R61: a running worker delivers without being asked (the loop), and stops cleanly', async () => {
    const db = ctx.t.database.db;
    const seen: number[] = [];
    const worker = createOutboxWorker(db, { 'test-loop': async (job) => (seen.push(job.id), { response: 'ok' }) }, { retrySeconds: 0, leaseSeconds: 60, pollMs: 20, start: true });
    const id = await enqueue(db, { kind: 'test-loop', payload: {}, maxAttempts: 1 });
    const deadline = Date.now() + 10_000;
    while (!seen.includes(id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.stop();
    assert.deepEqual(seen, [id]);
  });
});

forEachDatabase('mail without SMTP: .eml files', (ctx) => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'deskbill-eml-'));
  after(() => rmSync(outboxDir, { recursive: true, force: true }));

  test('R61: with no DESKBILL_SMTP_URL, a sent invoice is written to DESKBILL_OUTBOX_DIR as an .eml with its PDF, and reads sent', async () => {
    const app = await buildServer(ctx.t.database.db, testConfig({ outboxDir, publicUrl }));
    try {
      const admin = await apiAs(ctx.t.database.db, 'admin', app);
      const setup = await createBillingSetup(admin);
      ok(await admin.patch(`/customers/${setup.customer.id}`, { billingEmail: 'files@customer.example' }));
      await logMinutes(admin, setup.ticket.id, [60]);
      const invoice = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, { post: true }));
      ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
      assert.deepEqual(readdirSync(outboxDir), []);
      await app.outbox.runDue();
      const files = readdirSync(outboxDir);
      assert.equal(files.length, 1);
      assert.match(files[0]!, /^mail-\d{10}\.eml$/);
      const parsed = await parseMail(readFileSync(join(outboxDir, files[0]!), 'utf8'));
      assert.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]!.address : null, 'files@customer.example');
      assert.equal(parsed.attachments[0]!.content.subarray(0, 5).toString(), '%PDF-');
      const [send] = ok(await admin.get(`/invoices/${invoice.id}/sends`)).items;
      assert.equal(send.state, 'sent');
      assert.match(send.lastResponse, /^written to .*mail-\d{10}\.eml$/);
    } finally {
      await app.close();
    }
  });
});
