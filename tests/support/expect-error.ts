import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** Asserts a call fails with this tRPC code and a message matching `message`. */
export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError['code'], message: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected the call to fail').toBeInstanceOf(TRPCError);
  const error = caught as TRPCError;
  expect({ code: error.code, message: error.message }).toMatchObject({ code, message: expect.stringMatching(message) });
}
