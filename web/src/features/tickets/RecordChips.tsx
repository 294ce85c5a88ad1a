import { useProjects } from '../helpdesk/api.ts';
import { useSaleOrder } from '../sales/api.ts';
import type { TicketView } from './useTicketFilters.ts';

interface Props {
  view: TicketView;
  update: (changes: Partial<TicketView>) => void;
}

/** The record the list is limited to (from an order's or a project's smart button), each removable. */
export function RecordChips({ view, update }: Props) {
  if (!view.saleOrderId && !view.projectId) return null;
  return (
    <div className="-mt-2 mb-4 flex flex-wrap items-center gap-2 text-sm" aria-label="Limited to" role="group">
      <span className="text-slate-500">Limited to</span>
      {view.saleOrderId && <OrderChip id={view.saleOrderId} onRemove={() => update({ saleOrderId: '' })} />}
      {view.projectId && <ProjectChip id={view.projectId} onRemove={() => update({ projectId: '' })} />}
    </div>
  );
}

function OrderChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const order = useSaleOrder(id);
  return <Chip label={`Sales order ${order.data?.number ?? (order.isError ? id : '…')}`} onRemove={onRemove} />;
}

function ProjectChip({ id, onRemove }: { id: string; onRemove: () => void }) {
  const projects = useProjects();
  const name = projects.data?.items.find((p) => p.id === id)?.name ?? (projects.isPending ? '…' : id);
  return <Chip label={`Project ${name}`} onRemove={onRemove} />;
}

function Chip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full border border-indigo-200 bg-indigo-50 py-0.5 pr-1 pl-3 font-medium text-indigo-800">
      {label}
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove the filter ${label}`}
        title="Remove this filter"
        className="inline-flex h-5 w-5 items-center justify-center rounded-full text-indigo-600 hover:bg-indigo-100 hover:text-indigo-900"
      >
        <span aria-hidden>×</span>
      </button>
    </span>
  );
}
