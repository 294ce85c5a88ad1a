import type { SelectHTMLAttributes } from 'react';
import { Select } from '../../ui/ui.tsx';
import { useTaxes } from './taxes.ts';

/** What a line shows for its tax (R66): the tax's name with its rate, or the bare rate of a line without a tax record. */
export const taxLabel = (line: { taxName: string | null; taxRate: string }) => (line.taxName ? `${line.taxName} (${line.taxRate}%)` : `${line.taxRate}%`);

/** A tax as short as it can be said: its name alone when the name already gives the rate ("VAT 21%"), else `taxLabel`. */
export const shortTaxLabel = (line: { taxName: string | null; taxRate: string }) => {
  const rate = line.taxRate.replace(/\.?0+$/, '');
  return line.taxName?.replace(/\s+/g, '').includes(`${rate}%`) ? line.taxName : taxLabel(line);
};

/** A picker of the active taxes (and the current one, even inactive); `emptyLabel` is the option for "no choice". */
export function TaxSelect({ emptyLabel, current, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { emptyLabel: string; current?: string | null }) {
  const taxes = useTaxes();
  const options = (taxes.data?.items ?? []).filter((t) => t.active || t.id === current);
  return (
    <Select {...props}>
      <option value="">{taxes.isPending ? 'Loading taxes…' : emptyLabel}</option>
      {options.map((t) => <option key={t.id} value={t.id}>{taxLabel({ taxName: t.name, taxRate: t.rate })}</option>)}
    </Select>
  );
}
