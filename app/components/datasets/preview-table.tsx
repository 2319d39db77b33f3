import { formatCount } from '@/app/lib/format';

const SEALED = '•••';

/** The first rows exactly as in the file; a registered version shows its target sealed. */
export function PreviewTable({ preview, rowCount, targetColumn }: { preview: { header: string[]; rows: string[][] }; rowCount: number; targetColumn?: string }) {
  const sealed = preview.rows.some((row) => row.includes(SEALED));
  return (
    <div>
      <div className="-mx-5 max-h-96 overflow-auto border-y border-slate-100">
        <table className="min-w-full text-left font-mono text-xs">
          <caption className="sr-only">First {preview.rows.length} rows</caption>
          <thead className="sticky top-0 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 text-right font-medium text-slate-400">#</th>
              {preview.header.map((name, i) => (
                <th key={i} scope="col" className={`px-3 py-2 font-medium whitespace-nowrap ${name === targetColumn ? 'text-indigo-700' : ''}`}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.rows.map((row, r) => (
              <tr key={r}>
                <td className="px-3 py-1.5 text-right text-slate-400">{r + 1}</td>
                {row.map((cell, c) =>
                  cell === SEALED ? (
                    <td key={c} className="px-3 py-1.5 text-slate-400" title="Sealed: label values never leave the server, since any row may become a test row.">
                      {cell}
                    </td>
                  ) : (
                    <td key={c} className="max-w-60 truncate px-3 py-1.5 whitespace-nowrap text-slate-700" title={cell}>
                      {cell === '' ? <span className="text-slate-300">empty</span> : cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-xs text-slate-500">
        Showing {preview.rows.length} of {formatCount(rowCount)} rows.
        {sealed && ` Target cells show ${SEALED}: test labels are sealed, and since any row may end up in a test split, no label value is ever sent to the browser.`}
      </p>
    </div>
  );
}
