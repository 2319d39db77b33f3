'use client';

import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { can } from '@/server/shared/auth/permissions';
import { Button } from '@/app/components/ui/button';
import { Card } from '@/app/components/ui/card';
import { CopyValue } from '@/app/components/ui/copy-button';
import { FormError, TextField } from '@/app/components/ui/field';
import { useCurrentTeam } from '@/app/components/teams/team-context';
import { errorMessage, useTRPC } from '@/app/lib/trpc';

const LINK = 'rounded-md bg-white px-2.5 py-1.5 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50';

interface ImportAnswer {
  files: { name: string; format: string; points: number; skipped: number }[];
  tags: { key: string; curve: string | null; points: number; firstStep: number; lastStep: number }[];
  skipped: { key: string; count: number }[];
  replaced: number;
  accepted: number;
}

const CURVE_WORDS: Record<string, string> = {
  trainLoss: 'train loss',
  devLoss: 'dev loss',
  trainAccuracy: 'train accuracy',
  devAccuracy: 'dev accuracy',
  trainMacroF1: 'train macro F1',
  devMacroF1: 'dev macro F1',
  trainRmse: 'train RMSE',
  devRmse: 'dev RMSE',
  trainMae: 'train MAE',
  devMae: 'dev MAE',
  trainR2: 'train R²',
  devR2: 'dev R²',
};

async function postImport(teamId: string, runId: string, files: File[], preview: boolean): Promise<ImportAnswer> {
  const form = new FormData();
  for (const file of files) form.append('file', file, file.webkitRelativePath || file.name);
  const response = await fetch(`/api/teams/${teamId}/runs/${runId}/imports?preview=${preview}`, { method: 'POST', body: form });
  const json = (await response.json()) as ImportAnswer & { error?: { message: string } };
  if (!response.ok) throw new Error(json.error?.message ?? `The import failed (${response.status}).`);
  return json;
}

/**
 * For teammates who train elsewhere: the split's rows to download (test: features only), the id a
 * script needs, and an import of the logs they already have (Keras CSVLogger, TensorBoard) as an
 * external run, previewed before anything is stored.
 */
export function TrainElsewhereCard({ splitId }: { splitId: string }) {
  const team = useCurrentTeam();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.externalRun.create.mutationOptions());
  const finish = useMutation(trpc.externalRun.finish.mutationOptions());
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<{ runId: string; answer: ImportAnswer } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const data = (part: string, format = 'csv') => `/api/teams/${team.id}/splits/${splitId}/data/${part}?format=${format}`;
  const mayImport = can(team.role, 'run.create');

  async function onPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    // Read from the input itself: files chosen before the page finished loading never reached the state.
    const chosen = [...(input.current?.files ?? [])];
    setFiles(chosen);
    setError(null);
    if (chosen.length === 0) return setError('Choose one or more log files first.');
    setBusy(true);
    try {
      // The run is created (running) first so the preview checks against it; it ends when imported or discarded.
      const runId = preview?.runId ?? (await create.mutateAsync({ teamId: team.id, splitId, name: name || chosen[0]!.name, source: { importedFrom: chosen.map((f) => f.name).join(', ').slice(0, 900) } })).id;
      setPreview({ runId, answer: await postImport(team.id, runId, chosen, true) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function onImport() {
    if (!preview) return;
    setBusy(true);
    try {
      await postImport(team.id, preview.runId, files, false);
      await finish.mutateAsync({ teamId: team.id, runId: preview.runId, status: 'succeeded' });
      await queryClient.invalidateQueries();
      router.push(`/t/${team.slug}/runs/${preview.runId}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  async function onDiscard() {
    if (preview) await finish.mutateAsync({ teamId: team.id, runId: preview.runId, status: 'cancelled' }).catch(() => undefined);
    setPreview(null);
    setFiles([]);
    if (input.current) input.current.value = '';
  }

  return (
    <Card
      title="Train elsewhere"
      description="Scripts and notebooks (PyTorch, Keras, scikit-learn) train on exactly these rows and rank here once the server has scored their dev predictions. Test rows come without labels."
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-500">Download</span>
        <a className={LINK} href={data('train')} download>
          train.csv
        </a>
        <a className={LINK} href={data('dev')} download>
          dev.csv
        </a>
        <a className={LINK} href={data('test')} download title="Features only: the labels stay sealed">
          test features.csv
        </a>
        <a className={LINK} href={data('train', 'arrow')} download title="Arrow IPC (Feather v2): pandas.read_feather, pyarrow">
          train.arrow
        </a>
        <span className="ml-auto flex items-center gap-2 text-slate-500">
          split id <CopyValue value={splitId} label="split id" shown={splitId.slice(0, 8)} />
        </span>
      </div>
      <p className="mt-3 text-sm text-slate-600">
        From a script: create a token on your <Link href="/account" className="font-medium text-indigo-700 hover:underline">account page</Link>, then{' '}
        <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs">python3 clients/python/quickstart.py --split {splitId}</code>.
      </p>

      {mayImport && (
        <form onSubmit={onPreview} className="mt-5 space-y-3 border-t border-slate-100 pt-4" noValidate>
          <h3 className="text-sm font-semibold text-slate-900">Import logs you already have</h3>
          <p className="text-sm text-slate-600">Keras CSVLogger files and TensorBoard event files (TF2, tensorboardX, PyTorch). Logged curves are self-reported: they are compared, never ranked.</p>
          <div className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <TextField label="Run name" name="name" placeholder="resnet18 on my GPU" maxLength={120} disabled={Boolean(preview)} />
            <div className="space-y-1.5">
              <label htmlFor="log-files" className="block text-sm font-medium text-slate-700">
                Log files
              </label>
              <input
                id="log-files"
                ref={input}
                type="file"
                multiple
                disabled={Boolean(preview)}
                onChange={(e) => setFiles([...(e.target.files ?? [])])}
                className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
              />
            </div>
            {!preview && (
              <Button type="submit" variant="secondary" pending={busy}>
                Preview
              </Button>
            )}
          </div>
          <FormError message={error} />
        </form>
      )}

      {preview && (
        <div className="mt-4 space-y-3">
          <table className="w-full text-sm" aria-label="Import preview">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1.5 font-medium">Logged metric</th>
                <th className="font-medium">Becomes</th>
                <th className="text-right font-medium">Points</th>
                <th className="text-right font-medium">Steps</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.answer.tags.map((t) => (
                <tr key={t.key}>
                  <td className="py-1.5 font-mono text-xs">{t.key}</td>
                  <td className={t.curve ? 'text-slate-900' : 'text-slate-500'}>{t.curve ? `${CURVE_WORDS[t.curve] ?? t.curve} curve` : 'run page only'}</td>
                  <td className="text-right tabular-nums">{t.points}</td>
                  <td className="text-right tabular-nums">
                    {t.firstStep}–{t.lastStep}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.answer.skipped.length > 0 && (
            <p className="text-xs text-slate-500">Left out (not scalars, or not finite): {preview.answer.skipped.map((s) => `${s.key} ×${s.count}`).join(', ')}.</p>
          )}
          <div className="flex gap-2">
            <Button onClick={onImport} pending={busy}>
              Import {preview.answer.tags.reduce((n, t) => n + t.points, 0)} points
            </Button>
            <Button variant="ghost" onClick={onDiscard} disabled={busy}>
              Discard
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
