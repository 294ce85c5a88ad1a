import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import type { Product, SaleOrder } from '../../app/types.ts';
import { FormError } from '../../ui/FormError.tsx';
import { useToast } from '../../ui/toast.tsx';
import { Combobox } from '../../ui/Combobox.tsx';
import { Button, Field, Input } from '../../ui/ui.tsx';
import { useActiveProducts } from '../catalog/api.ts';
import { policyLabels } from '../catalog/labels.ts';
import { TaxSelect } from '../catalog/TaxSelect.tsx';
import { useAddLine, type NewLineInput } from './api.ts';
import { CreateProductDialog } from './CreateProductDialog.tsx';

const empty = { productId: '', description: '', quantity: '', unitPrice: '', taxId: '' };
const fields = ['productId', 'description', 'quantity', 'unitPrice', 'unit', 'taxId'];

/** Adds a line (on a confirmed order too: another rate). Empty fields take the product's defaults. */
export function AddLineForm({ order, canCreateProduct }: { order: SaleOrder; canCreateProduct: boolean }) {
  const [draft, setDraft] = useState(empty);
  const [created, setCreated] = useState<Product | null>(null);
  // The dialog is open with this name ('' from the button, the typed text from the picker's Create option).
  const [dialog, setDialog] = useState<string | null>(null);
  const products = useActiveProducts();
  const add = useAddLine(order.id);
  const toast = useToast();
  const listed = products.data?.items ?? [];
  const options = created && !listed.some((p) => p.id === created.id) ? [created, ...listed] : listed;
  const product = options.find((p) => p.id === draft.productId);
  const error = add.error instanceof ApiError ? add.error : null;
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const line: NewLineInput = { productId: draft.productId };
    for (const key of ['description', 'quantity', 'unitPrice', 'taxId'] as const) if (draft[key].trim()) line[key] = draft[key].trim();
    add.mutate(line, {
      onSuccess: () => {
        setDraft(empty);
        toast({ message: `Line added: ${product?.name ?? 'product'}` });
      },
    });
  };
  return (
    <>
      <form onSubmit={submit} aria-label="Add a line" className="mt-4 rounded border border-dashed border-slate-300 bg-slate-50 p-3">
        <h3 className="mb-2 text-sm font-semibold text-slate-800">
          Add a line{order.state === 'confirmed' && <span className="ml-2 font-normal text-slate-500">another rate: time can then be billed at it</span>}
        </h3>
        <div className="grid items-start gap-3 md:grid-cols-[minmax(0,2fr)_auto_minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.5fr)_auto]">
          <Field label="Product" error={error?.field('productId')} hint={product ? policyLabels[product.invoicingPolicy] : undefined}>
            <Combobox
              required
              value={draft.productId}
              onChange={(productId) => setDraft({ ...draft, productId })}
              options={options.map((p) => ({ id: p.id, label: p.name }))}
              placeholder={products.isPending ? 'Loading products…' : 'Type to find a product…'}
              onCreate={canCreateProduct ? setDialog : undefined}
            />
          </Field>
          {canCreateProduct && <Button className="mt-6" onClick={() => setDialog('')}>Create and edit…</Button>}
          <Field label="Description" error={error?.field('description')}><Input placeholder={product?.name ?? 'The product name'} value={draft.description} onChange={set('description')} /></Field>
          <Field label="Quantity" error={error?.field('quantity') ?? error?.field('unit')}>
            <Input inputMode="decimal" placeholder={product ? (product.invoicingPolicy === 'timesheets' ? '0' : '1') : ''} value={draft.quantity} onChange={set('quantity')} />
          </Field>
          <Field label="Unit price" error={error?.field('unitPrice')}><Input inputMode="decimal" placeholder={product?.unitPrice ?? ''} value={draft.unitPrice} onChange={set('unitPrice')} /></Field>
          <Field label="Tax" error={error?.field('taxId')}>
            <TaxSelect emptyLabel="By fiscal position" title="The tax the customer's fiscal position gives" value={draft.taxId} onChange={set('taxId')} />
          </Field>
          <Button type="submit" variant="primary" className="mt-6" disabled={!draft.productId || add.isPending}>{add.isPending ? 'Adding…' : 'Add line'}</Button>
        </div>
        <div className="mt-2"><FormError error={add.error} fields={fields} /></div>
      </form>
      {dialog !== null && (
        <CreateProductDialog
          name={dialog}
          onClose={() => setDialog(null)}
          onCreated={(p) => {
            setCreated(p);
            setDraft({ ...draft, productId: p.id });
            setDialog(null);
          }}
        />
      )}
    </>
  );
}
