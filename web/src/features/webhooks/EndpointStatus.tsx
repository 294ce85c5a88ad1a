import type { WebhookDelivery, WebhookEndpoint } from '../../app/types.ts';
import { Badge } from '../../ui/ui.tsx';

/** Active, or disabled (by an admin, or by the receiver's 410 Gone). */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (endpoint.active) return <Badge tone="green">Active</Badge>;
  return <span title={endpoint.disabledReason ?? undefined}><Badge tone={endpoint.disabledReason ? 'red' : 'slate'}>{endpoint.disabledReason ? 'Disabled (410 Gone)' : 'Inactive'}</Badge></span>;
}

const DELIVERY = { queued: ['amber', 'Queued'], sent: ['green', 'Delivered'], failed: ['red', 'Failed'] } as const;

/** A delivery's state: queued (retrying), delivered, failed. */
export function DeliveryState({ delivery }: { delivery: WebhookDelivery }) {
  const [tone, label] = DELIVERY[delivery.state];
  return <Badge tone={tone}>{label}</Badge>;
}
