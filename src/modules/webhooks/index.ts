// Webhooks (issue 11, R64, decision 0028): endpoints admins register, events emitted by the
// changes they report (in the change's transaction), signed deliveries through the outbox.
export { addressClass, addressRefusal } from './addresses.ts';
export { listWebhookDeliveries, resendWebhookDelivery } from './deliveries.ts';
export { postWebhook, RESPONSE_BODY_LIMIT, webhookHandler } from './delivery.ts';
export {
  createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, getWebhookSettings, listWebhookEndpoints,
  rotateWebhookSecret, updateWebhookEndpoint, updateWebhookSettings,
} from './endpoints.ts';
export { emitEvent, WEBHOOK_EVENTS, WEBHOOK_KIND, type WebhookEventType } from './events.ts';
export { signature } from './signing.ts';
