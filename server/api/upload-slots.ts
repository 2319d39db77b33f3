import 'server-only';

/**
 * Uploads are parsed in memory as they stream (typed columns, dictionaries): a large file of tiny
 * cells costs several times its size. The process takes a few at a time, one per person, and
 * refuses more at once with a message, rather than letting concurrent uploads exhaust memory.
 */
export const MAX_CONCURRENT_UPLOADS = 2;

const active = new Map<string, number>();
let total = 0;

/** A release function, or a refusal message when no slot is free. */
export function takeUploadSlot(userId: string): { release: () => void } | { refused: string } {
  if ((active.get(userId) ?? 0) >= 1) return { refused: 'You already have an upload in progress. Wait for it to finish, then upload the next file.' };
  if (total >= MAX_CONCURRENT_UPLOADS) return { refused: `The server is processing ${total} other uploads. Try again in a minute.` };
  active.set(userId, (active.get(userId) ?? 0) + 1);
  total++;
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      total--;
      const left = (active.get(userId) ?? 1) - 1;
      if (left > 0) active.set(userId, left);
      else active.delete(userId);
    },
  };
}
