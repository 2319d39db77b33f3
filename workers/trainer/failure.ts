import type { FailedMessage } from '../../server/shared/ipc-protocol';
import { DataError } from './preprocess';

/**
 * A failure the run's owner can act on. `reason` is shown to them as is: say what happened in
 * their terms and what to try next; internal detail goes to the log instead.
 */
export class TrainingFailure extends Error {
  constructor(
    readonly kind: FailedMessage['kind'],
    readonly reason: string,
    readonly epoch?: number,
  ) {
    super(reason);
    this.name = 'TrainingFailure';
  }
}

const OOM = /out of memory|Cannot enlarge memory|Aborted\(OOM\)|Array buffer allocation failed|Invalid typed array length|OOM when allocating/i;
const BACKEND = /Kernel '.*' not registered|backend|WebAssembly|libtensorflow|CUDA/i;

export function toFailedMessage(error: unknown, epoch?: number): FailedMessage {
  if (error instanceof TrainingFailure) {
    return { type: 'failed', kind: error.kind, reason: error.reason, epoch: error.epoch ?? epoch };
  }
  const at = epoch ? ` at epoch ${epoch}` : '';
  if (error instanceof DataError) return { type: 'failed', kind: 'data', reason: error.message, epoch };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError || OOM.test(message)) {
    return {
      type: 'failed',
      kind: 'oom',
      reason: `the trainer ran out of memory${at}; try a smaller batch size, fewer or narrower layers, or a worker with more memory`,
      epoch,
    };
  }
  if (BACKEND.test(message)) {
    return { type: 'failed', kind: 'backend', reason: `the tensor backend failed${at}: ${firstLine(message)}`, epoch };
  }
  return { type: 'failed', kind: 'internal', reason: `the trainer hit an internal error${at}: ${firstLine(message)}`, epoch };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).slice(0, 300);
}
