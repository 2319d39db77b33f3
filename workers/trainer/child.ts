import { PROTOCOL_VERSION, parseParentMessage, type ChildMessage, type PredictStoredMessage, type StartMessage } from '../../server/shared/ipc-protocol';
import { selectBackend, type BackendInfo } from './backend';
import { TrainingFailure, toFailedMessage } from './failure';
import { predictStored } from './stored-model';
import { train } from './train';
import { readTrainerEnv } from './trainer-env';

/**
 * The trainer child process entry (`child_process.fork`, `serialization: 'advanced'`). It never
 * touches a database: config and data arrive over IPC, epochs, logs and artifacts go back. A crash
 * or an out-of-memory here ends one run, not the worker.
 */
if (!process.send) {
  console.error('workers/trainer/child.ts must be started with child_process.fork');
  process.exit(2);
}

type Phase = 'booting' | 'idle' | 'training' | 'finishing';
let phase: Phase = 'booting';
let cancelRequested = false;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, {}, () => resolve());
  });
}

/** Terminal messages end the process once delivered: the run is over either way. */
async function finish(message: ChildMessage, code = 0): Promise<never> {
  phase = 'finishing';
  await send(message);
  process.exit(code);
}

const booted: Promise<BackendInfo & { maxThreads: number }> = (async () => {
  const env = readTrainerEnv();
  const info = await selectBackend(env.backend, env.threads);
  await send({
    type: 'ready',
    protocolVersion: PROTOCOL_VERSION,
    backend: info.backend,
    backendChoice: info.choice,
    device: info.device,
    gpu: info.gpu,
    tfjsVersion: info.tfjsVersion,
    nativeVersion: info.nativeVersion,
    skipped: info.skipped,
  });
  phase = 'idle';
  return { ...info, maxThreads: env.threads };
})();
booted.catch((error: unknown) =>
  finish({ type: 'failed', kind: 'backend', reason: `no tensor backend could start: ${error instanceof Error ? error.message : String(error)}` }, 1),
);

async function runStart(message: StartMessage): Promise<void> {
  const info = await booted;
  phase = 'training';
  if (message.config.needsGpu && !info.gpu) {
    const failure = new TrainingFailure('backend', `this run needs a GPU, but this worker trains on ${info.choice} (${info.device}); start a worker with tfjs-node-gpu or clear "needs GPU"`);
    return finish(toFailedMessage(failure));
  }
  const outcome = await train(message, {
    onEpoch: (epoch) => void send(epoch),
    log: (level, text) => void send({ type: 'log', level, message: text }),
    isCancelled: () => cancelRequested,
  }, { maxThreads: info.maxThreads });
  if (outcome.status === 'failed') return finish(outcome.failed);
  if (outcome.status === 'cancelled') return finish({ type: 'cancelled', epochsCompleted: outcome.epochsCompleted });
  return finish(outcome.done);
}

/** A stored model answers between runs, never during one: a trainer child serves one run at a time. */
async function runPredictStored(message: PredictStoredMessage): Promise<void> {
  await booted;
  if (phase === 'training' || phase === 'finishing') {
    await send({ type: 'test-predictions-failed', requestId: message.requestId, reason: 'this trainer is busy with a training run' });
    return;
  }
  try {
    const { type: _type, requestId, ...request } = message;
    const predictions = await predictStored(request);
    await send({ type: 'test-predictions', requestId, predictions });
  } catch (error) {
    await send({ type: 'test-predictions-failed', requestId: message.requestId, reason: toFailedMessage(error).reason });
  }
}

process.on('message', (raw: unknown) => {
  const parsed = parseParentMessage(raw);
  if (!parsed.ok) {
    void finish({ type: 'failed', kind: 'internal', reason: `the trainer received an invalid message: ${parsed.error}` }, 1);
    return;
  }
  const message = parsed.message;
  switch (message.type) {
    case 'cancel':
      cancelRequested = true;
      // While training, the loop notices between batches and reports its progress itself.
      if (phase === 'booting' || phase === 'idle') void finish({ type: 'cancelled', epochsCompleted: 0 });
      return;
    case 'start':
      if (phase !== 'booting' && phase !== 'idle') {
        void send({ type: 'log', level: 'warn', message: 'ignored a second start message: this trainer already has a run' });
        return;
      }
      phase = 'training';
      runStart(message).catch((error: unknown) => finish(toFailedMessage(error), 1));
      return;
    case 'predict-stored':
      void runPredictStored(message);
      return;
  }
});

// The parent closing the channel (or dying) ends the child: no orphaned trainers.
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (error) => {
  void finish(toFailedMessage(error), 1);
});
