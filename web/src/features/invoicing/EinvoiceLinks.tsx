import { useState } from 'react';
import type { Invoice } from '../../app/types.ts';
import { secondaryLink } from '../../ui/links.ts';

type Failure = { message: string; details: Array<{ path: string; message: string }> };

/**
 * The e-invoice downloads of a posted invoice or credit note: UBL (Peppol BIS 3) and the Factur-X
 * PDF. A click fetches the file first, so when the company or the customer lacks a field the
 * e-invoice needs, the page lists what is missing (the 422's details) instead of a raw error.
 */
export function EinvoiceLinks({ invoice }: { invoice: Invoice }) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  if (invoice.state !== 'posted') return null;
  const download = async (label: string, url: string) => {
    setPending(label);
    setFailure(null);
    try {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: Failure } | null;
        setFailure({ message: body?.error?.message ?? `The server answered ${response.status}`, details: body?.error?.details ?? [] });
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'e-invoice';
      const href = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      a.click();
      URL.revokeObjectURL(href);
    } catch {
      setFailure({ message: 'The server could not be reached', details: [] });
    } finally {
      setPending(null);
    }
  };
  const link = (label: string, url: string) => (
    <a href={url} className={secondaryLink} aria-busy={pending === label} onClick={(e) => { e.preventDefault(); void download(label, url); }}>
      {pending === label ? `${label}…` : label}
    </a>
  );
  return (
    <>
      {link('UBL (Peppol)', `/api/v1/invoices/${invoice.id}/ubl`)}
      {link('Factur-X PDF', `/api/v1/invoices/${invoice.id}/pdf?format=facturx`)}
      {failure && (
        <div role="alert" className="basis-full rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">{failure.message}</p>
          {failure.details.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {failure.details.map((d) => <li key={d.path}><code>{d.path}</code>: {d.message}</li>)}
            </ul>
          )}
          <p className="mt-1 text-xs">Complete them in Settings (company) or on the customer, then download again.</p>
        </div>
      )}
    </>
  );
}
