/** A config as JSON, folded away: for a notebook, the API, or a careful read. */
export function JsonDetails({ json, label }: { json: string; label: string }) {
  return (
    <details className="mt-4">
      <summary className="cursor-pointer text-sm font-medium text-indigo-700">As JSON</summary>
      <pre aria-label={label} className="mt-2 max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
        {json}
      </pre>
    </details>
  );
}
