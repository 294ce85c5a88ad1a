import { useState, type FormEvent } from 'react';
import { ApiError } from '../../app/http.ts';
import type { Customer } from '../../app/types.ts';
import { Field, Input, Select } from '../../ui/ui.tsx';
import { Combobox } from '../../ui/Combobox.tsx';
import { CountrySelect } from '../../ui/CountrySelect.tsx';
import { SaveBar } from '../../ui/SaveBar.tsx';
import { useToast } from '../../ui/toast.tsx';
import { usePermissions } from '../../app/permissions.tsx';
import { useCompanies, useSaveCustomer, type CustomerInput } from './api.ts';

type Draft = {
  name: string; kind: Customer['kind']; companyId: string; email: string; billingEmail: string; phone: string; street: string; city: string; postalCode: string; country: string; vatId: string;
  registrationId: string; registrationScheme: string; peppolEndpointId: string; peppolEndpointScheme: string;
  /** '': a new customer's default, from its country and VAT id (R66). */
  fiscalPosition: Customer['fiscalPosition'] | '';
};

const FISCAL_POSITIONS: Array<[Customer['fiscalPosition'], string]> = [['domestic', 'Domestic'], ['eu_business', 'EU business (reverse charge)'], ['outside_eu', 'Outside the EU']];

const draftOf = (c: Partial<Customer>): Draft => ({
  name: c.name ?? '', kind: c.kind ?? 'company', companyId: c.companyId ?? '', email: c.email ?? '', billingEmail: c.billingEmail ?? '', phone: c.phone ?? '',
  street: c.address?.street ?? '', city: c.address?.city ?? '', postalCode: c.address?.postalCode ?? '', country: c.address?.country ?? '', vatId: c.vatId ?? '',
  registrationId: c.registrationId ?? '', registrationScheme: c.registrationScheme ?? '', peppolEndpointId: c.peppolEndpointId ?? '', peppolEndpointScheme: c.peppolEndpointScheme ?? '',
  fiscalPosition: c.fiscalPosition ?? '',
});

const fields = ['name', 'kind', 'companyId', 'email', 'billingEmail', 'phone', 'vatId', 'fiscalPosition', 'street', 'city', 'postalCode', 'country', 'registrationId', 'registrationScheme', 'peppolEndpointId', 'peppolEndpointScheme'];
const orNull = (s: string) => (s.trim() ? s.trim() : null);
const inputOf = (d: Draft): CustomerInput => ({
  name: d.name, kind: d.kind, companyId: d.kind === 'person' ? orNull(d.companyId) : null, email: orNull(d.email), billingEmail: orNull(d.billingEmail), phone: orNull(d.phone),
  address: { street: orNull(d.street), city: orNull(d.city), postalCode: orNull(d.postalCode), country: orNull(d.country) }, vatId: orNull(d.vatId),
  registrationId: orNull(d.registrationId), registrationScheme: orNull(d.registrationScheme), peppolEndpointId: orNull(d.peppolEndpointId), peppolEndpointScheme: orNull(d.peppolEndpointScheme),
  ...(d.fiscalPosition ? { fiscalPosition: d.fiscalPosition } : {}),
});

