import { z } from 'zod';
import { todayUtc } from '../core/dates.ts';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { caller } from './auth-hook.ts';
import { errorResponses, id, idParams, listOf, listQuery, name, text } from '../platform/schemas.ts';
import { bulkUpdateTickets, createTicket, getTicket, helpdeskDashboard, listTickets, ticketSaleLineOptions, updateTicket } from '../modules/service-billing/index.ts';
import { createProject, createTeam, getProject, getTeam, listProjects, listStages, listTeams, updateTeam } from '../modules/helpdesk/index.ts';

const teamRead = z.object({ id: z.string(), name: z.string(), timesheetsEnabled: z.boolean(), billingEnabled: z.boolean(), projectId: z.string().nullable(), stageOnTimeLogged: z.string().nullable(), memberIds: z.array(z.string()), createdAt: z.string() });
const teamCreate = z.strictObject({ name: name(), timesheetsEnabled: z.boolean().optional(), billingEnabled: z.boolean().optional(), projectId: id.nullable().optional(), stageOnTimeLogged: id.nullable().optional(), memberIds: z.array(id).max(500).optional() });
const stageRead = z.object({ id: z.string(), teamId: z.string(), name: z.string(), sequence: z.number(), closed: z.boolean() });
const projectRead = z.object({ id: z.string(), name: z.string(), customerId: z.string().nullable(), createdAt: z.string() });
const priority = z.enum(['low', 'normal', 'high', 'urgent']);

