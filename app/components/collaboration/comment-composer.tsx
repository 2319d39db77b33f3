'use client';

import { MarkdownView } from './markdown-view';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '@/app/components/ui/button';
import { CONTROL, FormError } from '@/app/components/ui/field';
import { useTRPC } from '@/app/lib/trpc';
import { mentionHandle } from './mention-handle';

/** The `@partial` right before the caret, if the caret is in one. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|[\s([{])@([\p{L}\p{N}._+-]*)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length - 1, query: match[1]!.toLowerCase() };
}

/**
 * A Markdown textarea with @mention suggestions from the team's members: type "@" and a few
 * letters, pick with ↑/↓ and Enter or Tab (or click), Esc to dismiss.
 */
export function CommentComposer({
  teamId,
  label,
  submitLabel,
  initial = '',
  placeholder,
  pending,
  error,
  onSubmit,
  onCancel,
  autoFocus,
}: {
  teamId: string;
  label: string;
  submitLabel: string;
  initial?: string;
  placeholder?: string;
  pending: boolean;
  error?: string | null;
  /** Resolves true when the text was accepted, which clears the box. */
  onSubmit: (body: string) => Promise<boolean>;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const trpc = useTRPC();
  const id = useId();
  const members = useQuery({ ...trpc.member.list.queryOptions({ teamId }), staleTime: 60_000 });
  const me = useQuery(trpc.account.me.queryOptions());
  const [body, setBody] = useState(initial);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [previewing, setPreviewing] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);

  const suggestions = useMemo(() => {
    if (!mention) return [];
    return (members.data ?? [])
      .filter((m) => m.userId !== me.data?.id)
      .filter((m) => {
        const q = mention.query;
        return !q || m.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || mentionHandle(m.name).startsWith(q) || m.email.toLowerCase().startsWith(q);
      })
      .slice(0, 6);
  }, [mention, members.data, me.data?.id]);
  const open = suggestions.length > 0;

  function track(text: string, caret: number) {
    const next = mentionAt(text, caret);
    setMention(next);
    if (next?.query !== mention?.query) setActive(0);
  }

  function pick(name: string) {
    if (!mention || !box.current) return;
    const caret = box.current.selectionStart;
    const inserted = `@${mentionHandle(name)} `;
    const next = body.slice(0, mention.start) + inserted + body.slice(caret);
    setBody(next);
    setMention(null);
    const position = mention.start + inserted.length;
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(position, position);
    });
  }

  async function submit() {
    if (await onSubmit(body)) {
      setBody('');
      setMention(null);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(suggestions[active]?.name ?? suggestions[0]!.name);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMention(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div role="tablist" aria-label="Write or preview" className="flex gap-1 text-xs">
        {(['Write', 'Preview'] as const).map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={(tab === 'Preview') === previewing}
            onClick={() => setPreviewing(tab === 'Preview')}
            className={`rounded px-2 py-1 font-medium ${(tab === 'Preview') === previewing ? 'bg-slate-100 text-slate-900' : 'text-slate-500 hover:text-slate-800'}`}
          >
            {tab}
          </button>
        ))}
      </div>
      {previewing && (
        <div role="tabpanel" aria-label="Preview" className="min-h-[4.5rem] rounded-md bg-white px-3 py-2 ring-1 ring-inset ring-slate-200">
          {body.trim() ? <MarkdownView source={body} /> : <p className="text-sm text-slate-400">Nothing to preview yet.</p>}
        </div>
      )}
      <div className={previewing ? 'hidden' : 'relative'}>
        <textarea
          id={id}
          ref={box}
          rows={3}
          value={body}
          autoFocus={autoFocus}
          placeholder={placeholder ?? 'Markdown; @ to mention a teammate'}
          role="combobox"
          aria-expanded={open}
          aria-controls={`${id}-mentions`}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${id}-mention-${active}` : undefined}
          className={CONTROL}
          onChange={(event) => {
            setBody(event.target.value);
            track(event.target.value, event.target.selectionStart);
          }}
          onClick={(event) => track(body, event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMention(null), 150)}
        />
        {open && (
          <ul id={`${id}-mentions`} role="listbox" aria-label="Mention a teammate" className="absolute z-20 mt-1 w-64 overflow-hidden rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
            {suggestions.map((m, index) => (
              <li
                key={m.userId}
                id={`${id}-mention-${index}`}
                role="option"
                aria-selected={index === active}
                className={`flex cursor-pointer items-baseline justify-between gap-2 px-3 py-1.5 ${index === active ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700'}`}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(m.name);
                }}
              >
                <span className="truncate font-medium">{m.name}</span>
                <span className="shrink-0 text-xs text-slate-400">@{mentionHandle(m.name)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <FormError message={error} />
      <div className="flex items-center justify-end gap-2">
        {onCancel && (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={pending} disabled={!body.trim()}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
