import 'server-only';
import { z } from 'zod';

// Pure: the router's input schema and the domain both use it, and the UI may too.

export const MAX_TAGS_PER_RUN = 20;
export const TAG_PATTERN = /^[a-z0-9._-]{1,32}$/;

export const tagSchema = z
  .string()
  .trim()
  .min(1, 'A tag needs at least one character')
  .max(32, 'Keep tags to 32 characters or fewer')
  .refine((tag) => TAG_PATTERN.test(tag), { message: 'Tags use lowercase letters, digits, "-", "_" and "." only' });

/**
 * Trimmed, de-duplicated and sorted; throws a message naming the offending tag. Uppercase is
 * refused rather than folded, so what the author typed is what the team searches for.
 */
export function normalizeTags(tags: readonly string[]): { ok: true; tags: string[] } | { ok: false; message: string } {
  const unique = new Set<string>();
  for (const raw of tags) {
    const parsed = tagSchema.safeParse(raw);
    if (!parsed.success) {
      const hint = raw.trim() !== raw.trim().toLowerCase() ? ` (try ${JSON.stringify(raw.trim().toLowerCase())})` : '';
      return { ok: false, message: `Tag ${JSON.stringify(raw)}: ${parsed.error.issues[0]!.message}${hint}.` };
    }
    unique.add(parsed.data);
  }
  if (unique.size > MAX_TAGS_PER_RUN) return { ok: false, message: `A run can have at most ${MAX_TAGS_PER_RUN} tags; this has ${unique.size}.` };
  return { ok: true, tags: [...unique].sort() };
}
