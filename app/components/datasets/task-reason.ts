import { SMALL_INTEGER_CLASSES, SMALL_TEXT_CLASSES, suggestTaskKind } from '@/server/shared/datasets/target';
import type { ColumnSchema, TaskKind } from '@/server/shared/datasets/types';
import { formatCount } from '@/app/lib/format';

/** The server's suggestion rule in words, so a person can tell when to overrule it. */
export function taskSuggestion(column: ColumnSchema | undefined): { kind: TaskKind | null; why: string } {
  if (!column) return { kind: null, why: '' };
  const kind = suggestTaskKind(column);
  const distinct = `${formatCount(column.distinctCount)} distinct values`;
  switch (column.type) {
    case 'boolean':
      return { kind, why: 'it holds true/false values, so two classes.' };
    case 'categorical':
      return { kind, why: `it is categorical with ${distinct}.` };
    case 'integer':
      return kind === 'classification'
        ? { kind, why: `it holds whole numbers with only ${distinct} (at most ${SMALL_INTEGER_CLASSES} read as class labels, like ratings 1–5).` }
        : { kind, why: `it holds whole numbers with ${distinct} (more than ${SMALL_INTEGER_CLASSES} read as a quantity).` };
    case 'numeric':
      return { kind, why: 'it holds decimal numbers, a quantity to predict.' };
    case 'text':
      return kind === 'classification'
        ? { kind, why: `it is text with only ${distinct} (at most ${SMALL_TEXT_CLASSES} read as class labels).` }
        : { kind, why: `it is free text with ${distinct}; it can't be a target.` };
    default:
      return { kind, why: `${column.type} columns can't be a target.` };
  }
}
