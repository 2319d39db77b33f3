import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { runs } from '@/db/schema';
import { moveLegacyTrainJobs } from '@/server/shared/queue/legacy-train-queues';
import { POOL_PRIORITY, TRAIN_QUEUE, TRAIN_QUEUE_OPTIONS } from '@/server/shared/queue/queues';
import type { WorkerRuntime } from '@/workers/handler/worker-runtime';
import { followRun, moonsTeam, startTestWorker } from '../support/training';
import { openTestDatabase, servicesFor } from '../support/test-database';

/**
 * Worker pools on the one training queue: a CPU worker never takes a run that needs a GPU, a GPU
 * worker takes both but never more at once than its concurrency, and jobs left in the old
 * per-pool queues are moved. This machine has no GPU: a GPU-pool worker here is one started with
 * pool 'gpu', and the GPU run it takes fails with "needs a GPU" — which is how the test sees when
 * the run started.
 */
describe('worker pools share one training queue', () => {
  let handle: DatabaseHandle;
  let worker: WorkerRuntime | undefined;
  const status = async (runId: string) => (await handle.db.select({ status: runs.status, startedAt: runs.startedAt, finishedAt: runs.finishedAt, error: runs.failureReason }).from(runs).where(eq(runs.id, runId)))[0]!;
  const waitFor = async (check: () => Promise<boolean>, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await worker?.stop();
    await (await servicesFor(handle).boss()).stop({ graceful: false }).catch(() => undefined);
    await handle.close();
  });

  const longConfig = (defaults: Record<string, unknown>) => ({
    ...defaults,
    epochs: 5000,
    earlyStopping: { enabled: false, metric: 'devLoss', patience: 10, restoreBest: false },
  });

  it('a CPU worker leaves runs that need a GPU queued and trains the CPU runs behind them', async () => {
    worker = await startTestWorker(handle, 'cpu-worker', 'cpu');
    const { me, teamId, splitId, defaults } = await moonsTeam(handle);
    const { id: gpuRun } = await me.run.launch({ teamId, splitId, config: { ...defaults, needsGpu: true } });
    const { id: cpuRun } = await me.run.launch({ teamId, splitId, config: { ...defaults, epochs: 3 } });
    const messages = await followRun(me, teamId, cpuRun);
    expect(messages.at(-1)!.run.status).toBe('succeeded');
    expect((await status(gpuRun)).status).toBe('queued');
    await me.run.cancel({ teamId, runId: gpuRun });
    await worker.stop();
    worker = undefined;
  }, 60_000);

  it('a GPU worker with concurrency 1 starts a queued run only after its current one ends', async () => {
    worker = await startTestWorker(handle, 'gpu-worker', 'gpu');
    const { me, teamId, splitId, defaults } = await moonsTeam(handle, 2000);
    const { id: cpuRun } = await me.run.launch({ teamId, splitId, config: longConfig(defaults) });
    await waitFor(async () => (await status(cpuRun)).status === 'running');
    const { id: gpuRun } = await me.run.launch({ teamId, splitId, config: { ...defaults, needsGpu: true } });
    // Two pg-boss polling intervals (2 s each): a second handler would have taken it by now.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await status(gpuRun)).status).toBe('queued');
    await me.run.cancel({ teamId, runId: cpuRun });
    await waitFor(async () => (await status(gpuRun)).status === 'failed');
    const [cpu, gpu] = [await status(cpuRun), await status(gpuRun)];
    expect(cpu.status).toBe('cancelled');
    expect(gpu.error).toMatch(/needs a GPU/);
    expect(gpu.startedAt!.getTime()).toBeGreaterThanOrEqual(cpu.finishedAt!.getTime());
  }, 90_000);

  it('moves jobs waiting in the old per-pool queues to the training queue with their pool priority', async () => {
    await worker?.stop();
    worker = undefined;
    const boss = await servicesFor(handle).boss();
    const { me, teamId, splitId, defaults } = await moonsTeam(handle);
    const { id: runId } = await me.run.launch({ teamId, splitId, config: { ...defaults, needsGpu: true } });
    // As the old version queued it: in 'train-gpu', and the run pointing at that job.
    const launched = (await handle.db.select({ jobId: runs.jobId }).from(runs).where(eq(runs.id, runId)))[0]!.jobId!;
    await boss.deleteJob(TRAIN_QUEUE, launched);
    if (!(await boss.getQueue('train-gpu'))) await boss.createQueue('train-gpu', TRAIN_QUEUE_OPTIONS);
    const legacyId = (await boss.send('train-gpu', { runId, v: 1 }))!;
    await handle.db.update(runs).set({ jobId: legacyId }).where(eq(runs.id, runId));

    expect(await moveLegacyTrainJobs(boss, handle)).toBe(1);
    const jobId = (await handle.db.select({ jobId: runs.jobId }).from(runs).where(eq(runs.id, runId)))[0]!.jobId!;
    expect(jobId).not.toBe(legacyId);
    expect(await boss.getJobById(TRAIN_QUEUE, jobId)).toMatchObject({ priority: POOL_PRIORITY.gpu, data: { runId, v: 1 } });
    expect(await boss.getJobById('train-gpu', legacyId)).toBeNull();
    expect(await moveLegacyTrainJobs(boss, handle)).toBe(0);
    await me.run.cancel({ teamId, runId });
  });
});
