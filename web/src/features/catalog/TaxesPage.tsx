import { ApiError } from '../../app/http.ts';
import { useState, type FormEvent } from 'react';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { Badge, Button, Card, Field, Input, PageHeader, Select, Table } from '../../ui/ui.tsx';
import { TAX_CATEGORY_LABELS, useSaveTax, useTaxes, type Tax, type TaxCategory } from './taxes.ts';

const CATEGORIES = Object.keys(TAX_CATEGORY_LABELS) as TaxCategory[];
const EMPTY = { name: '', rate: '', category: 'standard' as TaxCategory };

/** Settings → Taxes (admins): the tax records new order lines take, by the customer's fiscal position (R66). */
export function TaxesPage() {
  const taxes = useTaxes();
  const [editing, setEditing] = useState<Tax | null>(null);
  return (
    <>
      <PageHeader title="Taxes" subtitle="Domestic customers' lines take the standard tax of their product's rate; EU businesses with a VAT id the reverse charge; customers outside the EU the outside-scope tax." />
      <RefreshError query={taxes} />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        {!taxes.data ? <NoData query={taxes} /> : (
          <Table>
            <thead><tr><th>Name</th><th>Category</th><th className="text-right">Rate</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {taxes.data.items.map((tax) => (
                <tr key={tax.id} className={tax.active ? '' : 'text-slate-500'}>
                  <td className="font-medium">{tax.name}</td>
                  <td>{TAX_CATEGORY_LABELS[tax.category]}</td>
                  <td className="text-right tabular-nums">{tax.rate}%</td>
                  <td>{tax.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</td>
                  <td className="text-right"><Button onClick={() => setEditing(tax)} aria-label={`Edit ${tax.name}`}>Edit</Button></td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <TaxForm key={editing?.id ?? 'new'} tax={editing} onDone={() => setEditing(null)} />
      </div>
    </>
  );
}

/** Creates a tax, or changes the one picked in the list. */
function TaxForm({ tax, onDone }: { tax: Tax | null; onDone: () => void }) {
  const save = useSaveTax(tax?.id);
  const [draft, setDraft] = useState(() => (tax ? { name: tax.name, rate: tax.rate, category: tax.category } : EMPTY));
  const [active, setActive] = useState(tax?.active ?? true);
  const detail = (path: string) => (save.error instanceof ApiError ? save.error.details.find((d) => d.path === path)?.message : undefined);
  const zeroRated = draft.category !== 'standard';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name: draft.name.trim(), rate: zeroRated ? '0' : draft.rate.trim(), category: draft.category, active }, {
      onSuccess: () => { if (tax) onDone(); else setDraft(EMPTY); },
    });
  };
  return (
    <Card title={tax ? `Edit ${tax.name}` : 'New tax'}>
      <form onSubmit={submit} className="space-y-3">
        <Field label="Name" error={detail('name')}><Input required maxLength={100} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></Field>
        <Field label="Category">
          <Select value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value as TaxCategory })}>
            {CATEGORIES.map((c) => <option key={c} value={c}>{TAX_CATEGORY_LABELS[c]}</option>)}
          </Select>
        </Field>
        <Field label="Rate (%)" error={detail('rate')} hint={zeroRated ? 'Only a standard tax has a rate above 0' : undefined}>
          <Input required={!zeroRated} disabled={zeroRated} inputMode="decimal" value={zeroRated ? '0' : draft.rate} onChange={(e) => setDraft({ ...draft, rate: e.target.value })} />
        </Field>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (new lines may take it)</label>
        <FormError error={save.error} fields={['name', 'rate']} />
        <div className="flex justify-end gap-2">
          {tax && <Button type="button" onClick={onDone}>Cancel</Button>}
          <Button type="submit" variant="primary" disabled={save.isPending}>{tax ? 'Save' : 'Add tax'}</Button>
        </div>
      </form>
    </Card>
  );
}
