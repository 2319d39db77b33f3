import { fork, type ChildProcess } from 'node:child_process';
import {
  PROTOCOL_VERSION,
  parseChildMessage,
  type ChildMessage,
  type DoneMessage,
  type EpochMessage,
  type FailedMessage,
  type LogMessage,
  type ParentMessage,
  type Predictions,
  type PredictStoredMessage,
  type ReadyMessage,
  type StartMessage,
} from '../../server/shared/ipc-protocol';
import type { Table } from '../../server/shared/tabular';
import { trainerChildEntry } from './child-bundle';
import type { BackendChoice } from './trainer-env';

/**
 * The parent's side of the trainer protocol: fork the child, validate everything it says, and turn
 * its messages into promises. The train handler uses this; so do the tests and the benchmark.
 */
export type RunOutcome = DoneMessage | FailedMessage | { type: 'cancelled'; epochsCompleted: number };

export interface TrainerOptions {
  /** Overrides the child's HOLDOUT_TFJS_BACKEND; default: the child's own choice (auto). */
  backend?: BackendChoice;
  /** Most threads one run may use; default: the child's own choice (every core). */
  threads?: number;
  /** V8 heap cap for the child; wasm memory comes on top of it. */
  maxOldSpaceMb?: number;
  onEpoch?: (message: EpochMessage) => void;
  onLog?: (message: LogMessage) => void;
}


export class TrainerProcess {
  readonly ready: Promise<ReadyMessage>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly stderrTail: string[] = [];
  private outcome?: { resolve: (o: RunOutcome) => void; promise: Promise<RunOutcome> };
  private readonly pending = new Map<string, { resolve: (p: Predictions) => void; reject: (e: Error) => void }>();
  private requestCounter = 0;

  constructor(private options: TrainerOptions = {}) {
    const entry = trainerChildEntry();
    const execArgv = [...entry.execArgv];
    if (options.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${options.maxOldSpaceMb}`);
    const args = [];
    if (options.backend) args.push(`--backend=${options.backend}`);
    if (options.threads) args.push(`--threads=${options.threads}`);
    this.child = fork(entry.path, args, {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    // Forwarded for the worker's log, and the tail kept to tell an out-of-memory from a crash.
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk);
      this.stderrTail.push(chunk);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
    });

    let resolveReady!: (m: ReadyMessage) => void;
    let rejectReady!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => ((resolveReady = resolve), (rejectReady = reject)));
    this.ready.catch(() => undefined);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));

    this.child.on('message', (raw: unknown) => {
      const parsed = parseChildMessage(raw);
      if (!parsed.ok) {
        this.settle({ type: 'failed', kind: 'internal', reason: `the trainer sent an invalid message: ${parsed.error}` });
        this.kill();
        return;
      }
      this.dispatch(parsed.message, resolveReady, rejectReady);
    });
    void this.exited.then(({ code, signal }) => {
      const failure = this.crashFailure(code, signal);
      rejectReady(new Error(failure.reason));
      this.settle(failure);
      for (const request of this.pending.values()) request.reject(new Error(failure.reason));
      this.pending.clear();
    });
  }

  private dispatch(message: ChildMessage, resolveReady: (m: ReadyMessage) => void, rejectReady: (e: Error) => void): void {
    switch (message.type) {
      case 'ready':
        return resolveReady(message);
      case 'epoch':
        return this.options.onEpoch?.(message);
      case 'log':
        return this.options.onLog?.(message);
      case 'done':
      case 'cancelled':
        return this.settle(message);
      case 'failed':
        rejectReady(new Error(message.reason));
        return this.settle(message);
      case 'test-predictions':
      case 'test-predictions-failed': {
        const request = this.pending.get(message.requestId);
        this.pending.delete(message.requestId);
        if (message.type === 'test-predictions') request?.resolve(message.predictions);
        else request?.reject(new Error(message.reason));
      }
    }
  }

  /** A child that exits without a terminal message crashed: name the likely cause. */
  private crashFailure(code: number | null, signal: NodeJS.Signals | null): FailedMessage {
    const stderr = this.stderrTail.join('');
    if (/heap out of memory|Reached heap limit|Cannot enlarge memory/i.test(stderr)) {
      return { type: 'failed', kind: 'oom', reason: 'the trainer process ran out of memory and was stopped; try a smaller batch size or a smaller model' };
    }
    if (signal === 'SIGKILL') {
      // The kernel's out-of-memory killer sends SIGKILL too, but so does an operator: say both.
      return {
        type: 'failed',
        kind: 'internal',
        reason: 'the trainer process was killed (SIGKILL), by an operator or by the system running out of memory; if it was memory, try a smaller batch size or model',
      };
    }
    return { type: 'failed', kind: 'internal', reason: `the trainer process exited unexpectedly (${signal ?? `exit code ${code}`})` };
  }

  private settle(outcome: RunOutcome): void {
    this.outcomePromise();
    this.outcome!.resolve(outcome);
  }

  private outcomePromise(): Promise<RunOutcome> {
    if (!this.outcome) {
      let resolve!: (o: RunOutcome) => void;
      const promise = new Promise<RunOutcome>((r) => (resolve = r));
      // First outcome wins: a crash after `done` must not rewrite a finished run.
      let settled = false;
      this.outcome = { promise, resolve: (o) => !settled && ((settled = true), resolve(o)) };
    }
    return this.outcome.promise;
  }

  private post(message: ParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Attaches progress callbacks to a child started ahead of its run (a warm trainer). */
  listen(handlers: Pick<TrainerOptions, 'onEpoch' | 'onLog'>): void {
    this.options = { ...this.options, ...handlers };
  }

  /** Sends the run and resolves with its terminal message (done, failed or cancelled). */
  start(run: Omit<StartMessage, 'type' | 'protocolVersion'>): Promise<RunOutcome> {
    this.post({ type: 'start', protocolVersion: PROTOCOL_VERSION, ...run });
    return this.outcomePromise();
  }

  /**
   * Predictions from a finished run's stored weights and fitted preprocessing, on a child that has
   * not trained anything (a fresh or warm one); test features only, test labels stay here.
   */
  predictStored(request: Omit<PredictStoredMessage, 'type' | 'requestId'>): Promise<Predictions> {
    const requestId = String(++this.requestCounter);
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      if (!this.child.connected) {
        this.pending.delete(requestId);
        reject(new Error('the trainer process is no longer running'));
        return;
      }
      this.post({ type: 'predict-stored', requestId, ...request });
    });
  }

  /**
   * Cooperative cancel first (the child stops between batches and says so), then SIGTERM, then
   * SIGKILL: a child stuck inside a native kernel cannot read messages.
   */
  async cancel(graceMs = 5_000): Promise<RunOutcome> {
    this.post({ type: 'cancel' });
    const outcome = this.outcomePromise();
    const timedOut = await Promise.race([this.exited.then(() => false), delay(graceMs).then(() => true)]);
    if (timedOut) {
      this.child.kill('SIGTERM');
      if (await Promise.race([this.exited.then(() => false), delay(graceMs).then(() => true)])) this.kill();
    }
    return outcome;
  }

  /** Ends an idle child (after a stored-model prediction, or one never used): closing the channel makes it exit. */
  async close(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