/** Creates or edits a customer; `initial` prefills a new one (e.g. a contact of a company). */
export function CustomerForm({ customer, initial, onSaved }: { customer?: Customer; initial?: Partial<Customer>; onSaved: (customer: Customer) => void }) {
  const [draft, setDraft] = useState(() => draftOf(customer ?? initial ?? {}));
  const [saved, setSaved] = useState(false);
  const save = useSaveCustomer(customer?.id);
  const toast = useToast();
  const companies = useCompanies();
  const readOnly = !usePermissions().can('setup');
  const error = save.error instanceof ApiError ? save.error : null;
  const bind = (key: Exclude<keyof Draft, 'kind'>) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => {
      setSaved(false);
      setDraft({ ...draft, [key]: e.target.value });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(inputOf(draft), { onSuccess: (c) => { setSaved(true); toast({ message: `Customer “${c.name}” ${customer ? 'saved' : 'created'}` }); onSaved(c); } });
  };
  const companyOptions = (companies.data ?? []).filter((c) => c.id !== customer?.id);
  return (
    <form onSubmit={submit} aria-label="Customer">
      <fieldset disabled={readOnly} className="grid max-w-3xl min-w-0 gap-4 sm:grid-cols-2">
        <Field label="Name" error={error?.field('name')}><Input required autoFocus={!customer} {...bind('name')} /></Field>
        <Field label="Kind" error={error?.field('kind')}>
          <Select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Customer['kind'] })}>
            <option value="company">Company</option>
            <option value="person">Person</option>
          </Select>
        </Field>
        {draft.kind === 'person' && (
          <Field label="Company" hint="The company this person works for (its orders and invoices)" error={error?.field('companyId')}>
            <Combobox
              value={draft.companyId}
              onChange={(companyId) => bind('companyId').onChange({ target: { value: companyId } })}
              options={companyOptions.map((c) => ({ id: c.id, label: c.name }))}
              placeholder={companies.isPending ? 'Loading companies…' : 'No company (a private person)'}
            />
          </Field>
        )}
        <Field label="Email" error={error?.field('email')}><Input type="email" {...bind('email')} /></Field>
        <Field label="Billing e-mail" hint="Where invoices are sent; empty: the company's, else the email above" error={error?.field('billingEmail')}><Input type="email" {...bind('billingEmail')} /></Field>
        <Field label="Phone" error={error?.field('phone')}><Input type="tel" {...bind('phone')} /></Field>
        <Field label="VAT id" error={error?.field('vatId')}><Input {...bind('vatId')} /></Field>
        <Field label="Fiscal position" error={error?.field('fiscalPosition')}
          hint={draft.fiscalPosition === 'eu_business' && !draft.vatId.trim() ? 'Reverse charge needs the VAT id: order lines are refused until it is set' : 'Picks the tax of new order lines'}>
          <Select value={draft.fiscalPosition} onChange={(e) => { setSaved(false); setDraft({ ...draft, fiscalPosition: e.target.value as Draft['fiscalPosition'] }); }}>
            {!customer && <option value="">From the country and VAT id</option>}
            {FISCAL_POSITIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </Field>
        <fieldset className="grid gap-3 rounded border border-slate-200 p-3 sm:col-span-2 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium text-slate-700">Address</legend>
          <Field label="Street" error={error?.field('street')}><Input autoComplete="street-address" {...bind('street')} /></Field>
          <Field label="City" error={error?.field('city')}><Input {...bind('city')} /></Field>
          <Field label="Postal code" error={error?.field('postalCode')}><Input {...bind('postalCode')} /></Field>
          <Field label="Country" error={error?.field('country')}><CountrySelect {...bind('country')} /></Field>
        </fieldset>
        <fieldset className="grid gap-3 rounded border border-slate-200 p-3 sm:col-span-2 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium text-slate-700">E-invoicing (Peppol, Factur-X)</legend>
          <Field label="Peppol endpoint id" hint="The customer's electronic address, e.g. its GLN or VAT id" error={error?.field('peppolEndpointId')}><Input {...bind('peppolEndpointId')} /></Field>
          <Field label="Endpoint scheme" hint="EAS code: 0088 GLN, 0106 KvK, 0208 Belgian company, 9930 German VAT…" error={error?.field('peppolEndpointScheme')}><Input inputMode="numeric" maxLength={4} className="w-28" {...bind('peppolEndpointScheme')} /></Field>
          <Field label="Registration id" hint="Legal company number (chamber of commerce)" error={error?.field('registrationId')}><Input {...bind('registrationId')} /></Field>
          <Field label="Registration scheme" hint="ISO 6523 code, e.g. 0106 for a Dutch KvK number" error={error?.field('registrationScheme')}><Input inputMode="numeric" maxLength={4} className="w-28" {...bind('registrationScheme')} /></Field>
        </fieldset>
        <SaveBar readOnly={readOnly} readOnlyNote="Read only: managers set up customers." label={customer ? 'Save' : 'Create customer'}
          pending={save.isPending} saved={saved} error={save.error} fields={fields} />
      </fieldset>
    </form>
  );
}
