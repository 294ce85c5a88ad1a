import { countryName } from '../../../../src/core/party-ids.ts';
import type { Invoice } from '../../app/types.ts';

/** A name, VAT id and postal address: the customer and company as an invoice holds them (the company settings have the same fields). */
export type Party = NonNullable<Invoice['customerSnapshot']>;

/** A name and postal address block, as printed at the top of the invoice. */
export function PartyBlock({ label, party, note }: { label: string; party: Party | null | undefined; note?: string | undefined }) {
  const cityLine = [party?.postalCode, party?.city].filter(Boolean).join(' ');
  return (
    <address className="text-sm not-italic text-slate-700" aria-label={label}>
      <div className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</div>
      {party ? (
        <>
          <div className="font-semibold text-slate-900">{party.name}</div>
          {party.street && <div>{party.street}</div>}
          {cityLine && <div>{cityLine}</div>}
          {party.country && <div>{countryName(party.country)}</div>}
          {party.vatId && <div>VAT {party.vatId}</div>}
          {note && <div className="mt-1 text-xs text-slate-500">{note}</div>}
        </>
      ) : (
        <div className="text-slate-400">…</div>
      )}
    </address>
  );
}
