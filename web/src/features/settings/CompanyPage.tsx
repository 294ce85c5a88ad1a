import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { FormError } from '../../ui/FormError.tsx';
import { useToast } from '../../ui/toast.tsx';
import { Button, Card, Field, Input, PageHeader, Textarea } from '../../ui/ui.tsx';
import { CountrySelect } from '../../ui/CountrySelect.tsx';
import { NoData, RefreshError } from '../../ui/QueryState.tsx';
import type { Company } from '../../app/types.ts';
import { useCompany, useSaveCompany } from './api.ts';
import { LogoCard } from './LogoCard.tsx';

const fields = [
  'name', 'street', 'postalCode', 'city', 'country', 'vatId', 'currency', 'defaultTaxRate', 'paymentTermsDays', 'minutesPerDay',
  'registrationId', 'registrationScheme', 'peppolEndpointId', 'peppolEndpointScheme', 'iban', 'bic', 'paymentTermsText', 'invoiceMailSubject', 'invoiceMailBody',
] as const;
type Draft = Record<(typeof fields)[number], string>;

const toDraft = (c: Company): Draft => ({
  name: c.name, street: c.street ?? '', postalCode: c.postalCode ?? '', city: c.city ?? '', country: c.country ?? '', vatId: c.vatId ?? '',
  currency: c.currency, defaultTaxRate: c.defaultTaxRate, paymentTermsDays: String(c.paymentTermsDays), minutesPerDay: String(c.minutesPerDay),
  invoiceMailSubject: c.invoiceMailSubject, invoiceMailBody: c.invoiceMailBody,
  registrationId: c.registrationId ?? '', registrationScheme: c.registrationScheme ?? '', peppolEndpointId: c.peppolEndpointId ?? '', peppolEndpointScheme: c.peppolEndpointScheme ?? '',
  iban: c.iban ?? '', bic: c.bic ?? '', paymentTermsText: c.paymentTermsText,
});

const PLACEHOLDERS = ['document', 'number', 'amount', 'invoice_date', 'due_date', 'customer', 'company', 'portal_link'];

/** The company on invoices: name, address, VAT id; currency, default tax, payment terms, length of a day. */
export function CompanyPage() {
  const company = useCompany();
  return (
    <>
      <PageHeader title="Company settings" subtitle="What invoices show, and how time and money are counted" />
      <RefreshError query={company} />
      {company.data ? <CompanyForm company={company.data} /> : <NoData query={company} />}
    </>
  );
}

