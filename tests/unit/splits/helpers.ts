import { expect } from 'vitest';
import { DomainError } from '@/server/shared/errors';

/** Runs fn, asserts it throws a BAD_INPUT DomainError, and returns the user message. */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_INPUT');
    return (error as DomainError).userMessage;
  }
  throw new Error('expected a DomainError');
}

/** Rows per (label, part) of an assignment. */
export function crossTab(labels: ArrayLike<string>, assignment: Uint8Array): Map<string, [number, number, number]> {
  const table = new Map<string, [number, number, number]>();
  for (let i = 0; i < assignment.length; i++) {
    const row = table.get(labels[i]!) ?? [0, 0, 0];
    row[assignment[i]!]!++;
    table.set(labels[i]!, row);
  }
  return table;
}

export function partsOk(assignment: Uint8Array, rowCount: number): void {
  expect(assignment).toBeInstanceOf(Uint8Array);
  expect(assignment.length).toBe(rowCount);
  expect(assignment.every((p) => p <= 2)).toBe(true);
}
