import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { Badge, Button, Card, Field, Input, PageHeader, Table } from '../../ui/ui.tsx';
import { useSaveWorkType, useWorkTypes, type WorkType } from './workTypes.ts';

const EMPTY = { name: '', multiplier: '1' };

/** Settings → Work types (managers): the kinds of work entries carry, each mappable to an order line (R77). */
export function WorkTypesPage() {
  const workTypes = useWorkTypes();
  const [editing, setEditing] = useState<WorkType | null>(null);
  return (
    <>
      <PageHeader title="Work types" subtitle="Remote, on-site, after-hours…: an entry may carry one; an order can bill a work type on its own line. The multiplier applies to the billed quantity, never to the time worked." />
      <RefreshError query={workTypes} />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        {!workTypes.data ? <NoData query={workTypes} /> : (
          <Table>
            <thead><tr><th>Name</th><th className="text-right">Multiplier</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {workTypes.data.items.length === 0 && <tr><td colSpan={4} className="py-4 text-center text-slate-500">No work types yet.</td></tr>}
              {workTypes.data.items.map((type) => (
                <tr key={type.id} className={type.active ? '' : 'text-slate-500'}>
                  <td className="font-medium">{type.name}</td>
                  <td className="text-right tabular-nums">× {type.multiplier}</td>
                  <td>{type.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</td>
                  <td className="text-right"><Button onClick={() => setEditing(type)} aria-label={`Edit ${type.name}`}>Edit</Button></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <WorkTypeForm key={editing?.id ?? 'new'} workType={editing} onDone={() => setEditing(null)} />
      </div>
    </>
  );
}

/** Creates a work type, or changes the one picked in the list. */
function WorkTypeForm({ workType, onDone }: { workType: WorkType | null; onDone: () => void }) {
  const save = useSaveWorkType(workType?.id);
  const [draft, setDraft] = useState(() => (workType ? { name: workType.name, multiplier: workType.multiplier } : EMPTY));
  const [active, setActive] = useState(workType?.active ?? true);
  const detail = (path: string) => (save.error instanceof ApiError ? save.error.details.find((d) => d.path === path)?.message : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name: draft.name.trim(), multiplier: draft.multiplier.trim(), active }, {
      onSuccess: () => { if (workType) onDone(); else setDraft(EMPTY); },
    });
  };
  return (
    <Card title={workType ? `Edit ${workType.name}` : 'New work type'}>
      <form onSubmit={submit} className="space-y-3">
        <Field label="Name" error={detail('name')}><Input required maxLength={100} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></Field>
        <Field label="Multiplier" error={detail('multiplier')} hint="Of the billed quantity: 1.5 bills 60 minutes as 1.5 hours">
          <Input required inputMode="decimal" value={draft.multiplier} onChange={(e) => setDraft({ ...draft, multiplier: e.target.value })} />
        </Field>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (new entries may take it)</label>
        <FormError error={save.error} fields={['name', 'multiplier']} />
        <div className="flex justify-end gap-2">
          {workType && <Button type="button" onClick={onDone}>Cancel</Button>}
          <Button type="submit" variant="primary" disabled={save.isPending}>{workType ? 'Save' : 'Add work type'}</Button>
        </div>
      </form>
    </Card>
  );
}
