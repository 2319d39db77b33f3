import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { runEpochs, runs, splits } from '@/db/schema';
import { failRunsInterruptedByRestart } from '@/server/shared/runs/lifecycle';
import * as tf from '@tensorflow/tfjs';
import { runWeightFile } from '@/server/domain/runs/weights';
import { expectTrpcError } from '../support/expect-error';
import { followRun, moonsTeam, trainerChildPids, trainingEnvironment } from '../support/training';
import { testDatabaseUrl, testBlobs } from '../support/test-database';

const moonsConfig = (defaults: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  ...defaults,
  hiddenLayers: [
    { units: 32, activation: 'relu', dropout: 0 },
    { units: 32, activation: 'relu', dropout: 0 },
  ],
  learningRate: 0.01,
  batchSize: 32,
  epochs: 60,
  ...overrides,
});

describe('training runs end to end (job → handler → trainer child)', () => {
  const env = trainingEnvironment();

  it('serves a trained run as tfjs layers files that load back and predict its classes', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 300);
    const { id: runId } = await me.run.launch({ teamId, splitId, config: moonsConfig(defaults, { epochs: 10 }) });
    expect((await followRun(me, teamId, runId)).at(-1)!.run.status).toBe('succeeded');
    const model = (await runWeightFile(env.handle.db, testBlobs, teamId, runId, 'model.json')).body as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
      userDefinedMetadata: { classes: string[] };
    };
    const weights = (await runWeightFile(env.handle.db, testBlobs, teamId, runId, 'weights.bin')).body as Buffer;
    expect(model.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(model.userDefinedMetadata.classes).toEqual(['class_0', 'class_1']);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs: model.weightsManifest[0]!.weights, weightData: new Uint8Array(weights).buffer }),
    );
    const output = loaded.predict(tf.zeros([3, loaded.inputs[0]!.shape[1]!])) as tf.Tensor;
    expect(output.shape).toEqual([3, 2]);
    output.dispose();
    // Another team's run, or a run without weights, is a plain NOT_FOUND.
    const other = await moonsTeam(env.handle, 100);
    await expect(runWeightFile(env.handle.db, testBlobs, other.teamId, runId, 'model.json')).rejects.toThrow('No such run in this team.');
  });

  it('trains two moons to ≥ 0.95 dev accuracy, streaming every epoch live', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle);
    // The team's lists follow status changes and epochs (the runs table, dashboard, workers page).
    const teamChanges: { runId: string; kind: string }[] = [];
    const teamStream = (await me.run.teamChanges({ teamId })) as AsyncIterable<{ runId: string; kind: string }>;
    const listening = (async () => {
      for await (const change of teamStream) {
        teamChanges.push(change);
        if (change.kind === 'status' && (await me.run.get({ teamId, runId: change.runId })).status === 'succeeded') return;
      }
    })();
    const { id: runId, number } = await me.run.launch({ teamId, splitId, config: moonsConfig(defaults) });
    expect(number).toBe(1);
    const messages = await followRun(me, teamId, runId);
    const final = messages.at(-1)!.run;
    expect(final.status).toBe('succeeded');
    await listening;
    expect(teamChanges.every((c) => c.runId === runId)).toBe(true);
    expect(teamChanges.filter((c) => c.kind === 'epoch')).toHaveLength(final.epochsDone);
    expect(teamChanges.filter((c) => c.kind === 'status').length).toBeGreaterThanOrEqual(2);
    const seen = messages.flatMap((m) => m.epochs.map((e) => e.epoch));
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    const run = await me.run.get({ teamId, runId });
    expect(run.devAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(run).toMatchObject({ backend: expect.stringMatching(/wasm|cpu|tfjs-node/), hasWeights: true, classes: ['class_0', 'class_1'] });
    expect(run.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.confusionMatrix!.flat().reduce((a, b) => a + b, 0)).toBe(90);
    expect(JSON.stringify(run)).not.toMatch(/BlobKey/);

    // The compare view's packed curves decode to exactly the recorded epochs (Float32 precision).
    const [packed] = await me.run.compare({ teamId, runIds: [runId] });
    const epochs = await me.run.epochs({ teamId, runId });
    const floats = (b64: string) => Array.from(new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer));
    expect(Array.from(new Int32Array(new Uint8Array(Buffer.from(packed!.epoch, 'base64')).buffer))).toEqual(epochs.map((e) => e.epoch));
    expect(floats(packed!.devLoss)).toEqual(epochs.map((e) => Math.fround(e.devLoss)));
    expect(floats(packed!.metrics.devAccuracy!)).toEqual(epochs.map((e) => Math.fround(e.devMetrics.accuracy!)));
  });

  it('refuses a learning rate of 50 with the reason, creating nothing', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 100);
    await expectTrpcError(me.run.launch({ teamId, splitId, config: moonsConfig(defaults, { learningRate: 50 }) }), 'BAD_REQUEST', /config\.learningRate: a learning rate of 50 will diverge/);
    expect((await me.run.list({ teamId, limit: 10 })).items).toEqual([]);
  });

  it('cancels a running run within 5 seconds, keeping every reported epoch', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 2000);
    const { id: runId } = await me.run.launch({ teamId, splitId, config: moonsConfig(defaults, { epochs: 5000, learningRate: 0.0001, earlyStopping: { enabled: false, metric: 'devLoss', patience: 10, restoreBest: false } }) });
    let cancelledAt = 0;
    const messages = await followRun(me, teamId, runId, (m) => {
      if (m.run.epochsDone >= 2 && !cancelledAt) {
        cancelledAt = Date.now();
        void me.run.cancel({ teamId, runId });
      }
    });
    const final = messages.at(-1)!.run;
    expect(final.status).toBe('cancelled');
    // Promptly: the trainer stops between batches (a generous bound; speed is not what this checks).
    expect(Date.now() - cancelledAt).toBeLessThan(30_000);
    const stored = await env.handle.db.select({ epoch: runEpochs.epoch }).from(runEpochs).where(eq(runEpochs.runId, runId));
    expect(stored.length).toBe(final.epochsDone);
    expect(stored.length).toBeGreaterThanOrEqual(2);
  });

  it('a trainer child killed with SIGKILL ends the run failed with the reason, metrics kept', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 2000);
    const before = new Set(trainerChildPids());
    const { id: runId } = await me.run.launch({ teamId, splitId, config: moonsConfig(defaults, { epochs: 5000, learningRate: 0.0001, earlyStopping: { enabled: false, metric: 'devLoss', patience: 10, restoreBest: false } }) });
    let killed = false;
    const messages = await followRun(me, teamId, runId, (m) => {
      if (m.run.epochsDone >= 2 && !killed) {
        killed = true;
        // The child training this run is the one that was already warm before the launch.
        for (const pid of trainerChildPids()) if (before.has(pid)) process.kill(pid, 'SIGKILL');
      }
    });
    const final = messages.at(-1)!.run;
    expect(final).toMatchObject({ status: 'failed', failureKind: 'internal' });
    expect(final.failureReason).toMatch(/killed \(SIGKILL\)/);
    const stored = await env.handle.db.select({ epoch: runEpochs.epoch }).from(runEpochs).where(eq(runEpochs.runId, runId));
    expect(stored.length).toBe(final.epochsDone);
    expect(stored.length).toBeGreaterThanOrEqual(2);
  });
});

