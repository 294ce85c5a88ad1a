import { ApiError } from '../../app/http.ts';
import type { Policy, Product, Unit } from '../../app/types.ts';
import { Field, Input, Select } from '../../ui/ui.tsx';
import { useCompany, type ProductInput } from './api.ts';
import { displayPercent } from '../../ui/format.ts';
import { incrementFields, incrementLabels, minutesText, minutesValue } from './increments.ts';
import { policyLabels, unitNames } from './labels.ts';

export interface ProductDraft {
  name: string; unit: Unit; unitPrice: string; taxRate: string; invoicingPolicy: Policy; upsellThresholdPercent: string; billOverage: boolean;
  billingStepMinutes: string; billingMinimumMinutes: string;
}

export const productFields = ['name', 'unit', 'unitPrice', 'taxRate', 'invoicingPolicy', 'upsellThresholdPercent', 'billOverage', ...incrementFields, 'active'] as const;

export const productDraft = (p?: Partial<Product>): ProductDraft => ({
  name: p?.name ?? '', unit: p?.unit ?? 'hour', unitPrice: p?.unitPrice ?? '', taxRate: p?.taxRate ?? '', invoicingPolicy: p?.invoicingPolicy ?? 'timesheets',
  upsellThresholdPercent: p?.upsellThresholdPercent ?? '', billOverage: p?.billOverage ?? false,
  billingStepMinutes: minutesText(p?.billingStepMinutes), billingMinimumMinutes: minutesText(p?.billingMinimumMinutes),
});

export const productInput = (d: ProductDraft): ProductInput => ({
  name: d.name, unit: d.unit, unitPrice: d.unitPrice.trim(), invoicingPolicy: d.invoicingPolicy, ...(d.taxRate.trim() ? { taxRate: d.taxRate.trim() } : {}),
  // R74, R75: terms of prepaid blocks only.
  upsellThresholdPercent: d.invoicingPolicy === 'prepaid' && d.upsellThresholdPercent.trim() ? d.upsellThresholdPercent.trim() : null,
  billOverage: d.invoicingPolicy === 'prepaid' && d.billOverage,
  // R78: default increments of new lines; a manual product has none.
  billingStepMinutes: d.invoicingPolicy === 'manual' ? null : minutesValue(d.billingStepMinutes) as number | null,
  billingMinimumMinutes: d.invoicingPolicy === 'manual' ? null : minutesValue(d.billingMinimumMinutes) as number | null,
});

const policyHints: Record<Policy, string> = {
  timesheets: 'Invoice the time delivered (postpaid support)',
  prepaid: 'Invoice the ordered quantity; time counts against it',
  manual: 'Delivered quantity set by hand on the order',
};

/** Name, unit, price, tax and invoicing policy: used by the product form and "Create and edit" on an order line. */
export function ProductFields({ draft, onChange, error, autoFocus }: { draft: ProductDraft; onChange: (draft: ProductDraft) => void; error: unknown; autoFocus?: boolean }) {
  const company = useCompany();
  const fieldError = (path: string) => (error instanceof ApiError ? error.field(path) : undefined);
  const set = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) => onChange({ ...draft, [key]: value });
  const currency = company.data?.currency ?? '';
  return (
    <>
      <Field label="Product name" error={fieldError('name')}>
        <Input required autoFocus={autoFocus} value={draft.name} onChange={(e) => set('name', e.target.value)} />
      </Field>
      <Field label="Unit" error={fieldError('unit')}>
        <Select value={draft.unit} onChange={(e) => set('unit', e.target.value as Unit)}>
          {Object.entries(unitNames).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Select>
      </Field>
      <Field label={`Unit price${currency ? ` (${currency})` : ''}`} error={fieldError('unitPrice')}>
        <Input required inputMode="decimal" placeholder="0.00" value={draft.unitPrice} onChange={(e) => set('unitPrice', e.target.value)} />
      </Field>
      <Field label="Tax %" error={fieldError('taxRate')} hint={company.data && !draft.taxRate ? `Empty: the default ${displayPercent(company.data.defaultTaxRate)}` : undefined}>
        <Input inputMode="decimal" placeholder={company.data ? company.data.defaultTaxRate : ''} value={draft.taxRate} onChange={(e) => set('taxRate', e.target.value)} />
      </Field>
      <Field label="Invoicing policy" error={fieldError('invoicingPolicy')} hint={policyHints[draft.invoicingPolicy]}>
        <Select value={draft.invoicingPolicy} onChange={(e) => set('invoicingPolicy', e.target.value as Policy)}>
          {Object.entries(policyLabels).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Select>
      </Field>
      {draft.invoicingPolicy === 'prepaid' && (
        <>
          <Field label="Upsell alert at % of the block" error={fieldError('upsellThresholdPercent')} hint="e.g. 80 or 100: one alert to the account manager per crossing; empty: none">
            <Input inputMode="decimal" placeholder="none" value={draft.upsellThresholdPercent} onChange={(e) => set('upsellThresholdPercent', e.target.value)} />
          </Field>
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" checked={draft.billOverage} onChange={(e) => set('billOverage', e.target.checked)} />
            <span className="font-medium text-slate-700">Bill overage</span>
            <span className="text-xs text-slate-500">(time beyond the block on the next invoice)</span>
          </label>
        </>
      )}
      {draft.invoicingPolicy !== 'manual' && incrementFields.map((key) => (
        <Field key={key} label={`${incrementLabels[key].label} (min)`} error={fieldError(key)} hint="Default for new order lines of this product; empty: none">
          <Input inputMode="numeric" placeholder="none" aria-label={incrementLabels[key].ariaLabel} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
        </Field>
      ))}
    </>
  );
}