const ticketRead = z.object({
  id: z.string(), number: z.number(), subject: z.string(), description: z.string(), teamId: z.string(),
  customerId: z.string().nullable(), assigneeId: z.string().nullable(), priority, stageId: z.string(), closed: z.boolean(),
  saleOrderLineId: z.string().nullable(), saleOrderId: z.string().nullable(), prepaidRemaining: z.string().nullable(), prepaidUnit: z.enum(['hour', 'day']).nullable(), loggedMinutes: z.number(), billableMinutes: z.number(),
  createdAt: z.string(), updatedAt: z.string(),
});
const ticketCreate = z.strictObject({
  teamId: id, subject: name(300), description: text(20000).optional(), customerId: id.nullable().optional(), assigneeId: id.nullable().optional(),
  priority: priority.optional(), stageId: id.optional(), saleOrderLineId: id.nullable().optional(),
});
// Bulk actions on the ticket list: one change (assignee, stage or sales order item) to up to 100 tickets.
const ticketBulk = z.strictObject({
  ticketIds: z.array(id).min(1).max(100).refine((ids) => new Set(ids).size === ids.length, 'Each ticket once'),
  change: z.strictObject({ assigneeId: id.nullable().optional(), stageId: id.optional(), stageName: name(100).optional(), saleOrderLineId: id.nullable().optional() })
    .refine((c) => Object.keys(c).length > 0, 'Name what to change: assigneeId, stageId, stageName or saleOrderLineId')
    .refine((c) => c.stageId === undefined || c.stageName === undefined, { message: 'Give stageId or stageName, not both', path: ['stageName'] }),
});
const optionRead = z.object({
  id: z.string(), orderId: z.string(), orderNumber: z.string(), productId: z.string(), description: z.string(), unit: z.enum(['hour', 'day', 'unit']),
  invoicingPolicy: z.enum(['timesheets', 'prepaid', 'manual']), unitPrice: z.string().nullable(), quantity: z.string(), qtyDelivered: z.string(), deliveredMinutes: z.number(), remaining: z.string(),
});
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Teams, stages, projects and tickets. */
export function registerHelpdeskRoutes(app: App, db: Db): void {
  const p = API_PREFIX;

  app.get(`${p}/teams`, { config: { access: policy.staff }, schema: { tags: ['teams'], querystring: z.strictObject(listQuery), response: { 200: listOf(teamRead), ...errorResponses } } }, async (r) => listTeams(db, r.query));
  app.post(`${p}/teams`, { config: { access: policy.setup }, schema: { tags: ['teams'], body: teamCreate, response: { 201: teamRead, ...errorResponses } } }, async (r, reply) => reply.status(201).send(await createTeam(db, r.body)));
  app.get(`${p}/teams/:id`, { config: { access: policy.staff }, schema: { tags: ['teams'], params: idParams, response: { 200: teamRead, ...errorResponses } } }, async (r) => getTeam(db, Number(r.params.id)));
  app.patch(`${p}/teams/:id`, { config: { access: policy.setup }, schema: { tags: ['teams'], params: idParams, body: teamCreate.partial(), response: { 200: teamRead, ...errorResponses } } }, async (r) => updateTeam(db, Number(r.params.id), r.body));
  app.get(`${p}/teams/:id/stages`, { config: { access: policy.staff }, schema: { tags: ['teams'], params: idParams, response: { 200: z.object({ items: z.array(stageRead) }), ...errorResponses } } }, async (r) => ({ items: await listStages(db, Number(r.params.id)) }));

  app.get(`${p}/helpdesk/dashboard`, {
    config: { access: policy.helpdeskRead },
    schema: {
      tags: ['teams'],
      response: {
        200: z.object({ items: z.array(z.object({ teamId: z.string(), name: z.string(), timesheetsEnabled: z.boolean(), billingEnabled: z.boolean(), openTickets: z.number(), unassigned: z.number(), urgent: z.number(), minutesThisWeek: z.number(), minutesToInvoice: z.number() })) }),
        ...errorResponses,
      },
    },
  }, async (r) => ({ items: await helpdeskDashboard(db, todayUtc(), caller(r)) }));

  app.get(`${p}/projects`, { config: { access: policy.staff }, schema: { tags: ['projects'], querystring: z.strictObject(listQuery), response: { 200: listOf(projectRead), ...errorResponses } } }, async (r) => listProjects(db, r.query));
  app.post(`${p}/projects`, { config: { access: policy.setup }, schema: { tags: ['projects'], body: z.strictObject({ name: name(), customerId: id.nullable().optional() }), response: { 201: projectRead, ...errorResponses } } }, async (r, reply) => reply.status(201).send(await createProject(db, r.body)));
  app.get(`${p}/projects/:id`, { config: { access: policy.staff }, schema: { tags: ['projects'], params: idParams, response: { 200: projectRead, ...errorResponses } } }, async (r) => getProject(db, Number(r.params.id)));

  app.get(`${p}/tickets`, {
    config: { access: policy.helpdeskRead },
    schema: {
      tags: ['tickets'],
      querystring: z.strictObject({
        ...listQuery, teamId: id.optional(), stageId: id.optional(), customerId: id.optional(), assigneeId: id.optional(), unassigned: bool.optional(),
        stageName: name(100).optional(), closed: bool.optional(), priority: priority.optional(), saleOrderId: id.optional(), saleOrderLineId: id.optional(), projectId: id.optional(),
        q: text(200).optional(), sort: z.enum(['newest', 'oldest']).optional(),
      }),
      response: { 200: listOf(ticketRead), ...errorResponses },
    },
  }, async (r) => listTickets(db, r.query, caller(r)));
  app.post(`${p}/tickets`, { config: { access: policy.helpdeskWrite }, schema: { tags: ['tickets'], body: ticketCreate, response: { 201: ticketRead, ...errorResponses } } }, async (r, reply) => reply.status(201).send(await createTicket(db, r.body, caller(r))));
  app.post(`${p}/tickets/bulk`, {
    config: { access: policy.helpdeskWrite },
    schema: {
      tags: ['tickets'],
      body: ticketBulk,
      response: { 200: z.object({ ticketIds: z.array(z.string()) }), ...errorResponses },
    },
  }, async (r) => bulkUpdateTickets(db, r.body.ticketIds, r.body.change, caller(r)));
  app.get(`${p}/tickets/:id`, { config: { access: policy.helpdeskRead }, schema: { tags: ['tickets'], params: idParams, response: { 200: ticketRead, ...errorResponses } } }, async (r) => getTicket(db, Number(r.params.id), caller(r)));
  app.patch(`${p}/tickets/:id`, { config: { access: policy.helpdeskWrite }, schema: { tags: ['tickets'], params: idParams, body: ticketCreate.partial(), response: { 200: ticketRead, ...errorResponses } } }, async (r) => updateTicket(db, Number(r.params.id), r.body, caller(r)));
  app.get(`${p}/tickets/:id/sale-order-line-options`, {
    config: { access: policy.helpdeskRead },
    schema: { tags: ['tickets'], params: idParams, querystring: z.strictObject({ customerId: id.optional() }), response: { 200: z.object({ items: z.array(optionRead) }), ...errorResponses } },
  }, async (r) => ({ items: await ticketSaleLineOptions(db, Number(r.params.id), r.query.customerId, caller(r)) }));
}
