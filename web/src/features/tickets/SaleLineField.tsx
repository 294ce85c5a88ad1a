import type { SaleLineOption } from '../../app/types.ts';
import { Combobox } from '../../ui/Combobox.tsx';
import { Field } from '../../ui/ui.tsx';
import { displayQuantity } from '../../ui/format.ts';
import { useSaleLineOptions } from './api.ts';
import { saleLineLabel } from './labels.ts';

interface Props {
  ticketId: string;
  /** The customer chosen in the form when it differs from the saved one ('' = none chosen). */
  customerId: string;
  customerChanged: boolean;
  value: string;
  onChange: (lineId: string) => void;
  error?: string | undefined;
  disabled?: boolean;
}

/** R20: the ticket's Sales Order Item, offering only what the server lists for the customer. */
export function SaleLineField({ ticketId, customerId, customerChanged, value, onChange, error, disabled }: Props) {
  const options = useSaleLineOptions(ticketId, customerChanged ? customerId || undefined : undefined, customerId !== '');
  const items = customerId ? (options.data?.items ?? []) : [];
  const selected = items.find((o) => o.id === value);
  const hint = !customerId ? 'Choose a customer first.' : options.isPending ? 'Loading the lines of the customer’s orders…' : items.length === 0 ? 'No confirmed order of this customer bills time.' : 'Lines of the customer’s confirmed orders billed on time.';
  return (
    <div>
      <Field label="Sales Order Item" error={error ?? (options.error ? 'The sales order items could not be loaded.' : undefined)}>
        <Combobox
          value={selected || !value ? value : ''}
          onChange={onChange}
          options={items.map((o) => ({ id: o.id, label: saleLineLabel(o) }))}
          placeholder="No sales order item"
          disabled={disabled || !customerId}
          aria-describedby={`sale-line-hint-${ticketId}`}
        />
      </Field>
      <p id={`sale-line-hint-${ticketId}`} className="mt-1 text-xs text-slate-500">{hint}</p>
      {selected?.invoicingPolicy === 'prepaid' && <Remaining option={selected} />}
    </div>
  );
}

/** R50: the remaining prepaid time of the line, red once used up beyond what was bought. */
function Remaining({ option }: { option: SaleLineOption }) {
  const negative = option.remaining.startsWith('-');
  return (
    <p className={`mt-1 text-xs font-medium ${negative ? 'text-red-700' : 'text-slate-600'}`}>
      Remaining on this prepaid line: {displayQuantity(option.remaining, option.unit)}
    </p>
  );
}
