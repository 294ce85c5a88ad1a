import { useState, type FormEvent } from 'react';
import type { Product } from '../../app/types.ts';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { useToast } from '../../ui/toast.tsx';
import { usePermissions } from '../../app/permissions.tsx';
import { useSaveProduct } from './api.ts';
import { ProductFields, productDraft, productFields, productInput } from './ProductFields.tsx';

/** Creates or edits a product; the server's rules (e.g. units need the manual policy) show next to the field. */
export function ProductForm({ product, onSaved }: { product?: Product; onSaved: (product: Product) => void }) {
  const [draft, setDraft] = useState(() => productDraft(product));
  const [active, setActive] = useState(product?.active ?? true);
  const [saved, setSaved] = useState(false);
  const save = useSaveProduct(product?.id);
  const toast = useToast();
  const readOnly = !usePermissions().can('setup');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ...productInput(draft), ...(product ? { active } : {}) }, { onSuccess: (p) => { setSaved(true); toast({ message: `Product “${p.name}” ${product ? 'saved' : 'created'}` }); onSaved(p); } });
  };
  const change = (next: typeof draft) => {
    setSaved(false);
    setDraft(next);
  };
  return (
    <form onSubmit={submit} aria-label="Product">
      <fieldset disabled={readOnly} className="grid max-w-3xl min-w-0 gap-4 sm:grid-cols-2">
        <ProductFields draft={draft} onChange={change} error={save.error} autoFocus={!product} />
        {product && (
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={active} onChange={(e) => { setSaved(false); setActive(e.target.checked); }} />
            <span className="font-medium text-slate-700">Active</span>
            <span className="text-xs text-slate-500">(archived products are not offered on new lines)</span>
          </label>
        )}
        <SaveBar readOnly={readOnly} readOnlyNote="Read only: managers set up products." label={product ? 'Save' : 'Create product'}
          pending={save.isPending} saved={saved} error={save.error} fields={productFields} />
      </fieldset>
    </form>
  );
}
