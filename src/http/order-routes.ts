import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses, id } from '../platform/schemas.ts';
import { listAgentLines, listWorkTypeLines, mapOrderRoute, unmapOrderRoute } from '../modules/service-billing/index.ts';

const agentLine = z.object({ userId: z.string(), userName: z.string(), saleOrderLineId: z.string(), lineDescription: z.string() });
const workTypeLine = z.object({ workTypeId: z.string(), workTypeName: z.string(), multiplier: z.string(), saleOrderLineId: z.string(), lineDescription: z.string() });
const change = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), movedEntries: z.number().describe('Entries moved to another line by this change') });
const body = z.strictObject({ saleOrderLineId: id });
const agentParams = z.strictObject({ id, userId: id });
const workTypeParams = z.strictObject({ id, workTypeId: id });
const orderParams = z.strictObject({ id });

/**
 * R76/R77: an order's billing by agent and by work type. Reading follows the order; changing a
 * route moves un-invoiced time, so accountants may do it too.
 */
export function registerOrderRouteRoutes(app: App, db: Db): void {
  const p = `${API_PREFIX}/sale-orders/:id`;
  const tags = ['sale orders'];
  app.get(`${p}/agent-lines`, {
    config: { access: policy.ordersRead },
    schema: { tags, params: orderParams, response: { 200: z.object({ items: z.array(agentLine) }), ...errorResponses } },
  }, async (r) => ({ items: await listAgentLines(db, Number(r.params.id)) }));
  app.put(`${p}/agent-lines/:userId`, {
    config: { access: policy.orderRoutesWrite },
    schema: { tags, params: agentParams, body, response: { 200: change(agentLine), ...errorResponses } },
  }, async (r) => {
    const movedEntries = await mapOrderRoute(db, Number(r.params.id), { userId: Number(r.params.userId) }, Number(r.body.saleOrderLineId));
    return { items: await listAgentLines(db, Number(r.params.id)), movedEntries };
  });
  app.delete(`${p}/agent-lines/:userId`, {
    config: { access: policy.orderRoutesWrite },
    schema: { tags, params: agentParams, response: { 200: change(agentLine), ...errorResponses } },
  }, async (r) => {
    const movedEntries = await unmapOrderRoute(db, Number(r.params.id), { userId: Number(r.params.userId) });
    return { items: await listAgentLines(db, Number(r.params.id)), movedEntries };
  });
  app.get(`${p}/work-type-lines`, {
    config: { access: policy.ordersRead },
    schema: { tags, params: orderParams, response: { 200: z.object({ items: z.array(workTypeLine) }), ...errorResponses } },
  }, async (r) => ({ items: await listWorkTypeLines(db, Number(r.params.id)) }));
  app.put(`${p}/work-type-lines/:workTypeId`, {
    config: { access: policy.orderRoutesWrite },
    schema: { tags, params: workTypeParams, body, response: { 200: change(workTypeLine), ...errorResponses } },
  }, async (r) => {
    const movedEntries = await mapOrderRoute(db, Number(r.params.id), { workTypeId: Number(r.params.workTypeId) }, Number(r.body.saleOrderLineId));
    return { items: await listWorkTypeLines(db, Number(r.params.id)), movedEntries };
  });
  app.delete(`${p}/work-type-lines/:workTypeId`, {
    config: { access: policy.orderRoutesWrite },
    schema: { tags, params: workTypeParams, response: { 200: change(workTypeLine), ...errorResponses } },
  }, async (r) => {
    const movedEntries = await unmapOrderRoute(db, Number(r.params.id), { workTypeId: Number(r.params.workTypeId) });
    return { items: await listWorkTypeLines(db, Number(r.params.id)), movedEntries };
  });
}
