'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/app/components/ui/button';
import { FormError } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { formatBytes, formatPercent } from '@/app/lib/format';
import { uploadDataset, type UploadProgress } from './upload-request';

type State = { kind: 'idle' } | { kind: 'busy'; fileName: string; progress: UploadProgress } | { kind: 'failed'; fileName: string; message: string };

export function UploadCard() {
  const team = useCurrentTeam();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<(() => void) | null>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function start(file: File) {
    setState({ kind: 'busy', fileName: file.name, progress: { phase: 'sending', loaded: 0, total: file.size } });
    const request = uploadDataset(team.id, file, (progress) => setState({ kind: 'busy', fileName: file.name, progress }));
    abort.current = request.abort;
    const result = await request.promise;
    abort.current = null;
    if (input.current) input.current.value = '';
    if (result.ok) router.push(`/t/${team.slug}/datasets/drafts/${result.draftId}`);
    else setState({ kind: 'failed', fileName: file.name, message: result.message });
  }

  const busy = state.kind === 'busy';
  return (
    <div className="space-y-3">
      <div>
        <h3 className="text-sm font-medium text-slate-900">Upload a file</h3>
        <p className="text-sm text-slate-500">CSV or TSV with a header row; the delimiter (comma, semicolon or tab) is detected. You pick the target next.</p>
      </div>
      <div className="rounded-lg border-2 border-dashed border-slate-200 px-4 py-6 text-center">
        <input
          ref={input}
          type="file"
          aria-label="Data file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void start(file);
          }}
          className="mx-auto block w-full max-w-xs text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100"
        />
        <p className="mt-2 text-xs text-slate-400">or drop a file onto the button</p>
      </div>
      {state.kind === 'busy' && <Progress fileName={state.fileName} progress={state.progress} onCancel={() => abort.current?.()} />}
      {state.kind === 'failed' && (
        <div className="space-y-1">
          <p className="text-xs text-slate-500">{state.fileName} was not accepted:</p>
          <FormError message={state.message} />
        </div>
      )}
    </div>
  );
}

function Progress({ fileName, progress, onCancel }: { fileName: string; progress: UploadProgress; onCancel: () => void }) {
  const sending = progress.phase === 'sending';
  const share = sending ? (progress.total > 0 ? progress.loaded / progress.total : 0) : 1;
  return (
    <div className="space-y-1.5" aria-live="polite">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="truncate font-medium text-slate-700">{fileName}</span>
        <span className="shrink-0 tabular-nums text-slate-500">
          {sending ? `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} · ${formatPercent(share, 0)}` : 'Parsing…'}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`Uploading ${fileName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-valuetext={sending ? `${formatPercent(share, 0)} sent` : 'Parsing'}
        className="h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full bg-indigo-500 transition-[width] ${sending ? '' : 'animate-pulse'}`} style={{ width: `${share * 100}%` }} />
      </div>
      {sending && (
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onCancel}>
          Cancel upload
        </Button>
      )}
    </div>
  );
}
