import { useState, type FormEvent } from 'react';
import type { Product } from '../../app/types.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { Button } from '../../ui/ui.tsx';
import { useSaveProduct } from '../catalog/api.ts';
import { ProductFields, productDraft, productFields, productInput } from '../catalog/ProductFields.tsx';

/** "Create and edit" (or "Create “name”") from an order line's product picker: a product is made and selected on the line. */
export function CreateProductDialog({ name = '', onCreated, onClose }: { name?: string; onCreated: (product: Product) => void; onClose: () => void }) {
  const [draft, setDraft] = useState(() => productDraft({ name }));
  const save = useSaveProduct();
  const toast = useToast();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(productInput(draft), {
      onSuccess: (product) => {
        toast({ message: `Product “${product.name}” created` });
        onCreated(product);
      },
    });
  };
  return (
    <Dialog title="Create a product" onClose={onClose}>
      <form onSubmit={submit} aria-label="Create a product" className="grid gap-3">
        <ProductFields draft={draft} onChange={setDraft} error={save.error} autoFocus />
        <FormError error={save.error} fields={productFields} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Discard</Button>
          <Button type="submit" variant="primary" disabled={save.isPending}>{save.isPending ? 'Creating…' : 'Create and select'}</Button>
        </div>
      </form>
    </Dialog>
  );
}
