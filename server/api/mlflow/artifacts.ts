import 'server-only';
import { Readable } from 'node:stream';
import { listArtifacts, putArtifact, readArtifact } from '@/server/domain/runs/artifacts';
import { DomainError } from '@/server/shared/errors';
import { access, actor, MlflowInput, type Context } from './context';

/** MLflow's artifact proxy (/api/2.0/mlflow-artifacts/artifacts/…) on the external run's artifacts. */
/** `<experiment>/<run>/artifacts/<path>` of the mlflow-artifacts proxy: the run, and the artifact's path in it. */
export function artifactTarget(path: string): { runId: string; artifactPath: string } {
  const match = /^[^/]+\/([0-9a-f-]{36})\/artifacts(?:\/(.*))?$/.exec(path);
  if (!match) throw new DomainError('NOT_FOUND', `No artifact location "${path}": expected <experiment id>/<run id>/artifacts/<path>.`);
  return { runId: match[1]!, artifactPath: match[2] ?? '' };
}

export async function artifacts(ctx: Context, path: string): Promise<Response> {
  if (ctx.request.method === 'PUT') {
    await access(ctx, 'run.create');
    const { runId, artifactPath } = artifactTarget(path);
    if (!ctx.request.body) throw new MlflowInput('Send the file as the request body.');
    await putArtifact(ctx.db, ctx.services.blobs, actor(ctx), ctx.identity.teamId, { runId, path: artifactPath, contentType: ctx.request.headers.get('content-type'), body: Readable.fromWeb(ctx.request.body as never) });
    return Response.json({});
  }
  await access(ctx, 'team.read');
  const listing = path === '' ? ctx.url.searchParams.get('path') : null;
  if (listing !== null) {
    const { runId, artifactPath } = artifactTarget(listing);
    const prefix = artifactPath ? `${artifactPath.replace(/\/+$/, '')}/` : '';
    const all = await listArtifacts(ctx.db, ctx.identity.teamId, runId);
    const entries = new Map<string, { path: string; is_dir: boolean; file_size?: string }>();
    for (const a of all.filter((a) => a.path.startsWith(prefix))) {
      const rest = a.path.slice(prefix.length);
      const [head, ...tail] = rest.split('/');
      entries.set(head!, tail.length ? { path: head!, is_dir: true } : { path: head!, is_dir: false, file_size: String(a.sizeBytes) });
    }
    return Response.json({ files: [...entries.values()] });
  }
  const { runId, artifactPath } = artifactTarget(path);
  const file = await readArtifact(ctx.db, ctx.services.blobs, ctx.identity.teamId, runId, artifactPath);
  // A file someone uploaded: always a download, never rendered as a page of this origin.
  return new Response(new Uint8Array(file.body), {
    headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName.replace(/"/g, '')}"`, 'x-content-type-options': 'nosniff' },
  });
}

