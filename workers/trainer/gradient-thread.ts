import { parentPort, workerData } from 'node:worker_threads';
import { seedMathRandom } from '../../server/shared/seeded-random';
import { selectBackend } from './backend';
import {
  arrive,
  computeGradients,
  CONTROL,
  loadSharedWeights,
  updateSlice,
  waitAtLeast,
  writeErrorText,
  type GradientThreadData,
  type Network,
  type ThreadReport,
} from './data-parallel-protocol';
import { buildModel, trainableVariables } from './model-builder';

/**
 * A gradient thread of data-parallel training (data-parallel-protocol.ts): its own wasm instance
 * and a copy of the network. Per step it takes the shared weights, computes the gradient on its
 * share of the batch, and updates its slice of the weights once every thread's gradient is in.
 *
 * It blocks in Atomics.wait between steps: it has nothing else to do, and a blocked thread wakes
 * in microseconds where a message would wait for an event-loop turn.
 */
const { shared, index, seed } = workerData as GradientThreadData;
const report = (message: ThreadReport) => parentPort!.postMessage(message);

async function boot(): Promise<Network> {
  await selectBackend('wasm');
  seedMathRandom(seed);
  const model = buildModel(shared.config, shared.data.width, shared.outputDim, shared.taskKind);
  const variables = trainableVariables(model);
  const shapesAgree = variables.length === shared.shapes.length && variables.every((v, k) => v.shape.join('x') === shared.shapes[k]!.join('x'));
  if (!shapesAgree) throw new Error('the gradient thread built a network of a different shape than the trainer');
  return { model, variables };
}

function fail(error: unknown): void {
  writeErrorText(shared.errorTexts[index]!, error instanceof Error ? error.message : String(error));
  Atomics.store(shared.failed, index, 1);
}

function serve(network: Network): void {
  const { control } = shared;
  const scratch = new Float32Array(shared.offsets.at(-1)!);
  let seen = 0;
  for (;;) {
    Atomics.wait(control, CONTROL.step, seen);
    const step = Atomics.load(control, CONTROL.step);
    if (step === CONTROL.shutdown) return;
    if (step === seen) continue;
    seen = step;
    // Each phase arrives at its barrier even after a failure, so the others never wait forever.
    try {
      loadSharedWeights(shared, network.variables);
      computeGradients(shared, network, index, shared.rows[index]!.subarray(0, shared.counts[index]!));
    } catch (error) {
      fail(error);
    }
    arrive(control, CONTROL.gradientsArrived);
    waitAtLeast(control, CONTROL.gradientsArrived, shared.threads * step);
    try {
      updateSlice(shared, index, step, scratch);
    } catch (error) {
      fail(error);
    }
    arrive(control, CONTROL.weightsArrived);
  }
}

boot().then(
  (network) => {
    report({ type: 'ready' });
    serve(network);
    network.model.dispose();
  },
  (error: unknown) => report({ type: 'failed', reason: error instanceof Error ? error.message : String(error) }),
);
