import { Link } from 'react-router';
import { Badge, Field, Input, PageHeader, Select, Table } from '../../ui/ui.tsx';
import { displayAmount, displayDecimal, displayPercent } from '../../ui/format.ts';
import { primaryLink, textLink } from '../../ui/links.ts';
import { PagedList, useCursorPages } from '../../ui/pager.tsx';
import { useDebounced } from '../../ui/useDebounced.ts';
import { useFilterParams } from '../../ui/useFilterParams.ts';
import { usePermissions } from '../../app/permissions.tsx';
import { useCompany, useProducts } from './api.ts';
import { policyLabels, unitNames } from './labels.ts';

/** Service products: unit, price, tax, invoicing policy. */
export function ProductsPage() {
  const { values, set } = useFilterParams(['q', 'invoicingPolicy', 'active'] as const);
  const q = useDebounced(values.q);
  const pages = useCursorPages(`${q}|${values.invoicingPolicy}|${values.active}`);
  const list = useProducts({ q, invoicingPolicy: values.invoicingPolicy, active: values.active, cursor: pages.cursor });
  const currency = useCompany().data?.currency;
  const filtered = Boolean(values.q || values.invoicingPolicy || values.active);
  const setup = usePermissions().can('setup');
  return (
    <>
      <PageHeader title="Products" subtitle="The services you sell, with their rate and how they are invoiced" actions={setup && <Link to="/products/new" className={primaryLink}>New product</Link>} />
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <Field label="Search"><Input type="search" placeholder="Name…" value={values.q} onChange={(e) => set('q', e.target.value)} /></Field>
        <Field label="Invoicing policy">
          <Select value={values.invoicingPolicy} onChange={(e) => set('invoicingPolicy', e.target.value)}>
            <option value="">Any policy</option>
            {Object.entries(policyLabels).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={values.active} onChange={(e) => set('active', e.target.value)}>
            <option value="">Active and archived</option>
            <option value="true">Active</option>
            <option value="false">Archived</option>
          </Select>
        </Field>
      </div>
      <PagedList query={list} pages={pages} empty={filtered ? 'No product matches these filters.' : setup ? 'No product yet. Create the services you sell, e.g. "Support hour".' : 'No product yet.'}>
        {(items) => (
          <Table>
            <thead><tr><th>Name</th><th>Unit</th><th className="text-right!">Unit price</th><th className="text-right!">Tax</th><th>Invoicing policy</th><th>Status</th></tr></thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id} className="hover:bg-slate-50">
                  <td><Link className={`font-medium ${textLink}`} to={`/products/${p.id}`}>{p.name}</Link></td>
                  <td>{unitNames[p.unit]}</td>
                  <td className="text-right tabular-nums">{p.unitPrice === null ? "—" : currency === undefined ? displayDecimal(p.unitPrice) : displayAmount(p.unitPrice, currency)}</td>
                  <td className="text-right tabular-nums">{displayPercent(p.taxRate)}</td>
                  <td>{policyLabels[p.invoicingPolicy]}</td>
                  <td>{p.active ? <Badge tone="green">Active</Badge> : <Badge>Archived</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </>
  );
}
