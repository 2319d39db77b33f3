import 'server-only';
import { LOG_FORMATS, MAX_LOG_FILE_BYTES, type LogFile, type LogFormat } from '@/server/domain/runs/log-import';
import { DomainError } from '@/server/shared/errors';
import { readBoundedBody } from './request-guards';

const MAX_FILES = 20;

/**
 * The log files of an import request, for the HTTP API and the pages alike: multipart/form-data
 * with one or more `file` fields (their file names keep folders, e.g. "validation/events…"), or one
 * file as the raw body with its name in `?name=`. `?format=` forces keras-csv or tfevents.
 */
export async function readLogFiles(request: Request): Promise<LogFile[]> {
  const url = new URL(request.url);
  const format = (url.searchParams.get('format') ?? 'auto') as LogFormat;
  if (!LOG_FORMATS.includes(format)) throw new DomainError('BAD_INPUT', `format: ${LOG_FORMATS.join(', ')}.`);
  const bytes = await readBoundedBody(request, MAX_LOG_FILE_BYTES * 2);
  const type = request.headers.get('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
    const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
    if (files.length === 0) throw new DomainError('BAD_INPUT', 'file: attach at least one log file (form field "file").');
    if (files.length > MAX_FILES) throw new DomainError('BAD_INPUT', `file: at most ${MAX_FILES} files per import.`);
    return Promise.all(files.map(async (f) => ({ name: f.name || 'log', bytes: new Uint8Array(await f.arrayBuffer()), format })));
  }
  if (bytes.length === 0) throw new DomainError('BAD_INPUT', 'body: send the log file as the request body (or as multipart "file" fields).');
  return [{ name: url.searchParams.get('name') ?? 'log', bytes: new Uint8Array(bytes), format }];
}
