import { useRef, useState } from 'react';
import { formatDateTime } from '../../ui/format.ts';
import { Button } from '../../ui/ui.tsx';
import type { IssuedLink } from './api.ts';

/** A link shown once, with a copy button: it is not stored readable anywhere but in the mail. */
export function LinkShown({ link, label }: { link: IssuedLink; label: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
    } catch {
      // No clipboard (plain HTTP on another host): select the text for Ctrl+C instead.
      input.current?.select();
    }
  };
  return (
    <div className="space-y-2 rounded border border-green-200 bg-green-50 p-3 text-sm">
      <p className="text-green-900">{label} It works once, until {formatDateTime(link.expiresAt)}, and is shown only now (a copy went to the outbox as mail).</p>
      <div className="flex gap-2">
        <input ref={input} readOnly value={link.url} aria-label="Link" onFocus={(e) => e.target.select()} className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs" />
        <Button onClick={() => void copy()}>{copied ? 'Copied' : 'Copy link'}</Button>
      </div>
    </div>
  );
}
