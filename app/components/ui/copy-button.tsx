'use client';

import { useState } from 'react';

type CopyStatus = 'idle' | 'copied' | 'failed';

/** Copies `value`; the clipboard API exists only on https and localhost, so a failure is reported, not hidden. */
function useCopy(value: string): [CopyStatus, () => Promise<void>] {
  const [status, setStatus] = useState<CopyStatus>('idle');
  const copy = async () => {
    const ok = await (navigator.clipboard?.writeText(value).then(() => true, () => false) ?? Promise.resolve(false));
    setStatus(ok ? 'copied' : 'failed');
    if (ok) setTimeout(() => setStatus('idle'), 2000);
  };
  return [status, copy];
}

/** A hash shown short, copied whole: people paste hashes into notebooks and papers. */
export function CopyValue({ value, label, shown }: { value: string; label: string; shown?: string }) {
  const [status, copy] = useCopy(value);
  return (
    <span className="inline-flex items-center gap-1.5">
      <code className="select-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" title={value}>
        {status === 'failed' ? value : (shown ?? value)}
      </code>
      <button type="button" aria-label={`Copy ${label}`} className="rounded px-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50" onClick={copy}>
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Select it to copy' : 'Copy'}
      </button>
      <span aria-live="polite" className="sr-only">
        {status === 'copied' ? `${label} copied` : ''}
      </span>
    </span>
  );
}

/** A button that copies a longer text (a config as JSON); where copying fails it says where to select it. */
export function CopyButton({ value, label, failedHint }: { value: string; label: string; failedHint: string }) {
  const [status, copy] = useCopy(value);
  return (
    <button
      type="button"
      onClick={copy}
      className="rounded-md bg-white px-2.5 py-1.5 text-xs font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
    >
      {status === 'copied' ? 'Copied' : status === 'failed' ? failedHint : label}
      <span aria-live="polite" className="sr-only">
        {status === 'copied' ? `${label}: copied` : ''}
      </span>
    </button>
  );
}