describe('recovery and failures in plain language', () => {
  const env = trainingEnvironment();

  it('a run whose data cannot be loaded fails with the reason, and the worker trains the next run', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 300);
    const split = await me.split.get({ teamId, splitId });
    // Lose the split's manifest from the blob store, as a broken shared disk would.
    const [row] = await env.handle.db.select({ key: splits.manifestBlobKey }).from(splits).where(eq(splits.id, split.id));
    await testBlobs.delete(row!.key);
    const { id: broken } = await me.run.launch({ teamId, splitId, config: moonsConfig(defaults, { epochs: 3 }) });
    const final = (await followRun(me, teamId, broken)).at(-1)!.run;
    expect(final).toMatchObject({ status: 'failed', failureKind: 'data' });
    expect(final.failureReason).toMatch(/^The training data could not be prepared: /);

    const other = await moonsTeam(env.handle, 300);
    const { id: healthy } = await other.me.run.launch({ teamId: other.teamId, splitId: other.splitId, config: moonsConfig(other.defaults, { epochs: 3 }) });
    expect((await followRun(other.me, other.teamId, healthy)).at(-1)!.run.status).toBe('succeeded');
  });

  // Embedded (PGlite) mode only, as in production: on a PostgreSQL shared by parallel test files it
  // would, by design, fail every other file's running runs too.
  it.runIf(!testDatabaseUrl)('a restart of the embedded app fails the runs it was training, keeping their epochs', async () => {
    const { me, teamId, splitId, defaults } = await moonsTeam(env.handle, 300);
    const { id: runId } = await me.run.launch({ teamId, splitId, config: moonsConfig(defaults, { epochs: 3 }) });
    await followRun(me, teamId, runId);
    // Put the run back to "running" as a process killed mid-run would have left it.
    await env.handle.db.update(runs).set({ status: 'running', finishedAt: null }).where(eq(runs.id, runId));
    expect(await failRunsInterruptedByRestart(env.handle.db)).toBeGreaterThanOrEqual(1);
    const run = await me.run.get({ teamId, runId });
    expect(run).toMatchObject({ status: 'failed', failureKind: 'restarted', epochsDone: 3 });
    expect(run.failureReason).toMatch(/Holdout restarted while this run was training/);
  });
});
