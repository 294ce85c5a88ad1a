// Webhooks (issue 11, R64, decision 0028): endpoints admins register, events emitted by the
// changes they report (in the change's transaction), signed deliveries through the outbox.
export { addressClass, addressRefusal, type AddressClass } from './addresses.ts';
export { listWebhookDeliveries, resendWebhookDelivery, type WebhookDeliveryRead } from './deliveries.ts';
export { answerText, lastStatus, postWebhook, RESPONSE_BODY_LIMIT, webhookHandler } from './delivery.ts';
export {
  createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, getWebhookSettings, listWebhookEndpoints, PREVIOUS_SECRET_HOURS,
  rotateWebhookSecret, updateWebhookEndpoint, updateWebhookSettings, type WebhookEndpointInput, type WebhookEndpointRead, type WebhookSettings,
} from './endpoints.ts';
export { emitEvent, eventCtes, newEventId, WEBHOOK_EVENTS, WEBHOOK_KIND, WEBHOOK_MAX_ATTEMPTS, type WebhookEventType, type WebhookMessage } from './events.ts';
export { newSecret, signature, signedHeaders } from './signing.ts';
export { webhookDeliveries, webhookEndpoints, webhookSettings } from './tables.ts';
