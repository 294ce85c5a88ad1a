import { useState } from 'react';
import { ApiError } from '../../app/http.ts';
import type { SaleOrder } from '../../app/types.ts';
import { Combobox } from '../../ui/Combobox.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { useToast } from '../../ui/toast.tsx';
import { Badge, Field } from '../../ui/ui.tsx';
import { accountManagerOptions, useUsers } from '../users/api.ts';
import { useChangeAccountManager } from './api.ts';

const ADMINS_GET_THEM = 'Upsell alerts go to the admins';
/** The option that takes the manager off the order (the API's null). */
const NONE = 'none';

/**
 * R80: the order's account manager, who gets its upsell alerts (R74). Editors pick an active admin,
 * manager or accountant, or None; choosing one (Enter or a click) saves it, and an emptied field
 * keeps the saved manager. Without one, or when the manager is inactive, the alerts go to every active admin.
 */
export function OrderAccountManager({ order, editable }: { order: SaleOrder; editable: boolean }) {
  const manager = order.accountManager;
  const users = useUsers();
  const change = useChangeAccountManager(order.id);
  const toast = useToast();
  const [draft, setDraft] = useState<string | null>(null);
  const error = change.error instanceof ApiError ? change.error : null;
  const inactive = manager !== null && !manager.active;
  if (!editable) {
    return (
      <div className="text-sm">
        <div className="font-medium text-slate-700">Account manager</div>
        <div className="mt-1 flex items-center gap-2 text-base">
          {manager ? manager.name : <span className="text-slate-500">None</span>}
          {inactive && <Badge tone="amber">Inactive</Badge>}
        </div>
        {(manager === null || inactive) && <div className="text-xs text-slate-500">{ADMINS_GET_THEM}</div>}
      </div>
    );
  }
  const choose = (id: string) => {
    setDraft(id);
    if (!id || id === (manager?.id ?? NONE) || change.isPending) return;
    change.mutate(id === NONE ? null : id, {
      onSuccess: (saved) => {
        setDraft(null);
        toast({ message: `Account manager: ${saved.accountManager?.name ?? 'none'}` });
      },
    });
  };
  const hint = change.isPending ? 'Saving…'
    : manager === null ? `None: ${ADMINS_GET_THEM.toLowerCase()}`
    : inactive ? `${manager.name} is inactive: ${ADMINS_GET_THEM.toLowerCase()}`
    : 'Gets the upsell alerts of prepaid blocks';
  return (
    <div className="max-w-sm">
      <Field label="Account manager" error={error?.field('accountManagerId')} hint={hint}>
        <Combobox value={draft || manager?.id || NONE} onChange={choose} options={[...accountManagerOptions(users.data), { id: NONE, label: 'None', hint: 'upsell alerts go to the admins' }]} selectedLabel={manager?.name} placeholder="Type to find a manager…" />
      </Field>
      <FormError error={change.error} fields={['accountManagerId']} />
    </div>
  );
}
