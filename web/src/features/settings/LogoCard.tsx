import { useRef } from 'react';
import { ApiError } from '../../app/http.ts';
import { useToast } from '../../ui/toast.tsx';
import { Button, Card } from '../../ui/ui.tsx';
import { useLogoVersion, useSaveLogo } from './api.ts';

/** R72: the logo drawn top-left on invoices: a preview, an upload (PNG or JPEG, 512 KB at most) and a remove. */
export function LogoCard({ readOnly }: { readOnly: boolean }) {
  const version = useLogoVersion();
  const save = useSaveLogo();
  const toast = useToast();
  const fileInput = useRef<HTMLInputElement>(null);
  const error = save.error instanceof ApiError ? save.error.message : save.error ? 'The logo could not be saved' : null;
  const upload = (file: File | null) => {
    save.mutate(file, {
      onSuccess: () => toast({ message: file ? 'Logo saved: invoices now show it' : 'Logo removed', tone: 'success' }),
      onSettled: () => { if (fileInput.current) fileInput.current.value = ''; },
    });
  };
  return (
    <Card title="Logo on invoices">
      <div className="grid gap-3">
        <div className="flex h-20 items-center justify-start rounded border border-dashed border-slate-300 bg-slate-50 px-3">
          {version.data
            ? <img src={`/api/v1/company/logo?v=${encodeURIComponent(version.data)}`} alt="Company logo" className="max-h-16 max-w-56 object-contain" />
            : <span className="text-sm text-slate-500">No logo: invoices start with the company's name.</span>}
        </div>
        {!readOnly && (
          <div className="flex flex-wrap items-center gap-2">
            <label className="text-sm text-slate-700">
              <span className="sr-only">Logo file</span>
              <input ref={fileInput} type="file" accept="image/png,image/jpeg" aria-label="Logo file" disabled={save.isPending}
                className="text-sm file:mr-2 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"
                onChange={(e) => { const file = e.target.files?.[0]; if (file) upload(file); }} />
            </label>
            {version.data && <Button onClick={() => upload(null)} disabled={save.isPending}>Remove logo</Button>}
          </div>
        )}
        <p className="text-xs text-slate-500">PNG or JPEG, at most 512 KB; drawn top-left on drafts and on invoices and credit notes posted from now on, scaled to fit 160 × 56 points. Posted documents keep the logo they were posted with.</p>
        {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      </div>
    </Card>
  );
}
