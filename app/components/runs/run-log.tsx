'use client';

import { useEffect, useRef } from 'react';
import type { RunLogLine } from './run-types';

const LEVEL = { info: 'text-slate-400', warn: 'text-amber-600', error: 'text-red-600' } as Record<string, string>;

/** The trainer's log, following new lines unless the reader has scrolled up to read. */
export function RunLog({ logs }: { logs: RunLogLine[] }) {
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    if (pinned.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [logs.length]);
  if (logs.length === 0) return <p className="text-sm text-slate-500">No log lines yet.</p>;
  return (
    <div
      ref={box}
      role="log"
      aria-label="Run log"
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
      className="max-h-80 overflow-y-auto rounded-md bg-slate-950 px-4 py-3 font-mono text-xs leading-relaxed text-slate-200"
    >
      {logs.map((line) => (
        <div key={line.id} className="whitespace-pre-wrap break-words">
          <span className="text-slate-500 tabular-nums">{line.createdAt.toISOString().slice(11, 19)}</span>{' '}
          <span className={LEVEL[line.level] ?? 'text-slate-400'}>{line.level.padEnd(5)}</span> {line.message}
        </div>
      ))}
    </div>
  );
}
