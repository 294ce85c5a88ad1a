import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { caller } from './auth-hook.ts';
import { dateString, errorResponses, id, idParams, listOf, listQuery, minutes, text } from '../platform/schemas.ts';
import {
  deleteTimesheet, getTimesheet, getTimesheetWeek, listTicketTimesheets, listTimesheets, logTime, saveTimesheetWeek, updateTimesheet,
} from '../modules/service-billing/index.ts';

const status = z.enum(['non_billable', 'unlinked', 'to_invoice', 'invoiced']);
export const timesheetRead = z.object({
  id: z.string(), ticketId: z.string(), ticketNumber: z.number(), projectId: z.string(), userId: z.string(), userName: z.string(), date: z.string(),
  minutes: z.number(), billedMinutes: z.number().describe('R78: what the entry bills (its line\'s increments and its multiplier applied)'), billedMultiplier: z.string(),
  description: z.string(), billable: z.boolean(), saleOrderLineId: z.string().nullable(), pinned: z.boolean(),
  workTypeId: z.string().nullable(), workTypeName: z.string().nullable(), status, invoiceId: z.string().nullable(), invoiceNumber: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});
export const timesheetCreate = z.strictObject({
  date: dateString, userId: id.optional(), minutes, description: text(2000).optional(), billable: z.boolean().optional(), saleOrderLineId: id.nullable().optional(),
  workTypeId: id.nullable().optional().describe('R77: an active work type; null clears it'),
});
/** The timesheet list's filters (its CSV export takes the same: src/http/exports.ts). */
export const timesheetFilters = {
  userId: id.optional(), teamId: id.optional(), customerId: id.optional(), saleOrderId: id.optional(), saleOrderLineId: id.optional(), invoiceId: id.optional(),
  status: status.optional(), dateFrom: dateString.optional(), dateTo: dateString.optional(),
};
const filters = { ...listQuery, ...timesheetFilters };
// R68: the weekly grid of one agent.
const weekRead = z.object({
  agentId: z.string(), agentName: z.string(), weekStart: z.string(), days: z.array(z.string()),
  rows: z.array(z.object({
    ticketId: z.string(), ticketNumber: z.number(), subject: z.string(), closed: z.boolean(),
    cells: z.array(z.object({ date: z.string(), minutes: z.number(), entryCount: z.number(), editable: z.boolean(), canLower: z.boolean() })),
  })),
});
const weekQuery = z.strictObject({ agentId: id.optional(), weekStart: dateString, includeAssigned: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
const weekSave = z.strictObject({
  agentId: id.optional(), weekStart: dateString,
  cells: z.array(z.strictObject({ ticketId: id, date: dateString, minutes: z.number().int('Minutes are whole numbers').min(0).max(1440, 'At most 1440 minutes (24 h) a day') })).max(500),
});

/** Timesheet entries on tickets. */
export function registerTimesheetRoutes(app: App, db: Db): void {
  const p = API_PREFIX;
  app.get(`${p}/tickets/:id/timesheets`, {
    config: { access: policy.helpdeskRead },
    schema: { tags: ['timesheets'], params: idParams, querystring: z.strictObject(filters), response: { 200: listOf(timesheetRead), ...errorResponses } },
  }, async (r) => listTicketTimesheets(db, Number(r.params.id), r.query, caller(r)));
  app.post(`${p}/tickets/:id/timesheets`, {
    config: { access: policy.helpdeskWrite },
    schema: { tags: ['timesheets'], params: idParams, body: timesheetCreate, response: { 201: timesheetRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await logTime(db, Number(r.params.id), caller(r), r.body)));
  app.get(`${p}/timesheets`, {
    config: { access: policy.helpdeskRead },
    schema: { tags: ['timesheets'], querystring: z.strictObject({ ...filters, ticketId: id.optional() }), response: { 200: listOf(timesheetRead), ...errorResponses } },
  }, async (r) => listTimesheets(db, r.query, caller(r)));
  app.get(`${p}/timesheets/week`, {
    config: { access: policy.helpdeskRead },
    schema: { tags: ['timesheets'], querystring: weekQuery, response: { 200: weekRead, ...errorResponses } },
  }, async (r) => getTimesheetWeek(db, caller(r), r.query));
  app.put(`${p}/timesheets/week`, {
    config: { access: policy.helpdeskWrite },
    schema: { tags: ['timesheets'], body: weekSave, response: { 200: weekRead, ...errorResponses } },
  }, async (r) => saveTimesheetWeek(db, caller(r), r.body));
  app.get(`${p}/timesheets/:id`, {
    config: { access: policy.helpdeskRead },
    schema: { tags: ['timesheets'], params: idParams, response: { 200: timesheetRead, ...errorResponses } },
  }, async (r) => getTimesheet(db, Number(r.params.id), caller(r)));
  app.patch(`${p}/timesheets/:id`, {
    config: { access: policy.helpdeskWrite },
    schema: { tags: ['timesheets'], params: idParams, body: timesheetCreate.partial(), response: { 200: timesheetRead, ...errorResponses } },
  }, async (r) => updateTimesheet(db, Number(r.params.id), r.body, caller(r)));
  app.delete(`${p}/timesheets/:id`, {
    config: { access: policy.helpdeskWrite },
    schema: { tags: ['timesheets'], params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (r, reply) => {
    await deleteTimesheet(db, Number(r.params.id), caller(r));
    return reply.status(204).send(null);
  });
}
