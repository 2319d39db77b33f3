/**
 * XMLHttpRequest rather than fetch: fetch has no upload progress events, and a large file
 * can take a while to send. The body is the raw file; the server parses while it streams in.
 */
export type UploadProgress = { phase: 'sending'; loaded: number; total: number } | { phase: 'parsing' };
export type UploadResult = { ok: true; draftId: string; rowCount: number } | { ok: false; message: string };

export function uploadDataset(teamId: string, file: File, onProgress: (p: UploadProgress) => void): { promise: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadResult>((resolve) => {
    xhr.open('POST', `/api/teams/${teamId}/uploads`);
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress({ phase: 'sending', loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    // Every byte is sent; the server is still parsing and validating the file.
    xhr.upload.onload = () => onProgress({ phase: 'parsing' });
    xhr.onload = () => {
      let body: { draftId?: string; rowCount?: number; error?: { message?: string } } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body?.draftId) resolve({ ok: true, draftId: body.draftId, rowCount: body.rowCount ?? 0 });
      else resolve({ ok: false, message: body?.error?.message ?? `The upload failed (HTTP ${xhr.status}).` });
    };
    xhr.onerror = () => resolve({ ok: false, message: 'The connection to the server was lost during the upload. Check your network and try again.' });
    xhr.onabort = () => resolve({ ok: false, message: 'Upload cancelled.' });
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
