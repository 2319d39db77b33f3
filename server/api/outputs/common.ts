import 'server-only';
import { isTrackedEnvelope, tracked, type TrackedEnvelope } from '@trpc/server';
import { z } from 'zod';

/** Mutations that change something and have nothing to say back. */
export const okSchema = z.object({ ok: z.literal(true) });

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * A subscription's output: every value it yields is parsed with `item` on its way out, and a
 * value that does not fit ends the stream with an error (a bug on the server, logged as one)
 * instead of reaching the client. tRPC's documented pattern for validating subscriptions.
 */
function streamOf<In, Out, Tracked extends boolean>(item: z.ZodType<Out, In>, isTracked: Tracked) {
  type Yield<T> = Tracked extends true ? TrackedEnvelope<T> : T;
  return z.custom<AsyncIterable<Yield<In>>>(isAsyncIterable).transform(async function* (iterable): AsyncGenerator<Yield<Out>, void> {
    const iterator = iterable[Symbol.asyncIterator]();
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!isTracked) {
          yield (await item.parseAsync(next.value)) as Yield<Out>;
          continue;
        }
        if (!isTrackedEnvelope(next.value)) throw new Error('A tracked stream yielded a value without an id');
        const [id, data] = next.value;
        yield tracked(id, await item.parseAsync(data)) as Yield<Out>;
      }
    } finally {
      await iterator.return?.();
    }
  });
}

/** A subscription whose values carry an id (`tracked`), so a reconnecting client resumes after the last one. */
export const trackedStreamOf = <In, Out>(item: z.ZodType<Out, In>) => streamOf(item, true);

/** A subscription of plain values. */
export const untrackedStreamOf = <In, Out>(item: z.ZodType<Out, In>) => streamOf(item, false);