function CompanyForm({ company }: { company: Company }) {
  const { can } = usePermissions();
  const save = useSaveCompany();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => toDraft(company));
  const [saved, setSaved] = useState(false);
  const error = save.error instanceof ApiError ? save.error : null;
  const readOnly = !can('admin');
  const input = (name: keyof Draft, props: Record<string, unknown> = {}) => (
    <Input value={draft[name]} disabled={readOnly} onChange={(e) => { setSaved(false); setDraft({ ...draft, [name]: e.target.value }); }} {...props} />
  );
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The inputs are required: a cleared number is never sent as Number('') = 0.
    if (!draft.paymentTermsDays.trim() || !draft.minutesPerDay.trim()) return;
    save.mutate(
      {
        name: draft.name, street: text(draft.street), postalCode: text(draft.postalCode), city: text(draft.city), country: text(draft.country),
        vatId: text(draft.vatId), currency: draft.currency.trim().toUpperCase(), defaultTaxRate: draft.defaultTaxRate.trim(),
        paymentTermsDays: Number(draft.paymentTermsDays), minutesPerDay: Number(draft.minutesPerDay),
        invoiceMailSubject: draft.invoiceMailSubject, invoiceMailBody: draft.invoiceMailBody,
        registrationId: text(draft.registrationId), registrationScheme: text(draft.registrationScheme),
        peppolEndpointId: text(draft.peppolEndpointId), peppolEndpointScheme: text(draft.peppolEndpointScheme), iban: text(draft.iban), bic: text(draft.bic),
        paymentTermsText: draft.paymentTermsText.trim(),
      },
      { onSuccess: (result) => { setDraft(toDraft(result)); setSaved(true); toast({ message: 'Company settings saved', tone: 'success' }); } },
    );
  };
  return (
    <form onSubmit={submit} className="grid gap-4 lg:grid-cols-2">
      <Card title="Company">
        <div className="grid gap-3">
          <Field label="Company name" error={error?.field('name')}>{input('name', { required: true, maxLength: 200 })}</Field>
          <Field label="Street" error={error?.field('street')}>{input('street')}</Field>
          <div className="grid grid-cols-3 gap-3">
            <Field label="Postal code" error={error?.field('postalCode')}>{input('postalCode')}</Field>
            <div className="col-span-2"><Field label="City" error={error?.field('city')}>{input('city')}</Field></div>
          </div>
          <Field label="Country" error={error?.field('country')}>
            <CountrySelect value={draft.country} disabled={readOnly} onChange={(e) => { setSaved(false); setDraft({ ...draft, country: e.target.value }); }} />
          </Field>
          <Field label="VAT id" error={error?.field('vatId')}>{input('vatId')}</Field>
        </div>
      </Card>
      <Card title="Billing">
        <div className="grid gap-3">
          <Field label="Currency" hint="ISO code, e.g. EUR. Fixed once the first invoice exists." error={error?.field('currency')}>{input('currency', { required: true, maxLength: 3, className: 'w-24 uppercase' })}</Field>
          <Field label="Default tax %" hint="Products without their own rate use it." error={error?.field('defaultTaxRate')}>{input('defaultTaxRate', { required: true, inputMode: 'decimal', className: 'w-32' })}</Field>
          <Field label="Payment terms (days)" hint="Due date = invoice date + these days." error={error?.field('paymentTermsDays')}>{input('paymentTermsDays', { type: 'number', required: true, min: 0, max: 3650, step: 1, className: 'w-32' })}</Field>
          <Field label="Minutes in a day" hint="Lines sold in days convert time with it (480 = 8 h)." error={error?.field('minutesPerDay')}>{input('minutesPerDay', { type: 'number', required: true, min: 1, max: 1440, step: 1, className: 'w-32' })}</Field>
        </div>
      </Card>
      <Card title="Payment on invoices">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="IBAN" hint="Customers pay into it; printed under the totals of every invoice" error={error?.field('iban')}>{input('iban', { className: 'uppercase' })}</Field>
          <Field label="BIC" hint="8 or 11 characters, e.g. ABNANL2A" error={error?.field('bic')}>{input('bic', { maxLength: 11, className: 'w-40 uppercase' })}</Field>
          <div className="sm:col-span-2">
            <Field label="Payment terms text" hint="Printed on invoices above the bank details. Empty: none." error={error?.field('paymentTermsText')}>
              <Textarea rows={2} value={draft.paymentTermsText} disabled={readOnly} maxLength={500} placeholder="Payment within 30 days by bank transfer" onChange={(e) => { setSaved(false); setDraft({ ...draft, paymentTermsText: e.target.value }); }} />
            </Field>
          </div>
        </div>
      </Card>
      <LogoCard readOnly={readOnly} />
      <Card title="E-invoicing (Peppol, Factur-X)">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Peppol endpoint id" hint="Our electronic address, e.g. the KvK number or a GLN" error={error?.field('peppolEndpointId')}>{input('peppolEndpointId')}</Field>
          <Field label="Endpoint scheme" hint="EAS code: 0106 KvK, 0088 GLN, 0208 Belgian company…" error={error?.field('peppolEndpointScheme')}>{input('peppolEndpointScheme', { inputMode: 'numeric', maxLength: 4, className: 'w-28' })}</Field>
          <Field label="Registration id" hint="Legal company number (chamber of commerce)" error={error?.field('registrationId')}>{input('registrationId')}</Field>
          <Field label="Registration scheme" hint="ISO 6523 code, e.g. 0106 for a KvK number" error={error?.field('registrationScheme')}>{input('registrationScheme', { inputMode: 'numeric', maxLength: 4, className: 'w-28' })}</Field>
        </div>
      </Card>
      <Card title="Invoice e-mail" className="lg:col-span-2">
        <div className="grid gap-3">
          <p className="text-sm text-slate-600">The mail that carries an invoice or credit note (its PDF attached) when you send it. Placeholders: {PLACEHOLDERS.map((p) => <code key={p} className="mr-1 rounded bg-slate-100 px-1 text-xs">{`{${p}}`}</code>)}</p>
          <Field label="Subject" error={error?.field('invoiceMailSubject')}>{input('invoiceMailSubject', { required: true, maxLength: 200 })}</Field>
          <Field label="Text" error={error?.field('invoiceMailBody')}>
            <Textarea rows={7} value={draft.invoiceMailBody} disabled={readOnly} required maxLength={5000} onChange={(e) => { setSaved(false); setDraft({ ...draft, invoiceMailBody: e.target.value }); }} />
          </Field>
        </div>
      </Card>
      <div className="flex items-center gap-3 lg:col-span-2">
        {!readOnly && <Button type="submit" variant="primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save settings'}</Button>}
        {readOnly && <span className="text-sm text-slate-500">Only an administrator changes these settings.</span>}
        {saved && <span role="status" className="text-sm text-green-700">Settings saved.</span>}
        <FormError error={save.error} fields={fields} />
      </div>
    </form>
  );
}
