'use client';

import { useState } from 'react';

/** A hash shown short, copied whole: people paste hashes into notebooks and papers. */
export function CopyValue({ value, label, shown }: { value: string; label: string; shown?: string }) {
  // The clipboard API exists only on https and localhost; elsewhere say so rather than pretend.
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <span className="inline-flex items-center gap-1.5">
      <code className="select-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" title={value}>
        {status === 'failed' ? value : (shown ?? value)}
      </code>
      <button
        type="button"
        aria-label={`Copy ${label}`}
        className="rounded px-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50"
        onClick={async () => {
          const ok = await (navigator.clipboard?.writeText(value).then(() => true, () => false) ?? Promise.resolve(false));
          setStatus(ok ? 'copied' : 'failed');
          if (ok) setTimeout(() => setStatus('idle'), 2000);
        }}
      >
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Select it to copy' : 'Copy'}
      </button>
      <span aria-live="polite" className="sr-only">
        {status === 'copied' ? `${label} copied` : ''}
      </span>
    </span>
  );
}
