import { z } from 'zod';
import { policy } from '../platform/access.ts';
import type { Db } from '../platform/db.ts';
import { API_PREFIX, type App } from '../platform/http.ts';
import { errorResponses, idParams, listOf, listQuery, text } from '../platform/schemas.ts';
import {
  createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, getWebhookSettings, listWebhookDeliveries, listWebhookEndpoints,
  resendWebhookDelivery, rotateWebhookSecret, updateWebhookEndpoint, updateWebhookSettings, WEBHOOK_EVENTS,
} from '../modules/webhooks/index.ts';

const eventType = z.enum(WEBHOOK_EVENTS);

const endpointRead = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(eventType),
  active: z.boolean(),
  disabledReason: z.string().nullable(),
  secret: z.string(),
  previousSecretUntil: z.string().nullable(),
  secretRotatedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const endpointInput = z.strictObject({
  url: z.string().trim().min(1).max(2000).describe('http:// or https://; loopback and private addresses are refused unless the webhook settings allow them'),
  description: text(500).optional(),
  events: z.array(eventType).min(1, 'At least one event').max(WEBHOOK_EVENTS.length * 2),
  active: z.boolean().optional(),
});

const deliveryRead = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType,
  resendOf: z.string().nullable(),
  state: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastResponse: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});

const settingsRead = z.object({ allowPrivateTargets: z.boolean() });

/** Webhooks (R64): endpoints, their secrets and delivery logs, resends, the private-targets setting. Admins only. */
export function registerWebhookRoutes(app: App, db: Db): void {
  const p = API_PREFIX;
  const admin = { access: policy.admin };
  const tags = ['webhooks'];

  app.get(`${p}/webhook-endpoints`, {
    config: admin, schema: { tags, querystring: z.strictObject(listQuery), response: { 200: listOf(endpointRead), ...errorResponses } },
  }, async (r) => listWebhookEndpoints(db, r.query));

  app.post(`${p}/webhook-endpoints`, {
    config: admin, schema: { tags, body: endpointInput, response: { 201: endpointRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await createWebhookEndpoint(db, r.body)));

  app.get(`${p}/webhook-endpoints/:id`, {
    config: admin, schema: { tags, params: idParams, response: { 200: endpointRead, ...errorResponses } },
  }, async (r) => getWebhookEndpoint(db, Number(r.params.id)));

  app.patch(`${p}/webhook-endpoints/:id`, {
    config: admin, schema: { tags, params: idParams, body: endpointInput.partial(), response: { 200: endpointRead, ...errorResponses } },
  }, async (r) => updateWebhookEndpoint(db, Number(r.params.id), r.body));

  app.delete(`${p}/webhook-endpoints/:id`, {
    config: admin, schema: { tags, params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (r, reply) => {
    await deleteWebhookEndpoint(db, Number(r.params.id));
    return reply.status(204).send(null);
  });

  app.post(`${p}/webhook-endpoints/:id/rotate-secret`, {
    config: admin, schema: { tags, params: idParams, response: { 200: endpointRead, ...errorResponses } },
  }, async (r) => rotateWebhookSecret(db, Number(r.params.id)));

  app.get(`${p}/webhook-endpoints/:id/deliveries`, {
    config: admin, schema: { tags, params: idParams, querystring: z.strictObject(listQuery), response: { 200: listOf(deliveryRead), ...errorResponses } },
  }, async (r) => listWebhookDeliveries(db, Number(r.params.id), r.query));

  app.post(`${p}/webhook-deliveries/:id/resend`, {
    config: admin, schema: { tags, params: idParams, response: { 201: deliveryRead, ...errorResponses } },
  }, async (r, reply) => reply.status(201).send(await resendWebhookDelivery(db, Number(r.params.id))));

  app.get(`${p}/webhook-settings`, {
    config: admin, schema: { tags, response: { 200: settingsRead, ...errorResponses } },
  }, async () => getWebhookSettings(db));

  app.patch(`${p}/webhook-settings`, {
    config: admin, schema: { tags, body: z.strictObject({ allowPrivateTargets: z.boolean().optional() }), response: { 200: settingsRead, ...errorResponses } },
  }, async (r) => updateWebhookSettings(db, r.body));
}
