import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { datasetVersions, runEpochs, runs, splits } from '@/db/schema';
import { DomainError } from '../../shared/errors';
import { analyzeLearningCurve, type LearningCurveAnalysis, type TaskKind } from '../stats/diagnosis';
import { fitOf, type FitDto } from './fit';
import { devBaseline, storedPartSummaries, type DevBaseline } from '../splits/baseline';

export interface RunDiagnosisDto {
  runId: string;
  runNumber: number;
  status: (typeof runs.$inferSelect)['status'];
  taskKind: TaskKind;
  bestEpoch: number | null;
  fit: FitDto;
  /** What predicting a constant scores on the run's dev split. */
  baseline: DevBaseline | null;
  /** Shape of the per-epoch train/dev loss curves; null before the first epoch. */
  learningCurve: (LearningCurveAnalysis & { epochs: number }) | null;
}

/** Bias/variance numbers, verdict and learning-curve reading of one run, for the run page. */
export async function getRunDiagnosis(db: Database, teamId: string, runId: string): Promise<RunDiagnosisDto> {
  const [run] = await db
    .select({
      id: runs.id,
      number: runs.number,
      status: runs.status,
      bestEpoch: runs.bestEpoch,
      stoppedEarly: runs.stoppedEarly,
      trainAccuracy: runs.trainAccuracy,
      devAccuracy: runs.devAccuracy,
      trainRmse: runs.trainRmse,
      devRmse: runs.devRmse,
      humanLevelError: splits.humanLevelError,
      devCount: splits.devCount,
      partSummaries: storedPartSummaries,
      taskKind: datasetVersions.taskKind,
    })
    .from(runs)
    .innerJoin(splits, eq(splits.id, runs.splitId))
    .innerJoin(datasetVersions, eq(datasetVersions.id, runs.datasetVersionId))
    .where(and(eq(runs.id, runId), eq(runs.teamId, teamId)));
  if (!run) throw new DomainError('NOT_FOUND', 'No such run in this team.');
  const epochs = await db
    .select({ trainLoss: runEpochs.trainLoss, devLoss: runEpochs.devLoss })
    .from(runEpochs)
    .where(eq(runEpochs.runId, run.id))
    .orderBy(asc(runEpochs.epoch));
  const baseline = devBaseline(run.partSummaries ?? undefined, run.taskKind);
  return {
    runId: run.id,
    runNumber: run.number,
    status: run.status,
    taskKind: run.taskKind,
    bestEpoch: run.bestEpoch,
    fit: fitOf(run.taskKind, run, run.humanLevelError, run.devCount, baseline),
    baseline,
    learningCurve:
      epochs.length === 0
        ? null
        : {
            ...analyzeLearningCurve(
              epochs.map((e) => e.trainLoss),
              epochs.map((e) => e.devLoss),
              run.stoppedEarly ? { earlyStopped: { keptEpoch: run.bestEpoch ?? epochs.length } } : {},
            ),
            epochs: epochs.length,
          },
  };
}
