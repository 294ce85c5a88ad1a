import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { apiAs, ok, refuses, unique, type ApiClient } from './api.ts';
import { forEachDatabase } from './db.ts';
import { buildCompany, buildTeam, createBillingSetup, logMinutes, stageNamed } from './factories.ts';


forEachDatabase('timesheets and ticket links', (ctx) => {
  let api: ApiClient & { userId: string };
  before(async () => {
    api = await apiAs(ctx.t.database.db, 'admin');
  });

  test('R1: durations are whole minutes from 1 to 1440', async () => {
    const { ticket } = await createBillingSetup(api);
    const path = `/tickets/${ticket.id}/timesheets`;
    for (const minutes of [0, -5, 1441, 1.5, '30', null]) {
      await refuses(api, () => api.post(path, { date: '2026-11-02', minutes }), 400, 'VALIDATION_FAILED', [path]);
    }
    assert.equal(ok(await api.post(path, { date: '2026-11-02', minutes: 1 })).minutes, 1);
    assert.equal(ok(await api.post(path, { date: '2026-11-02', minutes: 1440 })).minutes, 1440);
  });

  test('bad dates are refused with 400 and change nothing', async () => {
    const { ticket } = await createBillingSetup(api);
    const path = `/tickets/${ticket.id}/timesheets`;
    for (const date of ['2026-02-30', '2026-13-01', '02/11/2026', '', '2026-11-2', '3026-01-01', '2026-11-02T00:00:00Z']) {
      const body = await refuses(api, () => api.post(path, { date, minutes: 30 }), 400, 'VALIDATION_FAILED', [path]);
      assert.equal(body.error.details[0].path, 'date');
    }
  });

  test('R11: time is logged only on teams with timesheets enabled, in the team project', async () => {
    const team = ok(await api.post('/teams', buildTeam({ timesheetsEnabled: false, billingEnabled: false })));
    const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: 'No timesheets here' }));
    const path = `/tickets/${ticket.id}/timesheets`;
    await refuses(api, () => api.post(path, { date: '2026-11-02', minutes: 30 }), 409, 'TIMESHEETS_DISABLED', [path]);
    const enabled = ok(await api.patch(`/teams/${team.id}`, { timesheetsEnabled: true }));
    assert.equal(ok(await api.post(path, { date: '2026-11-02', minutes: 30 })).projectId, enabled.projectId);
  });

  test('R10: billing needs timesheets (400), and a team with timesheets keeps a project', async () => {
    const body = await refuses(api, () => api.post('/teams', buildTeam({ timesheetsEnabled: false, billingEnabled: true })), 400, 'VALIDATION_FAILED', ['/teams?limit=500']);
    assert.equal(body.error.details[0].path, 'billingEnabled');
    const team = ok(await api.post('/teams', buildTeam()));
    await refuses(api, () => api.patch(`/teams/${team.id}`, { timesheetsEnabled: false }), 400, 'VALIDATION_FAILED', [`/teams/${team.id}`]);
    const project = ok(await api.post('/projects', { name: unique('Shared project') }));
    assert.equal(ok(await api.post('/teams', buildTeam({ projectId: project.id }))).projectId, project.id);
  });

  test('R12: billable defaults to the team billing switch; the line follows the ticket unless given', async () => {
    const setup = await createBillingSetup(api);
    const [entry] = await logMinutes(api, setup.ticket.id, [30]);
    assert.equal(entry.billable, true);
    assert.equal(entry.saleOrderLineId, setup.lineId);
    assert.equal(entry.pinned, false);
    const noBilling = ok(await api.post('/teams', buildTeam({ billingEnabled: false })));
    const t2 = ok(await api.post('/tickets', { teamId: noBilling.id, subject: 'internal' }));
    const [internal] = await logMinutes(api, t2.id, [20]);
    assert.equal(internal.billable, false);
    assert.equal(internal.status, 'non_billable');
    // Both non-billable and a line: 400, nothing logged.
    const path = `/tickets/${setup.ticket.id}/timesheets`;
    await refuses(api, () => api.post(path, { date: '2026-11-02', minutes: 10, billable: false, saleOrderLineId: setup.lineId }), 400, 'VALIDATION_FAILED', [path]);
  });

  test('R12/R21: a pinned entry keeps its line when the ticket line changes; unpinning makes it follow again', async () => {
    const setup = await createBillingSetup(api);
    const second = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, unitPrice: '120.00' })).lines[1];
    const [follower] = await logMinutes(api, setup.ticket.id, [30]);
    const [pinned] = await logMinutes(api, setup.ticket.id, [40], { saleOrderLineId: setup.lineId });
    assert.equal(pinned.pinned, true);
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { saleOrderLineId: second.id }));
    assert.equal(ok(await api.get(`/timesheets/${follower.id}`)).saleOrderLineId, second.id);
    assert.equal(ok(await api.get(`/timesheets/${pinned.id}`)).saleOrderLineId, setup.lineId);
    const unpinned = ok(await api.patch(`/timesheets/${pinned.id}`, { saleOrderLineId: null }));
    assert.deepEqual([unpinned.pinned, unpinned.saleOrderLineId], [false, second.id]);
    const order = ok(await api.get(`/sale-orders/${setup.order.id}`));
    assert.deepEqual(order.lines.map((l: any) => l.deliveredMinutes), [0, 70]);
  });

  test('R13: status of an entry is non_billable, unlinked, to_invoice or invoiced', async () => {
    const setup = await createBillingSetup(api, { linkTicket: false });
    const [unlinked] = await logMinutes(api, setup.ticket.id, [30]);
    const [nonBillable] = await logMinutes(api, setup.ticket.id, [15], { billable: false });
    assert.equal(unlinked.status, 'unlinked');
    assert.equal(nonBillable.status, 'non_billable');
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { saleOrderLineId: setup.lineId }));
    assert.equal(ok(await api.get(`/timesheets/${unlinked.id}`)).status, 'to_invoice');
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const read = ok(await api.get(`/timesheets/${unlinked.id}`));
    assert.deepEqual([read.status, read.invoiceId], ['invoiced', invoice.id]);
    assert.equal(ok(await api.get(`/timesheets/${nonBillable.id}`)).status, 'non_billable');
    assert.deepEqual(ok(await api.get(`/tickets/${setup.ticket.id}/timesheets?status=invoiced`)).items.map((t: any) => t.id), [unlinked.id]);
  });

  test('R14: a closed ticket refuses new entries and changes; reopening lifts it', async () => {
    const setup = await createBillingSetup(api);
    const [entry] = await logMinutes(api, setup.ticket.id, [30]);
    const solved = await stageNamed(api, setup.team.id, 'Solved');
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { stageId: solved.id }));
    const path = `/tickets/${setup.ticket.id}/timesheets`;
    await refuses(api, () => api.post(path, { date: '2026-11-02', minutes: 10 }), 409, 'TICKET_CLOSED', [path]);
    await refuses(api, () => api.patch(`/timesheets/${entry.id}`, { minutes: 45 }), 409, 'TICKET_CLOSED', [path]);
    await refuses(api, () => api.delete(`/timesheets/${entry.id}`), 409, 'TICKET_CLOSED', [path]);
    const reopened = await stageNamed(api, setup.team.id, 'In progress');
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { stageId: reopened.id }));
    assert.equal(ok(await api.patch(`/timesheets/${entry.id}`, { minutes: 45 })).minutes, 45);
    assert.equal((await api.delete(`/timesheets/${entry.id}`)).status, 204);
    assert.equal((await api.get(`/timesheets/${entry.id}`)).status, 404);
    assert.equal(ok(await api.get(`/tickets/${setup.ticket.id}`)).loggedMinutes, 0);
  });

  test('R14: a closed ticket keeps its time on its line: relinking it is refused until reopened', async () => {
    const setup = await createBillingSetup(api);
    const second = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, unitPrice: '120' })).lines[1];
    const [entry] = await logMinutes(api, setup.ticket.id, [30]);
    const solved = await stageNamed(api, setup.team.id, 'Solved');
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { stageId: solved.id }));
    await refuses(api, () => api.patch(`/tickets/${setup.ticket.id}`, { saleOrderLineId: second.id }), 409, 'TICKET_CLOSED', [`/tickets/${setup.ticket.id}`, `/timesheets/${entry.id}`]);
    const open = await stageNamed(api, setup.team.id, 'In progress');
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { stageId: open.id, saleOrderLineId: second.id }));
    assert.equal(ok(await api.get(`/timesheets/${entry.id}`)).saleOrderLineId, second.id);
  });

  test('R15: an invoiced entry is frozen except its description, and the refusal names the invoice', async () => {
    const setup = await createBillingSetup(api);
    const [entry] = await logMinutes(api, setup.ticket.id, [30]);
    const invoice = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const paths = [`/timesheets/${entry.id}`, `/invoices/${invoice.id}`];
    for (const patch of [{ minutes: 31 }, { date: '2026-11-03' }, { billable: false }, { userId: api.userId }, { saleOrderLineId: setup.lineId }]) {
      const body = await refuses(api, () => api.patch(`/timesheets/${entry.id}`, patch), 409, 'TIMESHEET_INVOICED', paths);
      assert.match(body.error.message, new RegExp(`draft invoice ${invoice.id}`));
    }
    await refuses(api, () => api.delete(`/timesheets/${entry.id}`), 409, 'TIMESHEET_INVOICED', paths);
    const posted = ok(await api.post(`/invoices/${invoice.id}/post`, {}));
    const body = await refuses(api, () => api.patch(`/timesheets/${entry.id}`, { minutes: 5 }), 409, 'TIMESHEET_INVOICED', paths);
    assert.match(body.error.message, new RegExp(posted.number));
    assert.equal(ok(await api.patch(`/timesheets/${entry.id}`, { description: 'Fixed typo' })).description, 'Fixed typo');
  });

  test('R15: a draft shows the new description of a claimed entry; a posted invoice keeps what it billed', async () => {
    const setup = await createBillingSetup(api);
    const [entry] = await logMinutes(api, setup.ticket.id, [30]);
    const draft = ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    ok(await api.patch(`/timesheets/${entry.id}`, { description: 'Renamed while draft' }));
    assert.equal(ok(await api.get(`/invoices/${draft.id}`)).lines[0].entries[0].description, 'Renamed while draft');
    ok(await api.post(`/invoices/${draft.id}/post`, {}));
    ok(await api.patch(`/timesheets/${entry.id}`, { description: 'Renamed after posting' }));
    assert.equal(ok(await api.get(`/invoices/${draft.id}`)).lines[0].entries[0].description, 'Renamed while draft');
  });

  test('R20: options are lines of confirmed orders of the same commercial entity, timesheets or prepaid', async () => {
    const setup = await createBillingSetup(api, { linkTicket: false });
    const contact = ok(await api.post('/customers', { name: unique('Contact'), kind: 'person', companyId: setup.customer.id }));
    const other = ok(await api.post('/customers', buildCompany()));
    const manual = ok(await api.post('/products', { name: unique('Monitoring'), unit: 'unit', unitPrice: '50', invoicingPolicy: 'manual' }));
    const prepaid = ok(await api.post('/products', { name: unique('Pack'), unit: 'hour', unitPrice: '80', invoicingPolicy: 'prepaid' }));
    const withMore = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: manual.id }));
    const prepaidOrder = ok(await api.post('/sale-orders', { customerId: contact.id, lines: [{ productId: prepaid.id, quantity: '10' }] }));
    ok(await api.post(`/sale-orders/${prepaidOrder.id}/confirm`));
    const quotation = ok(await api.post('/sale-orders', { customerId: setup.customer.id, lines: [{ productId: setup.product.id }] }));
    const foreign = ok(await api.post('/sale-orders', { customerId: other.id, lines: [{ productId: setup.product.id }] }));
    ok(await api.post(`/sale-orders/${foreign.id}/confirm`));
    const ticket = ok(await api.post('/tickets', { teamId: setup.team.id, subject: 'From the contact', customerId: contact.id }));
    const options = ok(await api.get(`/tickets/${ticket.id}/sale-order-line-options`)).items.map((o: any) => o.id).sort();
    assert.deepEqual(options, [setup.lineId, prepaidOrder.lines[0].id].sort());
    for (const lineId of [withMore.lines[1].id, quotation.lines[0].id, foreign.lines[0].id]) {
      await refuses(api, () => api.patch(`/tickets/${ticket.id}`, { saleOrderLineId: lineId }), 422, 'SALE_LINE_NOT_ALLOWED', [`/tickets/${ticket.id}`]);
      await refuses(api, () => api.post(`/tickets/${ticket.id}/timesheets`, { date: '2026-11-02', minutes: 5, saleOrderLineId: lineId }), 422, 'SALE_LINE_NOT_ALLOWED', [`/tickets/${ticket.id}/timesheets`]);
    }
    const noCustomer = ok(await api.post('/tickets', { teamId: setup.team.id, subject: 'anonymous' }));
    assert.deepEqual(ok(await api.get(`/tickets/${noCustomer.id}/sale-order-line-options`)).items, []);
    await refuses(api, () => api.post('/tickets', { teamId: setup.team.id, subject: 'x', customerId: other.id, saleOrderLineId: setup.lineId }), 422, 'SALE_LINE_NOT_ALLOWED', ['/tickets?limit=500']);
  });

  test('R21: relinking moves unpinned uninvoiced billable entries; clearing unlinks them; invoiced ones stay', async () => {
    const setup = await createBillingSetup(api);
    const second = ok(await api.post(`/sale-orders/${setup.order.id}/lines`, { productId: setup.product.id, unitPrice: '99.00' })).lines[1];
    const [billed] = await logMinutes(api, setup.ticket.id, [60]);
    ok(await api.post(`/sale-orders/${setup.order.id}/invoices`, {}));
    const [open, nonBillable] = [...(await logMinutes(api, setup.ticket.id, [30])), ...(await logMinutes(api, setup.ticket.id, [15], { billable: false }))];
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { saleOrderLineId: second.id }));
    assert.equal(ok(await api.get(`/timesheets/${billed.id}`)).saleOrderLineId, setup.lineId);
    assert.equal(ok(await api.get(`/timesheets/${open.id}`)).saleOrderLineId, second.id);
    assert.equal(ok(await api.get(`/timesheets/${nonBillable.id}`)).saleOrderLineId, null);
    const order = ok(await api.get(`/sale-orders/${setup.order.id}`));
    assert.deepEqual(order.lines.map((l: any) => l.qtyDelivered), ['1.00', '0.50']);
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { saleOrderLineId: null }));
    assert.equal(ok(await api.get(`/timesheets/${open.id}`)).status, 'unlinked');
    assert.equal(ok(await api.get(`/timesheets/${billed.id}`)).status, 'invoiced');
  });

  test('R22: a customer of another commercial entity clears the line; a contact of the same company keeps it', async () => {
    const setup = await createBillingSetup(api);
    const [entry] = await logMinutes(api, setup.ticket.id, [30]);
    const colleague = ok(await api.post('/customers', { name: unique('Colleague'), kind: 'person', companyId: setup.customer.id }));
    assert.equal(ok(await api.patch(`/tickets/${setup.ticket.id}`, { customerId: colleague.id })).saleOrderLineId, setup.lineId);
    const other = ok(await api.post('/customers', buildCompany()));
    const moved = ok(await api.patch(`/tickets/${setup.ticket.id}`, { customerId: other.id }));
    assert.equal(moved.saleOrderLineId, null);
    assert.equal(ok(await api.get(`/timesheets/${entry.id}`)).status, 'unlinked');
    // Changing customer while keeping a line of the old entity is refused.
    ok(await api.patch(`/tickets/${setup.ticket.id}`, { customerId: setup.customer.id, saleOrderLineId: setup.lineId }));
    await refuses(api, () => api.patch(`/tickets/${setup.ticket.id}`, { customerId: other.id, saleOrderLineId: setup.lineId }), 422, 'SALE_LINE_NOT_ALLOWED', [`/tickets/${setup.ticket.id}`]);
  });

  test('tickets: list filters, derived minutes and pagination', async () => {
    const setup = await createBillingSetup(api);
    await logMinutes(api, setup.ticket.id, [30, 45]);
    await logMinutes(api, setup.ticket.id, [15], { billable: false });
    const ticket = ok(await api.get(`/tickets/${setup.ticket.id}`));
    assert.deepEqual([ticket.loggedMinutes, ticket.billableMinutes, ticket.closed], [90, 75, false]);
    for (let i = 0; i < 3; i++) ok(await api.post('/tickets', { teamId: setup.team.id, subject: `page ${i}` }));
    const first = ok(await api.get(`/tickets?teamId=${setup.team.id}&limit=2`));
    const second = ok(await api.get(`/tickets?teamId=${setup.team.id}&limit=2&cursor=${first.nextCursor}`));
    assert.equal(first.items.length + second.items.length, 4);
    assert.equal(second.nextCursor, null);
    assert.equal(new Set([...first.items, ...second.items].map((t: any) => t.id)).size, 4);
    assert.deepEqual(ok(await api.get(`/tickets?customerId=${setup.customer.id}`)).items.map((t: any) => t.id), [setup.ticket.id]);
    assert.deepEqual(ok(await api.get(`/tickets?q=%23${ticket.number}`)).items.map((t: any) => t.id), [setup.ticket.id]);
    const bad = await api.get('/tickets?cursor=forged');
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'VALIDATION_FAILED']);
  });

  test('tickets: the customer filter takes the company and its contacts, with every other filter, page by page, newest or oldest first', async () => {
    const [teamA, teamB] = [ok(await api.post('/teams', buildTeam())), ok(await api.post('/teams', buildTeam()))];
    const company = ok(await api.post('/customers', buildCompany()));
    const contacts = [ok(await api.post('/customers', { name: unique('Contact'), kind: 'person', companyId: company.id })), ok(await api.post('/customers', { name: unique('Contact'), kind: 'person', companyId: company.id }))];
    const other = ok(await api.post('/customers', buildCompany()));
    const customers = [company, contacts[0], other, contacts[1], company, null];
    const solved = await stageNamed(api, teamA.id, 'Solved');
    for (let i = 0; i < 14; i++) {
      const team = i % 3 === 2 ? teamB : teamA;
      const ticket = ok(await api.post('/tickets', { teamId: team.id, subject: unique('Filtered'), customerId: customers[i % customers.length]?.id ?? null }));
      if (i % 4 === 1 && team === teamA) ok(await api.patch(`/tickets/${ticket.id}`, { stageId: solved.id }));
    }
    // What each filter must give, from the plain team lists (no customer filter there).
    const all = [...ok(await api.get(`/tickets?teamId=${teamA.id}&limit=500`)).items, ...ok(await api.get(`/tickets?teamId=${teamB.id}&limit=500`)).items];
    const newest = (a: any, b: any) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1);
    const family = new Set([company.id, ...contacts.map((c: any) => c.id)]);
    const walk = async (client: ApiClient, query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = ok(await client.get(`/tickets?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        assert.ok(page.items.length <= 2);
        ids.push(...page.items.map((t: any) => t.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const cases: Array<[string, (t: any) => boolean, boolean?]> = [
      [`customerId=${company.id}`, (t) => family.has(t.customerId)],
      [`customerId=${company.id}&teamId=${teamA.id}`, (t) => family.has(t.customerId) && t.teamId === teamA.id],
      [`customerId=${company.id}&teamId=${teamA.id}&closed=false`, (t) => family.has(t.customerId) && t.teamId === teamA.id && !t.closed],
      [`customerId=${company.id}&sort=oldest`, (t) => family.has(t.customerId), true],
      [`customerId=${contacts[0].id}`, (t) => t.customerId === contacts[0].id],
      [`customerId=${other.id}&teamId=${teamB.id}`, (t) => t.customerId === other.id && t.teamId === teamB.id],
    ];
    for (const [query, keep, oldest] of cases) {
      const expected = all.filter(keep).sort(newest).map((t: any) => t.id);
      if (oldest) expected.reverse();
      assert.ok(expected.length > 0, query);
      assert.deepEqual(await walk(api, query), expected, query);
    }
    // An agent of team A sees the customer's tickets of team A only.
    const agent = await apiAs(ctx.t.database.db, 'agent', undefined, { teamIds: [teamA.id] });
    assert.deepEqual(await walk(agent, `customerId=${company.id}`), all.filter((t: any) => family.has(t.customerId) && t.teamId === teamA.id).sort(newest).map((t: any) => t.id));
  });

  test('a ticket stage from another team is refused; changing team moves it to the first stage', async () => {
    const a = await createBillingSetup(api);
    const b = ok(await api.post('/teams', buildTeam()));
    const foreignStage = await stageNamed(api, b.id, 'In progress');
    await refuses(api, () => api.patch(`/tickets/${a.ticket.id}`, { stageId: foreignStage.id }), 400, 'VALIDATION_FAILED', [`/tickets/${a.ticket.id}`]);
    const moved = ok(await api.patch(`/tickets/${a.ticket.id}`, { teamId: b.id }));
    assert.equal(moved.stageId, (await stageNamed(api, b.id, 'New')).id);
  });
});
