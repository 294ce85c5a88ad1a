// Issue 11: webhooks (R64, decision 0028). A real HTTP receiver runs in this process; the server's
// outbox worker delivers to it (runDue). Each event type: a committed change delivers exactly the
// expected event to a subscribed endpoint, a refused one nothing; signatures verified here with
// node:crypto alone, retries, resend, SSRF, the 64 KB cut and the timeout.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildServer } from '../src/server.ts';
import { inTransaction, queryRows } from '../src/platform/db.ts';
import type { App } from '../src/platform/http.ts';
import {
  addressClass, addressRefusal, emitEvent, postWebhook, RESPONSE_BODY_LIMIT, signature, WEBHOOK_EVENTS, type WebhookEventType,
} from '../src/modules/webhooks/index.ts';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase, testConfig } from './db.ts';
import { createBillingSetup, logMinutes, stageNamed } from './factories.ts';
import { startReceiver, type ReceivedHook, type TestReceiver } from './webhook-receiver.ts';

/** The receiver's check, written from the specification with node:crypto only (not src/). */
function verifies(secret: string, hook: ReceivedHook): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${hook.headers['webhook-id']}.${hook.headers['webhook-timestamp']}.${hook.body}`).digest();
  return String(hook.headers['webhook-signature']).split(' ').some((candidate) => {
    const [version, encoded] = candidate.split(',');
    const given = Buffer.from(encoded ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('R64: Standard Webhooks signatures and address classes', () => {
  test('R64: the signature of the specification\'s test vector (libraries\' TestWebhookSign)', () => {
    assert.equal(
      signature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'),
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  test('R64: loopback, private, link-local, unique-local, CGNAT, multicast, unspecified, metadata: IPv4, IPv6 and IPv4 inside IPv6', () => {
    const table: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'], ['127.255.0.9', 'loopback'], ['::1', 'loopback'], ['[::1]', 'loopback'],
      ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
      ['172.32.0.1', 'public'], ['8.8.8.8', 'public'], ['2606:4700:4700::1111', 'public'], ['1.1.1.1', 'public'],
      ['100.64.0.1', 'cgnat'], ['100.127.255.254', 'cgnat'], ['100.128.0.1', 'public'],
      ['169.254.1.1', 'link-local'], ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'],
      ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'],
      ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['ff02::1', 'multicast'],
      ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['255.255.255.255', 'reserved'], ['192.0.2.10', 'reserved'], ['2001:db8::1', 'reserved'],
      ['169.254.169.254', 'metadata'], ['fd00:ec2::254', 'metadata'], ['100.100.100.200', 'metadata'],
      ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'], ['::ffff:169.254.169.254', 'metadata'],
      ['::ffff:8.8.8.8', 'public'], ['::127.0.0.1', 'loopback'], ['64:ff9b::10.0.0.1', 'private'], ['64:ff9b::8.8.8.8', 'public'],
      ['2002:7f00:1::', 'loopback'], ['2002:0808:0808::1', 'public'],
    ];
    assert.deepEqual(table.map(([address]) => [address, addressClass(address)]), table);
    assert.equal(addressClass('example.com'), null);
    // Allowed private targets open the private classes, never the others.
    assert.equal(addressRefusal('127.0.0.1', true), null);
    assert.equal(addressRefusal('10.0.0.1', true), null);
    assert.match(addressRefusal('127.0.0.1', false)!, /loopback.*not allowed in the webhook settings/);
    assert.match(addressRefusal('169.254.169.254', true)!, /cloud metadata address \(never allowed\)/);
    assert.match(addressRefusal('0.0.0.0', true)!, /unspecified/);
    assert.match(addressRefusal('ff02::1', true)!, /multicast/);
    assert.equal(addressRefusal('8.8.8.8', false), null);
  });
});

forEachDatabase('webhooks', (ctx) => {
  let receiver: TestReceiver;
  let app: App;
  let admin: ApiClient & { userId: string };
  const created: string[] = [];

  before(async () => {
    receiver = await startReceiver();
    // Retries due at once; a delivery times out after 400 ms instead of 10 s.
    app = await buildServer(ctx.t.database.db, testConfig({ outboxRetrySeconds: 0, webhookTimeoutMs: 400 }));
    admin = await apiAs(ctx.t.database.db, 'admin', app);
    // The receiver listens on 127.0.0.1: private targets must be allowed.
    ok(await admin.patch('/webhook-settings', { allowPrivateTargets: true }));
  });
  after(async () => {
    await app.close();
    await receiver.close();
  });
  afterEach(async () => {
    // Each test's endpoints go: the next test's events reach only its own.
    await app.outbox.runDue();
    for (const id of created.splice(0)) await admin.delete(`/webhook-endpoints/${id}`);
    ok(await admin.patch('/webhook-settings', { allowPrivateTargets: true }));
  });

  interface Hook {
    id: string;
    secret: string;
    active: boolean;
    events: string[];
    previousSecretUntil: string | null;
    path: string;
    received(): ReceivedHook[];
    log(): Promise<any[]>;
  }

  /** Registers an endpoint at a path of its own, subscribed to `events`. */
  async function hook(events: WebhookEventType[], extra: Record<string, unknown> = {}): Promise<Hook> {
    const path = `/${unique('hook')}`;
    const endpoint = ok(await admin.post('/webhook-endpoints', { url: `${receiver.url}${path}`, events, description: 'test', ...extra }));
    created.push(endpoint.id);
    return { ...endpoint, path, received: () => receiver.at(path), log: async () => ok(await admin.get(`/webhook-endpoints/${endpoint.id}/deliveries`)).items as any[] };
  }

  /** Delivers what is due; the bodies of the messages the endpoint received since `from`, checked for a valid signature and the headers. */
  async function deliveredTo(h: Hook, from = 0): Promise<any[]> {
    await app.outbox.runDue();
    return h.received().slice(from).map((r) => {
      assert.ok(verifies(h.secret, r), `signature of ${r.body}`);
      assert.match(String(r.headers['webhook-id']), /^msg_[0-9a-f]{32}$/);
      assert.ok(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'webhook-timestamp is the attempt\'s time, in seconds');
      assert.equal(r.headers['content-type'], 'application/json');
      const body = JSON.parse(r.body);
      assert.deepEqual(Object.keys(body), ['type', 'timestamp', 'data']);
      assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      return body;
    });
  }

  test('R64: an event goes out right after the request that emitted it, not at the worker\'s next poll', async () => {
    const h = await hook(['ticket.created']);
    const setup = await createBillingSetup(admin);
    // A second server on the same database, its worker running, looking by itself only once a minute.
    const live = await buildServer(ctx.t.database.db, testConfig({ outboxWorker: true, outboxPollMs: 60_000, webhookTimeoutMs: 400 }));
    try {
      const api = await apiAs(ctx.t.database.db, 'admin', live);
      const ticket = ok(await api.post('/tickets', { teamId: setup.team.id, subject: unique('Woken'), customerId: setup.customer.id }));
      const arrived = () => h.received().some((r) => JSON.parse(r.body).data.id === ticket.id);
      const deadline = Date.now() + 5000;
      while (!arrived() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(arrived(), 'delivered within 5 s, woken by the request (the worker looks by itself only once a minute)');
    } finally {
      await live.close();
    }
  });

  test('R64: ticket.created and ticket.stage_changed: one event per committed change, none for a refused one, signed, in the log as sent', async () => {
    const h = await hook(['ticket.created', 'ticket.stage_changed']);
    const setup = await createBillingSetup(admin);
    const ticket = ok(await admin.post('/tickets', { teamId: setup.team.id, subject: 'Printer on fire', customerId: setup.customer.id, priority: 'urgent' }));
    const [createdEvent, ...others] = (await deliveredTo(h)).filter((b) => b.data.id === ticket.id);
    assert.deepEqual(others, []);
    assert.deepEqual(createdEvent.type, 'ticket.created');
    assert.deepEqual(createdEvent.data, {
      id: ticket.id, number: ticket.number, subject: 'Printer on fire', teamId: setup.team.id, stageId: ticket.stageId,
      customerId: setup.customer.id, assigneeId: null, priority: 'urgent', saleOrderLineId: null,
    });

    const seen = h.received().length;
    // Refused: a stage of no team; an unchanged stage emits nothing either.
    await refuses(admin, () => admin.post('/tickets', { teamId: '999999999', subject: 'x' }), 400, 'VALIDATION_FAILED', []);
    ok(await admin.patch(`/tickets/${ticket.id}`, { subject: 'Printer on fire (2)' }));
    assert.deepEqual(await deliveredTo(h, seen), []);

    const solved = await stageNamed(admin, setup.team.id, 'Solved');
    ok(await admin.patch(`/tickets/${ticket.id}`, { stageId: solved.id }));
    const [moved] = await deliveredTo(h, seen);
    assert.deepEqual([moved.type, moved.data], ['ticket.stage_changed', {
      id: ticket.id, number: ticket.number, teamId: setup.team.id, previousStageId: ticket.stageId, stageId: solved.id, closed: solved.closed,
    }]);

    // A ticket opened in the customer portal is the same event.
    const portal = await apiAs(ctx.t.database.db, 'customer', app, { customerId: setup.customer.id });
    const opened = ok(await portal.post('/portal/tickets', { teamId: setup.team.id, subject: 'From the portal' }));
    const [fromPortal] = await deliveredTo(h, seen + 1);
    assert.deepEqual([fromPortal.type, fromPortal.data.id, fromPortal.data.customerId, fromPortal.data.subject], ['ticket.created', opened.id, setup.customer.id, 'From the portal']);

    const log = await h.log();
    const stageMessage = h.received().find((r) => JSON.parse(r.body).type === 'ticket.stage_changed')!;
    const mine = log.filter((d) => d.eventId === stageMessage.headers['webhook-id']);
    assert.deepEqual(mine.map((d) => [d.eventType, d.state, d.attempts, d.lastStatus, d.resendOf]), [['ticket.stage_changed', 'sent', 1, 200, null]]);
    assert.match(mine[0].lastResponse, /^HTTP 200 OK\nok$/);
    assert.ok(mine[0].finishedAt);
  });

  test('R64: timesheet.created, .updated and .deleted carry the entry; time refused on a closed ticket emits nothing; an unsubscribed type is not delivered', async () => {
    const h = await hook(['timesheet.created', 'timesheet.updated', 'timesheet.deleted']);
    const onlyDeleted = await hook(['timesheet.deleted']);
    const setup = await createBillingSetup(admin);
    const [entry] = await logMinutes(admin, setup.ticket.id, [45]);
    const expected = {
      id: entry.id, ticketId: setup.ticket.id, userId: admin.userId, date: '2026-11-02', minutes: 45, description: 'work 45', billable: true, saleOrderLineId: setup.lineId,
    };
    assert.deepEqual((await deliveredTo(h)).map((b) => [b.type, b.data]), [['timesheet.created', expected]]);
    assert.deepEqual(onlyDeleted.received(), [], 'not subscribed to timesheet.created');

    ok(await admin.patch(`/timesheets/${entry.id}`, { minutes: 60, description: 'more work' }));
    assert.deepEqual((await deliveredTo(h, 1)).map((b) => [b.type, b.data]), [['timesheet.updated', { ...expected, minutes: 60, description: 'more work' }]]);
    ok(await admin.delete(`/timesheets/${entry.id}`));
    const deleted = [['timesheet.deleted', { ...expected, minutes: 60, description: 'more work' }]];
    assert.deepEqual((await deliveredTo(h, 2)).map((b) => [b.type, b.data]), deleted);
    assert.deepEqual((await deliveredTo(onlyDeleted)).map((b) => [b.type, b.data]), deleted);

    const solved = await stageNamed(admin, setup.team.id, 'Solved');
    ok(await admin.patch(`/tickets/${setup.ticket.id}`, { stageId: solved.id }));
    await refuses(admin, () => admin.post(`/tickets/${setup.ticket.id}/timesheets`, { date: '2026-11-03', minutes: 30 }), 409, 'TICKET_CLOSED', []);
    assert.equal(h.received().length, 3);
    assert.deepEqual((await deliveredTo(h, 3)), []);
  });

  test('R64: sale_order.confirmed once; confirming again (409) emits nothing', async () => {
    const h = await hook(['sale_order.confirmed']);
    const setup = await createBillingSetup(admin);
    const [confirmed] = await deliveredTo(h);
    assert.equal(confirmed.type, 'sale_order.confirmed');
    assert.deepEqual({ ...confirmed.data, confirmedAt: typeof confirmed.data.confirmedAt }, { id: setup.order.id, number: setup.order.number, customerId: setup.customer.id, confirmedAt: 'string' });
    await refuses(admin, () => admin.post(`/sale-orders/${setup.order.id}/confirm`), 409, 'ORDER_NOT_DRAFT', []);
    assert.deepEqual(await deliveredTo(h, 1), []);
  });

  test('R64: invoice.posted, invoice.sent and credit_note.posted with the document\'s figures; a refused post or send emits nothing', async () => {
    const h = await hook(['invoice.posted', 'invoice.sent', 'credit_note.posted']);
    const setup = await createBillingSetup(admin);
    ok(await admin.patch(`/customers/${setup.customer.id}`, { billingEmail: 'ap@customer.example' }));
    await logMinutes(admin, setup.ticket.id, [90]);
    const draft = ok(await admin.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    await refuses(admin, () => admin.post(`/invoices/${draft.id}/send`, {}), 409, 'INVOICE_NOT_POSTED', []);
    assert.deepEqual(await deliveredTo(h), []);
    const invoice = ok(await admin.post(`/invoices/${draft.id}/post`, {}));
    const [posted] = await deliveredTo(h);
    assert.deepEqual([posted.type, posted.data], ['invoice.posted', {
      id: invoice.id, number: invoice.number, customerId: setup.customer.id, customerName: setup.customer.name, saleOrderId: setup.order.id,
      reversedInvoiceId: null, invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate, currency: 'EUR', amountUntaxed: '135.00', amountTax: '28.35', amountTotal: '163.35',
    }]);
    await refuses(admin, () => admin.post(`/invoices/${invoice.id}/post`, {}), 409, 'INVOICE_POSTED', []);

    const send = ok(await admin.post(`/invoices/${invoice.id}/send`, {}));
    const [sent] = await deliveredTo(h, 1);
    assert.deepEqual([sent.type, sent.data], ['invoice.sent', { id: invoice.id, number: invoice.number, kind: 'invoice', customerId: setup.customer.id, sendId: send.id, toEmail: 'ap@customer.example' }]);

    const credit = ok(await admin.post(`/invoices/${invoice.id}/reverse`, {}));
    assert.deepEqual(await deliveredTo(h, 2), [], 'a draft credit note is not an event');
    const creditNote = ok(await admin.post(`/invoices/${credit.id}/post`, {}));
    const [credited] = await deliveredTo(h, 2);
    assert.equal(credited.type, 'credit_note.posted');
    assert.deepEqual([credited.data.id, credited.data.number, credited.data.reversedInvoiceId, credited.data.amountTotal], [creditNote.id, creditNote.number, invoice.id, creditNote.amountTotal]);
  });

  test('R64: an event is written in the change\'s transaction: rolled back, nothing is queued or logged', async () => {
    const h = await hook(['ticket.created']);
    const db = ctx.t.database.db;
    const count = async () => (await queryRows<{ n: number }>(db, sql`SELECT (SELECT count(*) FROM outbox)::int + (SELECT count(*) FROM webhook_deliveries)::int AS n`))[0]!.n;
    const before = await count();
    await assert.rejects(inTransaction(db, async (tx) => {
      assert.equal(await emitEvent(tx, 'ticket.created', { id: '1' }), 1, 'one endpoint subscribed');
      throw new Error('the change fails');
    }), /the change fails/);
    assert.equal(await count(), before);
    assert.deepEqual(await deliveredTo(h), []);
    assert.deepEqual(await h.log(), []);
  });

  test('R64: a 500 is retried with the same webhook-id and body, then sent; the log shows the attempts and the last answer', async () => {
    const h = await hook(['ticket.created']);
    receiver.answer(h.path, { status: 500, body: 'database down' });
    const setup = await createBillingSetup(admin, { linkTicket: false });
    await app.outbox.runDue();
    const [waiting] = await h.log();
    assert.deepEqual([waiting.state, waiting.attempts, waiting.lastStatus], ['queued', 1, 500]);
    assert.match(waiting.lastResponse, /^HTTP 500 Internal Server Error\ndatabase down$/);
    assert.ok(waiting.nextAttemptAt);
    const bodies = await deliveredTo(h);
    assert.equal(bodies.length, 2);
    const [first, second] = h.received();
    assert.equal(first!.headers['webhook-id'], second!.headers['webhook-id']);
    assert.equal(first!.body, second!.body);
    assert.equal(bodies[0].data.id, setup.ticket.id);
    const [sent] = await h.log();
    assert.deepEqual([sent.state, sent.attempts, sent.lastStatus], ['sent', 2, 200]);
    await app.outbox.runDue();
    assert.equal(h.received().length, 2, 'never delivered again once sent');
  });

  test('R64: Resend re-delivers the same message (same webhook-id and body) as a new row of the log', async () => {
    const h = await hook(['ticket.created']);
    await createBillingSetup(admin, { linkTicket: false });
    await deliveredTo(h);
    const [original] = await h.log();
    const resent = await admin.post(`/webhook-deliveries/${original.id}/resend`);
    assert.equal(resent.status, 201, JSON.stringify(resent.body));
    assert.deepEqual([resent.body.eventId, resent.body.resendOf, resent.body.state, resent.body.attempts], [original.eventId, original.id, 'queued', 0]);
    await deliveredTo(h, 1);
    const [first, again] = h.received();
    assert.equal(again!.headers['webhook-id'], first!.headers['webhook-id']);
    assert.equal(again!.body, first!.body);
    // A resend of the resend points at the first delivery too.
    const twice = ok(await admin.post(`/webhook-deliveries/${resent.body.id}/resend`));
    assert.equal(twice.resendOf, original.id);
    await app.outbox.runDue();
    assert.deepEqual((await h.log()).map((d) => [d.id === original.id, d.state, d.eventId]), [[false, 'sent', original.eventId], [false, 'sent', original.eventId], [true, 'sent', original.eventId]]);
    assert.equal((await admin.post('/webhook-deliveries/999999999/resend')).status, 404);
  });

  test('R64: an answer over 64 KB is cut, not waited for (sent); no answer within the timeout is a failed attempt, retried', async () => {
    const h = await hook(['ticket.created']);
    receiver.answer(h.path, 'endless', 'silent');
    await createBillingSetup(admin, { linkTicket: false });
    await app.outbox.runDue();
    const [cut] = await h.log();
    assert.deepEqual([cut.state, cut.lastStatus], ['sent', 200]);
    assert.match(cut.lastResponse, /^HTTP 200 OK \(body cut at 64 KB\)\nxxxx/);

    const started = Date.now();
    ok(await admin.post(`/webhook-deliveries/${cut.id}/resend`));
    await app.outbox.runDue();
    assert.ok(Date.now() - started < 5000, 'cut at the 400 ms timeout of this server');
    const [late] = await h.log();
    assert.deepEqual([late.state, late.attempts, late.lastStatus, late.lastResponse], ['queued', 1, null, 'no answer within 0.4 s']);
    await app.outbox.runDue();
    assert.equal((await h.log())[0].state, 'sent');
  });

  test('R64: at most 64 KB of a body is read; the connection goes to the address that was checked, whatever the host name', async () => {
    const path = `/${unique('direct')}`;
    receiver.answer(path, 'endless');
    const port = new URL(receiver.url).port;
    // A name that resolves nowhere: the request still reaches the checked address, with the name as Host.
    const answer = await postWebhook(new URL(`http://hooks.invalid:${port}${path}`), { address: '127.0.0.1', family: 4 }, { 'webhook-id': 'msg_x' }, '{}', 2000);
    assert.deepEqual([answer.status, answer.cut, Buffer.byteLength(answer.body)], [200, true, RESPONSE_BODY_LIMIT]);
    const [seen] = receiver.at(path);
    assert.equal(seen!.headers.host, `hooks.invalid:${port}`);
  });

  test('R64: 410 Gone fails the delivery and disables the endpoint (why is shown); a resend then answers 409; enabling clears it', async () => {
    const h = await hook(['ticket.created']);
    receiver.answer(h.path, { status: 410, body: 'gone' });
    await createBillingSetup(admin, { linkTicket: false });
    await app.outbox.runDue();
    const [gone] = await h.log();
    assert.deepEqual([gone.state, gone.attempts, gone.lastStatus], ['failed', 1, 410]);
    const endpoint = ok(await admin.get(`/webhook-endpoints/${h.id}`));
    assert.equal(endpoint.active, false);
    assert.match(endpoint.disabledReason, /^HTTP 410 Gone on /);
    await refuses(admin, () => admin.post(`/webhook-deliveries/${gone.id}/resend`), 409, 'WEBHOOK_ENDPOINT_DISABLED', [`/webhook-endpoints/${h.id}/deliveries`]);
    // Disabled: new events do not go to it.
    await createBillingSetup(admin, { linkTicket: false });
    assert.equal((await h.log()).length, 1);
    const enabled = ok(await admin.patch(`/webhook-endpoints/${h.id}`, { active: true }));
    assert.deepEqual([enabled.active, enabled.disabledReason], [true, null]);
    ok(await admin.post(`/webhook-deliveries/${gone.id}/resend`));
    await app.outbox.runDue();
    assert.equal((await h.log())[0].state, 'sent');
  });

  test('R64: SSRF: loopback, private, link-local, metadata and IPv4-mapped URLs are refused at registration (400 WEBHOOK_URL_REFUSED) unless allowed; metadata never', async () => {
    ok(await admin.patch('/webhook-settings', { allowPrivateTargets: false }));
    const refused = [
      'http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://api.localhost/hook', 'http://[::1]/hook', 'http://10.0.0.5/hook',
      'http://192.168.1.10/hook', 'http://172.20.0.1/hook', 'http://100.64.1.1/hook', 'http://169.254.169.254/latest/meta-data',
      'http://[fd00::1]/hook', 'http://[fe80::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://[::ffff:a9fe:a9fe]/', 'http://0.0.0.0/',
      'http://2130706433/', 'http://0x7f.1/', 'http://[ff02::1]/', 'ftp://example.com/hook', 'file:///etc/passwd', 'http://user:pw@example.com/',
      'javascript:alert(1)', 'not a url',
    ];
    for (const url of refused) {
      const reply = await admin.post('/webhook-endpoints', { url, events: ['ticket.created'] });
      assert.deepEqual([url, reply.status, reply.body.error?.code, reply.body.error?.details?.[0]?.path], [url, 400, 'WEBHOOK_URL_REFUSED', 'url']);
    }
    assert.deepEqual(ok(await admin.get('/webhook-endpoints')).items.filter((e: any) => refused.includes(e.url)), []);
    // A public address is accepted (not delivered to here: deleted at once); the scheme in any case.
    const upper = ok(await admin.post('/webhook-endpoints', { url: 'HTTPS://93.184.215.14/Hook', events: ['ticket.created'], active: false }));
    created.push(upper.id);
    const publicOne = ok(await admin.post('/webhook-endpoints', { url: 'https://93.184.215.14/hook', events: ['ticket.created'], active: false }));
    created.push(publicOne.id);

    // Allowed: private targets pass, metadata and unspecified never.
    ok(await admin.patch('/webhook-settings', { allowPrivateTargets: true }));
    const allowed = ok(await admin.post('/webhook-endpoints', { url: 'http://10.0.0.5/hook', events: ['ticket.created'], active: false }));
    created.push(allowed.id);
    for (const url of ['http://169.254.169.254/', 'http://[fd00:ec2::254]/', 'http://0.0.0.0/']) {
      assert.equal((await admin.post('/webhook-endpoints', { url, events: ['ticket.created'] })).body.error?.code, 'WEBHOOK_URL_REFUSED', url);
    }
    // Changing the URL is checked the same way.
    await refuses(admin, () => admin.patch(`/webhook-endpoints/${allowed.id}`, { url: 'http://169.254.169.254/' }), 400, 'WEBHOOK_URL_REFUSED', [`/webhook-endpoints/${allowed.id}`]);
  });

  test('R64: SSRF at delivery: an endpoint registered while private targets were allowed is refused once they are not (failed, nothing sent)', async () => {
    const h = await hook(['ticket.created']);
    ok(await admin.patch('/webhook-settings', { allowPrivateTargets: false }));
    await createBillingSetup(admin, { linkTicket: false });
    await app.outbox.runDue();
    const [refused] = await h.log();
    assert.deepEqual([refused.state, refused.attempts], ['failed', 1]);
    assert.match(refused.lastResponse, /^refused: 127\.0\.0\.1 is loopback/);
    assert.deepEqual(h.received(), []);
  });

  test('R64: the private-targets setting is on the company\'s audit trail; endpoint changes are audited without their secret', async () => {
    ok(await admin.patch('/webhook-settings', { allowPrivateTargets: false }));
    const trail = ok(await admin.get('/audit-events?objectType=company&objectId=1')).items as any[];
    const change = trail.find((e) => e.after?.webhooks_allow_private_targets === false);
    assert.ok(change, JSON.stringify(trail.slice(0, 3)));
    assert.deepEqual([change.actorId, change.before], [admin.userId, { webhooks_allow_private_targets: true }]);
    ok(await admin.patch('/webhook-settings', { allowPrivateTargets: true }));
    const h = await hook(['ticket.created']);
    ok(await admin.post(`/webhook-endpoints/${h.id}/rotate-secret`));
    const events = ok(await admin.get(`/audit-events?objectType=webhook_endpoint&objectId=${h.id}`)).items as any[];
    assert.deepEqual(events.map((e) => e.action).reverse(), ['created', 'updated']);
    assert.ok(!JSON.stringify(events).includes('whsec_'), 'no secret on the trail');
  });

  test('R64: endpoints: a whsec_ secret of 32 bytes; rotating signs with both secrets for a day; events subset and validation', async () => {
    const h = await hook(['ticket.created']);
    assert.match(h.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(h.secret.slice(6), 'base64').length, 32);
    assert.deepEqual([h.active, h.events, h.previousSecretUntil], [true, ['ticket.created'], null]);
    const rotated = ok(await admin.post(`/webhook-endpoints/${h.id}/rotate-secret`));
    assert.notEqual(rotated.secret, h.secret);
    assert.ok(Date.parse(rotated.previousSecretUntil) > Date.now() + 23 * 3600_000);
    await createBillingSetup(admin, { linkTicket: false });
    await app.outbox.runDue();
    const [message] = h.received();
    const signatures = String(message!.headers['webhook-signature']).split(' ');
    assert.equal(signatures.length, 2);
    assert.ok(verifies(rotated.secret, { ...message!, headers: { ...message!.headers, 'webhook-signature': signatures[0] } }), 'the new secret signs first');
    assert.ok(verifies(h.secret, { ...message!, headers: { ...message!.headers, 'webhook-signature': signatures[1] } }), 'the previous one still signs');

    const changed = ok(await admin.patch(`/webhook-endpoints/${h.id}`, { events: ['invoice.posted', 'invoice.posted', 'timesheet.created'], description: 'accounting' }));
    assert.deepEqual([changed.events, changed.description, changed.secret], [['invoice.posted', 'timesheet.created'], 'accounting', rotated.secret]);
    for (const body of [{ url: `${receiver.url}/x`, events: [] }, { url: `${receiver.url}/x`, events: ['invoice.paid'] }, { url: `${receiver.url}/x` }, { url: `${receiver.url}/x`, events: ['ticket.created'], secret: 'mine' }]) {
      const reply = await admin.post('/webhook-endpoints', body);
      assert.deepEqual([reply.status, reply.body.error.code], [400, 'VALIDATION_FAILED'], JSON.stringify(body));
    }
    assert.deepEqual(ok(await admin.get('/webhook-endpoints')).items.map((e: any) => e.id), created);
    assert.equal((await admin.get('/webhook-endpoints/999999999')).status, 404);
    assert.equal((await admin.get('/webhook-endpoints/999999999/deliveries')).status, 404);
    assert.equal((await admin.delete(`/webhook-endpoints/${h.id}`)).status, 204);
    assert.equal((await admin.get(`/webhook-endpoints/${h.id}`)).status, 404);
    assert.equal((await admin.delete(`/webhook-endpoints/${h.id}`)).status, 404);
    assert.deepEqual(WEBHOOK_EVENTS.length, 9);
  });

  test('R64: a message queued for a deleted endpoint fails at its turn; the delivery log pages newest first', async () => {
    const h = await hook(['ticket.created']);
    const setup = await createBillingSetup(admin, { linkTicket: false });
    for (let i = 0; i < 2; i++) ok(await admin.post('/tickets', { teamId: setup.team.id, subject: unique('T') }));
    const firstPage = ok(await admin.get(`/webhook-endpoints/${h.id}/deliveries?limit=2`));
    assert.equal(firstPage.items.length, 2);
    const secondPage = ok(await admin.get(`/webhook-endpoints/${h.id}/deliveries?limit=2&cursor=${firstPage.nextCursor}`));
    assert.deepEqual([secondPage.items.length, secondPage.nextCursor], [1, null]);
    const ids = [...firstPage.items, ...secondPage.items].map((d: any) => Number(d.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    ok(await admin.delete(`/webhook-endpoints/${h.id}`));
    created.splice(created.indexOf(h.id), 1);
    await app.outbox.runDue();
    assert.deepEqual(h.received(), []);
    const outcomes = await queryRows<{ state: string; last_response: string }>(ctx.t.database.db, sql`
      SELECT state, last_response FROM outbox WHERE kind = 'webhook' AND payload ->> 'endpointId' = ${h.id}`);
    assert.deepEqual(outcomes.map((o) => [o.state, o.last_response]), Array(3).fill(['failed', 'the endpoint was deleted']));
  });
});
