import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Dialog } from '../../ui/Dialog.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { SwitchField } from '../../ui/SwitchField.tsx';
import { Button, Card, Empty, ErrorMessage, PageHeader, Table } from '../../ui/ui.tsx';
import { useCreateEndpoint, useSaveWebhookSettings, useWebhookEndpoints, useWebhookSettings } from './api.ts';
import { EndpointForm } from './EndpointForm.tsx';
import { EndpointStatus } from './EndpointStatus.tsx';

/** Webhooks (admins): the endpoints, adding one, and whether private targets are allowed. */
export function WebhooksPage() {
  const endpoints = useWebhookEndpoints();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeader title="Webhooks" subtitle="Deskbill calls these URLs when tickets, time, orders and invoices change, signed per Standard Webhooks."
        actions={<Button variant="primary" onClick={() => setAdding(true)}>Add endpoint</Button>} />
      <div className="grid gap-4">
        <Card title="Endpoints">
          <RefreshError query={endpoints} />
          {!endpoints.data ? <NoData query={endpoints} /> : endpoints.data.length === 0 ? <Empty>No endpoint yet.</Empty> : (
            <Table>
              <thead><tr><th>URL</th><th>Description</th><th>Events</th><th>Status</th></tr></thead>
              <tbody>
                {endpoints.data.map((e) => (
                  <tr key={e.id}>
                    <td className="max-w-md truncate"><Link className="text-indigo-700 hover:underline" to={`/settings/webhooks/${e.id}`}>{e.url}</Link></td>
                    <td>{e.description || <span className="text-slate-400">—</span>}</td>
                    <td className="text-xs">{e.events.join(', ')}</td>
                    <td><EndpointStatus endpoint={e} /></td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <PrivateTargets />
      </div>
      {adding && <AddEndpointDialog onClose={() => setAdding(false)} />}
    </>
  );
}

function PrivateTargets() {
  const settings = useWebhookSettings();
  const save = useSaveWebhookSettings();
  return (
    <Card title="Network">
      {!settings.data ? <NoData query={settings} /> : (
        <div className="grid gap-2">
          <SwitchField label="Allow private targets" checked={settings.data.allowPrivateTargets} disabled={save.isPending}
            hint="Off: URLs on loopback (127.0.0.1, localhost), private networks, link-local and unique-local addresses are refused, when registered and at each delivery. Cloud metadata addresses are always refused. Changes are on the company's history."
            onChange={(allowPrivateTargets) => save.mutate({ allowPrivateTargets })} />
          <ErrorMessage error={save.error} />
        </div>
      )}
    </Card>
  );
}

function AddEndpointDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateEndpoint();
  const navigate = useNavigate();
  return (
    <Dialog title="Add a webhook endpoint" onClose={onClose} wide>
      <EndpointForm submitLabel="Add endpoint" pending={create.isPending} error={create.error} onCancel={onClose}
        onSubmit={(input) => create.mutate(input, { onSuccess: (endpoint) => navigate(`/settings/webhooks/${endpoint.id}`) })} />
    </Dialog>
  );
}
