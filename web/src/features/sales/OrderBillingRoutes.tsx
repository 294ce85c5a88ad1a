import { useState, type FormEvent } from 'react';
import type { SaleOrder } from '../../app/types.ts';
import { isStaff } from '../../app/permissions.tsx';
import { Combobox } from '../../ui/Combobox.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { Button, Card, Field, Select, Table } from '../../ui/ui.tsx';
import { useWorkTypes } from '../timesheets/workTypes.ts';
import { useUsers } from '../users/api.ts';
import { useMapRoute, useOrderRoutes, type AgentLine, type RouteKind, type WorkTypeLine } from './billingRoutes.ts';

interface Mapping { key: string; name: string; lineId: string; lineDescription: string }

/**
 * R76/R77: which line an agent's, or a work type's, time on this order's tickets bills on. A work
 * type's mapping comes before an agent's; a line pinned by hand on an entry comes before both.
 */
export function OrderBillingRoutes({ order, editable }: { order: SaleOrder; editable: boolean }) {
  const users = useUsers();
  const workTypes = useWorkTypes();
  const agents = useOrderRoutes<AgentLine>(order.id, 'agent-lines');
  const types = useOrderRoutes<WorkTypeLine>(order.id, 'work-type-lines');
  const lines = order.lines.filter((l) => l.invoicingPolicy !== 'manual');
  return (
    <Card title="Billing by agent / work type" className="mt-4">
      <p className="mb-3 text-sm text-slate-600">
        Time logged on this order's tickets bills on the ticket's line, unless its work type or its agent is mapped to another line here
        (a work type first, then the agent; a line chosen by hand on an entry always wins). A change moves the time not invoiced yet.
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <RouteList title="Agents" kind="agent-lines" orderId={order.id} query={agents} editable={editable} lines={lines}
          rows={(agents.data?.items ?? []).map((a) => ({ key: a.userId, name: a.userName, lineId: a.saleOrderLineId, lineDescription: a.lineDescription }))}
          choices={(users.data ?? []).filter((u) => isStaff(u.role) && u.active).map((u) => ({ id: u.id, label: u.name, hint: u.email }))} />
        <RouteList title="Work types" kind="work-type-lines" orderId={order.id} query={types} editable={editable} lines={lines}
          rows={(types.data?.items ?? []).map((w) => ({ key: w.workTypeId, name: `${w.workTypeName} (× ${w.multiplier})`, lineId: w.saleOrderLineId, lineDescription: w.lineDescription }))}
          choices={(workTypes.data?.items ?? []).filter((w) => w.active).map((w) => ({ id: w.id, label: w.name, hint: `× ${w.multiplier}` }))} />
      </div>
    </Card>
  );
}

interface ListProps {
  title: 'Agents' | 'Work types';
  kind: RouteKind;
  orderId: string;
  query: Parameters<typeof NoData>[0]['query'] & { data?: unknown };
  rows: Mapping[];
  choices: Array<{ id: string; label: string; hint?: string }>;
  lines: SaleOrder['lines'];
  editable: boolean;
}

function RouteList({ title, kind, orderId, query, rows, choices, lines, editable }: ListProps) {
  const map = useMapRoute(orderId, kind);
  const [key, setKey] = useState('');
  const [lineId, setLineId] = useState('');
  const [moved, setMoved] = useState<string | null>(null);
  const singular = title === 'Agents' ? 'agent' : 'work type';
  const run = (vars: { key: string; lineId: string | null }, done?: () => void) => {
    setMoved(null);
    map.mutate(vars, {
      onSuccess: (change) => {
        setMoved(`${change.movedEntries} ${change.movedEntries === 1 ? 'entry' : 'entries'} moved.`);
        done?.();
      },
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key && lineId) run({ key, lineId }, () => { setKey(''); setLineId(''); });
  };
  return (
    <div>
      <h3 className="mb-2 text-sm font-semibold text-slate-800">{title}</h3>
      <RefreshError query={query} />
      {!query.data ? <NoData query={query} /> : (
        <Table>
          <thead><tr><th>{title === 'Agents' ? 'Agent' : 'Work type'}</th><th>Bills on</th>{editable && <th><span className="sr-only">Actions</span></th>}</tr></thead>
          <tbody>
            {rows.length === 0 && <tr><td colSpan={3} className="text-slate-500">No {singular} mapped: the ticket's line applies.</td></tr>}
            {rows.map((r) => (
              <tr key={r.key} aria-label={`${r.name} bills on ${r.lineDescription}`}>
                <td className="font-medium">{r.name}</td>
                <td>{r.lineDescription}</td>
                {editable && <td className="text-right"><Button variant="ghost" aria-label={`Remove the mapping of ${r.name}`} disabled={map.isPending} onClick={() => run({ key: r.key, lineId: null })}>Remove</Button></td>}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editable && (
        <form onSubmit={submit} aria-label={`Map an ${singular}`} className="mt-3 grid items-start gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]">
          <Field label={title === 'Agents' ? 'Agent' : 'Work type'}>
            <Combobox required value={key} onChange={setKey} options={choices} placeholder={`Type to find ${/^[aeiou]/i.test(singular) ? 'an' : 'a'} ${singular}…`} />
          </Field>
          <Field label="Line">
            <Select required value={lineId} onChange={(e) => setLineId(e.target.value)}>
              <option value="">Choose a line</option>
              {lines.map((l) => <option key={l.id} value={l.id}>{l.description}</option>)}
            </Select>
          </Field>
          <Button type="submit" variant="primary" className="mt-6" disabled={!key || !lineId || map.isPending}>Map</Button>
        </form>
      )}
      <div className="mt-2"><FormError error={map.error} fields={[]} /></div>
      {moved && <p role="status" className="mt-1 text-sm text-slate-600">{moved}</p>}
    </div>
  );
}
