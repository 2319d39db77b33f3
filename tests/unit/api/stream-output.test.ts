import { describe, expect, it } from 'vitest';
import { isTrackedEnvelope, tracked } from '@trpc/server';
import { z } from 'zod';
import { trackedStreamOf, untrackedStreamOf } from '@/server/api/outputs/common';

const item = z.object({ runId: z.string(), epoch: z.number() });

async function* values<T>(...xs: T[]): AsyncGenerator<T> {
  for (const x of xs) yield x;
}

async function drain(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const seen: unknown[] = [];
  for await (const value of iterable) seen.push(value);
  return seen;
}

describe('subscription output schemas', () => {
  it('parse every yielded value and drop fields the schema does not name', async () => {
    const stream = await untrackedStreamOf(item).parseAsync(values({ runId: 'a', epoch: 1, secret: 'label' }, { runId: 'a', epoch: 2 }));
    expect(await drain(stream)).toEqual([
      { runId: 'a', epoch: 1 },
      { runId: 'a', epoch: 2 },
    ]);
  });

  it('keep the tracked id of each value, so a reconnecting client resumes after it', async () => {
    const stream = await trackedStreamOf(item).parseAsync(values(tracked('3:7', { runId: 'a', epoch: 3, extra: true })));
    const [first] = await drain(stream);
    expect(isTrackedEnvelope(first)).toBe(true);
    const [id, data] = first as [string, unknown];
    expect(id).toBe('3:7');
    expect(data).toEqual({ runId: 'a', epoch: 3 });
  });

  it('end the stream with an error at the first value that does not fit, and close the source', async () => {
    let closed = false;
    async function* source() {
      try {
        yield { runId: 'a', epoch: 1 };
        yield { runId: 'a', epoch: 'two' };
        yield { runId: 'a', epoch: 3 };
      } finally {
        closed = true;
      }
    }
    const stream = await untrackedStreamOf(item).parseAsync(source());
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const value of stream) seen.push(value);
      })(),
    ).rejects.toThrow(/epoch/);
    expect(seen).toEqual([{ runId: 'a', epoch: 1 }]);
    expect(closed).toBe(true);
  });

  it('refuse a tracked stream value that carries no id', async () => {
    const stream = await trackedStreamOf(item).parseAsync(values({ runId: 'a', epoch: 1 }));
    await expect(drain(stream)).rejects.toThrow(/without an id/);
  });

  it('refuse something that is not a stream at all', async () => {
    await expect(untrackedStreamOf(item).parseAsync({ runId: 'a' })).rejects.toThrow();
  });
});
