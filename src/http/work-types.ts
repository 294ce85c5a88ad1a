import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { policy } from '../platform/access.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { decimalString, errorResponses, idParams, name } from '../platform/schemas.ts';
import { createWorkType, listWorkTypes, updateWorkType } from '../modules/timesheets/index.ts';

const workTypeRead = z.object({ id: z.string(), name: z.string(), active: z.boolean(), multiplier: z.string() });
const multiplier = decimalString(3, '100')
  .refine((s) => /[1-9]/.test(s), 'Must be above 0')
  .refine((s) => Number(s.split('.')[0]) < 100 || /^100(\.0*)?$/.test(s), 'At most 100')
  .describe('R77: exact, above 0 and at most 100 (after-hours: "1.5"); R78 applies it to the billed quantity');
const workTypeCreate = z.strictObject({ name: name(100), active: z.boolean().optional(), multiplier: multiplier.optional() });

/** R77: work types; anyone on staff reads them (the time entry form's picker), managers set them up. */
export function registerWorkTypeRoutes(app: App, db: Db): void {
  const p = `${API_PREFIX}/work-types`;
  app.get(p, {
    config: { access: policy.staff },
    schema: { tags: ['work types'], querystring: z.strictObject({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }), response: { 200: z.object({ items: z.array(workTypeRead) }), ...errorResponses } },
  }, async (request) => ({ items: await listWorkTypes(db, request.query) }));
  app.post(p, {
    config: { access: policy.setup },
    schema: { tags: ['work types'], body: workTypeCreate, response: { 201: workTypeRead, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await createWorkType(db, request.body)));
  app.patch(`${p}/:id`, {
    config: { access: policy.setup },
    schema: { tags: ['work types'], params: idParams, body: workTypeCreate.partial(), response: { 200: workTypeRead, ...errorResponses } },
  }, async (request) => updateWorkType(db, Number(request.params.id), request.body));
}
