import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { AppError } from '../platform/errors.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses, idParams, listOf } from '../platform/schemas.ts';
import { caller } from './auth-hook.ts';
import {
  assertPortalTicket,
  getPortalInvoice,
  getPortalOrder,
  getPortalTicket,
  listPortalInvoices,
  listPortalOrders,
  listPortalTickets,
  listPortalTimesheets,
  openPortalTicket,
  portalInvoicePdf,
  type PortalCaller,
} from '../modules/service-billing/index.ts';
import { addComment, commentOnTicket, listComments, listPortalTeams, listTicketComments, portalIdentity, toPortalComment } from '../modules/portal/index.ts';
import * as s from './portal-schemas.ts';

/** The portal user making the request (the route's policy admits only role `customer`). */
function portalCaller(request: Parameters<typeof caller>[0]): PortalCaller {
  const auth = caller(request);
  if (auth.customerId === null) throw new AppError('FORBIDDEN', 'This user is not linked to a customer');
  return { userId: auth.userId, customerId: auth.customerId };
}

/** Ticket comments for staff, and the customer portal (`/portal/…`): each a thin edge over one use case. */
export function registerPortalRoutes(app: App, db: Db): void {
  const p = API_PREFIX;
  const tags = ['portal'];

  // Staff: the conversation of a ticket, internal notes included.
  app.get(`${p}/tickets/:id/comments`, {
    config: { access: policy.helpdeskRead },
    schema: { tags: ['tickets'], params: idParams, querystring: s.pageQuery, response: { 200: listOf(s.staffCommentRead), ...errorResponses } },
  }, async (r) => listTicketComments(db, Number(r.params.id), caller(r), r.query));
  app.post(`${p}/tickets/:id/comments`, {
    config: { access: policy.helpdeskWrite },
    schema: { tags: ['tickets'], params: idParams, body: s.staffCommentCreate, response: { 201: s.staffCommentRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await commentOnTicket(db, Number(r.params.id), caller(r), r.body)));

  // The portal: only the caller's commercial entity; anything else answers 404 like a missing object.
  app.get(`${p}/portal/me`, { config: { access: policy.portal }, schema: { tags, response: { 200: s.portalMeRead, ...errorResponses } } }, async (r) => portalIdentity(db, portalCaller(r).customerId));
  app.get(`${p}/portal/teams`, { config: { access: policy.portal }, schema: { tags, querystring: s.pageQuery, response: { 200: listOf(s.portalTeamRead), ...errorResponses } } }, async (r) => listPortalTeams(db, r.query));

  app.get(`${p}/portal/tickets`, {
    config: { access: policy.portal },
    schema: { tags, querystring: s.portalTicketQuery, response: { 200: listOf(s.portalTicketRead), ...errorResponses } },
  }, async (r) => listPortalTickets(db, portalCaller(r), r.query));
  app.post(`${p}/portal/tickets`, {
    config: { access: policy.portal },
    schema: { tags, body: s.portalTicketCreate, response: { 201: s.portalTicketRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await openPortalTicket(db, portalCaller(r), r.body)));
  app.get(`${p}/portal/tickets/:id`, {
    config: { access: policy.portal },
    schema: { tags, params: idParams, response: { 200: s.portalTicketRead, ...errorResponses } },
  }, async (r) => getPortalTicket(db, portalCaller(r), Number(r.params.id)));
  app.get(`${p}/portal/tickets/:id/timesheets`, {
    config: { access: policy.portal },
    schema: { tags, params: idParams, querystring: s.pageQuery, response: { 200: listOf(s.portalTimesheetRead), ...errorResponses } },
  }, async (r) => listPortalTimesheets(db, portalCaller(r), Number(r.params.id), r.query));
  app.get(`${p}/portal/tickets/:id/comments`, {
    config: { access: policy.portal },
    schema: { tags, params: idParams, querystring: s.pageQuery, response: { 200: listOf(s.portalCommentRead), ...errorResponses } },
  }, async (r) => {
    await assertPortalTicket(db, portalCaller(r), Number(r.params.id));
    const page = await listComments(db, Number(r.params.id), { ...r.query, withInternal: false });
    return { items: page.items.map(toPortalComment), nextCursor: page.nextCursor };
  });
  app.post(`${p}/portal/tickets/:id/comments`, {
    config: { access: policy.portal },
    schema: { tags, params: idParams, body: s.portalCommentCreate, response: { 201: s.portalCommentRead, ...errorResponses } },
  }, async (r, reply) => {
    const who = portalCaller(r);
    await assertPortalTicket(db, who, Number(r.params.id));
    const comment = await addComment(db, { ticketId: Number(r.params.id), authorId: who.userId, body: r.body.body, internal: false });
    return reply.status(201).send(toPortalComment(comment));
  });

  app.get(`${p}/portal/orders`, {
    config: { access: policy.portal },
    schema: { tags, querystring: s.pageQuery, response: { 200: listOf(s.portalOrderRead), ...errorResponses } },
  }, async (r) => listPortalOrders(db, portalCaller(r), r.query));
  app.get(`${p}/portal/orders/:id`, {
    config: { access: policy.portal },
    schema: { tags, params: idParams, response: { 200: s.portalOrderRead, ...errorResponses } },
  }, async (r) => getPortalOrder(db, portalCaller(r), Number(r.params.id)));

  app.get(`${p}/portal/invoices`, {
    config: { access: policy.portal },
    schema: { tags, querystring: s.pageQuery, response: { 200: listOf(s.portalInvoiceSummary), ...errorResponses } },
  }, async (r) => listPortalInvoices(db, portalCaller(r), r.query));
  app.get(`${p}/portal/invoices/:id`, {
    config: { access: policy.portal },
    schema: { tags, params: idParams, response: { 200: s.portalInvoiceRead, ...errorResponses } },
  }, async (r) => getPortalInvoice(db, portalCaller(r), Number(r.params.id)));
  app.get(`${p}/portal/invoices/:id/pdf`, { config: { access: policy.portal }, schema: { tags, params: idParams } }, async (r, reply) => {
    const { filename, pdf } = await portalInvoicePdf(db, portalCaller(r), Number(r.params.id));
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
  });
}
