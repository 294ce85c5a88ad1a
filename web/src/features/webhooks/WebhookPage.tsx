import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { WebhookDelivery, WebhookEndpoint } from '../../app/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { PagedList, useCursorPages } from '../../ui/pager.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { Button, Card, ErrorMessage, PageHeader, Table } from '../../ui/ui.tsx';
import { useDeleteEndpoint, useResend, useRotateSecret, useUpdateEndpoint, useWebhookDeliveries, useWebhookEndpoint } from './api.ts';
import { EndpointForm } from './EndpointForm.tsx';
import { DeliveryState, EndpointStatus } from './EndpointStatus.tsx';

/** One endpoint (admins): change it, its signing secret, and its delivery log with Resend. */
export function WebhookPage() {
  const { id = '' } = useParams();
  const endpoint = useWebhookEndpoint(id);
  return (
    <>
      <p className="mb-2 text-sm"><Link className="text-indigo-700 hover:underline" to="/settings/webhooks">← Webhooks</Link></p>
      <RefreshError query={endpoint} />
      {!endpoint.data ? <NoData query={endpoint} /> : <Endpoint endpoint={endpoint.data} />}
    </>
  );
}

function Endpoint({ endpoint }: { endpoint: WebhookEndpoint }) {
  const update = useUpdateEndpoint(endpoint.id);
  const [saved, setSaved] = useState(false);
  return (
    <>
      <PageHeader title={<span className="break-all">{endpoint.url}</span>} subtitle={<EndpointStatus endpoint={endpoint} />} actions={<DeleteEndpoint endpoint={endpoint} />} />
      {endpoint.disabledReason && <p role="status" className="mb-4 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">The receiver answered {endpoint.disabledReason}: it gets nothing until you make it active again.</p>}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Endpoint">
          <EndpointForm key={endpoint.updatedAt} endpoint={endpoint} submitLabel="Save endpoint" pending={update.isPending} error={update.error}
            onSubmit={(input) => { setSaved(false); update.mutate(input, { onSuccess: () => setSaved(true) }); }} />
          {saved && <p role="status" className="mt-2 text-sm text-green-700">Endpoint saved.</p>}
        </Card>
        <SigningSecret endpoint={endpoint} />
      </div>
      <Card title="Delivery log" className="mt-4"><DeliveryLog endpointId={endpoint.id} /></Card>
    </>
  );
}

function SigningSecret({ endpoint }: { endpoint: WebhookEndpoint }) {
  const rotate = useRotateSecret(endpoint.id);
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <Card title="Signing secret" actions={<Button onClick={() => setShown(!shown)}>{shown ? 'Hide' : 'Show'}</Button>}>
      <div className="grid gap-3 text-sm text-slate-700">
        <code aria-label="Signing secret" className="block rounded bg-slate-100 px-2 py-1.5 break-all">{shown ? endpoint.secret : 'whsec_' + '•'.repeat(24)}</code>
        <p>The receiver checks <code>webhook-signature</code> with it: <code>v1,</code> and the base64 HMAC-SHA256 of <code>id.timestamp.body</code> (see the README).</p>
        {endpoint.previousSecretUntil && <p>Until {formatDateTime(endpoint.previousSecretUntil)}, messages also carry a signature made with the previous secret.</p>}
        <div><Button onClick={() => setConfirming(true)}>Rotate secret</Button></div>
        <ErrorMessage error={rotate.error} />
      </div>
      {confirming && (
        <Dialog title="Rotate the signing secret?" onClose={() => setConfirming(false)}>
          <p className="mb-4 text-sm text-slate-700">A new secret signs from now on. For 24 hours messages carry a second signature made with the current one, so the receiver can switch without losing any.</p>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
            <Button variant="primary" disabled={rotate.isPending} onClick={() => rotate.mutate(undefined, { onSuccess: () => { setConfirming(false); setShown(true); } })}>Rotate</Button>
          </div>
        </Dialog>
      )}
    </Card>
  );
}

function DeleteEndpoint({ endpoint }: { endpoint: WebhookEndpoint }) {
  const remove = useDeleteEndpoint(endpoint.id);
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => setConfirming(true)}>Delete endpoint</Button>
      {confirming && (
        <Dialog title="Delete this endpoint?" onClose={() => setConfirming(false)}>
          <p className="mb-4 text-sm text-slate-700">Its delivery log goes with it, and messages still queued for it are not sent.</p>
          <ErrorMessage error={remove.error} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
            <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: () => navigate('/settings/webhooks') })}>Delete</Button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const pages = useCursorPages(endpointId);
  const deliveries = useWebhookDeliveries(endpointId, pages.cursor);
  const resend = useResend();
  return (
    <>
      <ErrorMessage error={resend.error} />
      <PagedList query={deliveries} pages={pages} empty="Nothing sent yet: events this endpoint subscribes to appear here.">
        {(items) => (
          <Table>
            <thead><tr><th>Event</th><th>Message id</th><th>Status</th><th>Attempts</th><th>Last answer</th><th>Queued</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} aria-label={`Delivery ${d.eventType}`}>
                  <td><code className="text-xs">{d.eventType}</code>{d.resendOf && <span className="ml-1 text-xs text-slate-500">(resent)</span>}</td>
                  <td><code className="text-xs">{d.eventId}</code></td>
                  <td><DeliveryState delivery={d} /></td>
                  <td className="tabular-nums">{d.attempts}</td>
                  <td className="max-w-xs"><LastAnswer delivery={d} /></td>
                  <td className="whitespace-nowrap text-xs">{formatDateTime(d.createdAt)}</td>
                  <td><Button disabled={resend.isPending} onClick={() => resend.mutate(d.id)} aria-label={`Resend ${d.eventId}`}>Resend</Button></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}

function LastAnswer({ delivery }: { delivery: WebhookDelivery }) {
  if (!delivery.lastResponse) return <span className="text-slate-400">—</span>;
  const [first, ...rest] = delivery.lastResponse.split('\n');
  return (
    <div className="text-xs">
      <div className="font-medium">{first}</div>
      {rest.length > 0 && <div className="truncate text-slate-500" title={rest.join('\n')}>{rest.join(' ')}</div>}
      {delivery.state === 'queued' && delivery.nextAttemptAt && <div className="text-amber-700">Next try {formatDateTime(delivery.nextAttemptAt)}</div>}
    </div>
  );
}
