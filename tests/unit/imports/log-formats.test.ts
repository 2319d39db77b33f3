import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from '@/server/shared/imports/crc32c';
import { EventFileError, readEventFile } from '@/server/shared/imports/tfevents';
import { KerasCsvError, readKerasCsv } from '@/server/shared/imports/keras-csv';
import { curveNameOf } from '@/server/domain/runs/logged-curves';
import { parseLogFiles } from '@/server/domain/runs/log-import';

/** The fixtures were written by TF2, tensorboardX and Keras themselves (tests/fixtures/imports/generate.py). */
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(import.meta.dirname, '../../fixtures/imports', name)));
const series = (points: { tag: string; step: number; value: number }[], tag: string) => points.filter((p) => p.tag === tag).map((p) => [p.step, p.value]);

describe('CRC-32C', () => {
  it('matches the standard check value and TensorFlow’s masking', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(maskedCrc32c(new Uint8Array(0))).toBe(((((0 >>> 15) | (0 << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });
});

describe('TensorBoard event files', () => {
  it('reads TF2 tf.summary scalars (tensors), skipping the histogram and the text', () => {
    const read = readEventFile(fixture('tf2.tfevents'));
    expect(series(read.points, 'loss').map(([s]) => s)).toEqual([1, 2, 3, 4, 5]);
    for (const [step, value] of series(read.points, 'loss')) expect(value).toBeCloseTo(1 / step!, 6);
    for (const [step, value] of series(read.points, 'val_accuracy')) expect(value).toBeCloseTo(0.5 + step! / 20, 6);
    expect(read.skippedTags).toEqual({ weights: 5, notes: 1 });
  });

  it('reads tensorboardX (and PyTorch SummaryWriter) simple_value scalars', () => {
    const read = readEventFile(fixture('tensorboardx.tfevents'));
    expect(series(read.points, 'train/loss')).toHaveLength(10);
    for (const [step, value] of series(read.points, 'dev/loss')) expect(value).toBeCloseTo(2.5 / (step! + 1), 6);
    expect(Object.keys(read.skippedTags)).toEqual(['grads']);
  });

  it('checks the framing: a flipped byte or a cut file is refused, naming the record', () => {
    const file = fixture('tensorboardx.tfevents');
    const flipped = file.slice();
    flipped[60] = flipped[60]! ^ 0xff;
    expect(() => readEventFile(flipped)).toThrow(EventFileError);
    expect(() => readEventFile(flipped)).toThrow(/record \d+: the (data|length)'s CRC does not match/);
    expect(() => readEventFile(file.slice(0, file.length - 3))).toThrow(/cut short/);
    expect(() => readEventFile(new TextEncoder().encode('epoch,loss\n0,1\n'))).toThrow(/CRC does not match/);
  });
});

describe('Keras CSVLogger files', () => {
  it('reads every metric per epoch, epochs counted from 1', () => {
    const { points, skipped } = readKerasCsv(new TextDecoder().decode(fixture('keras-csvlogger.csv')));
    expect(skipped).toBe(0);
    expect(series(points, 'val_loss').map(([s]) => s)).toEqual([1, 2, 3, 4]);
    expect(series(points, 'accuracy')[0]![1]).toBeCloseTo(0.5066666603088379, 12);
    expect(new Set(points.map((p) => p.tag))).toEqual(new Set(['accuracy', 'loss', 'val_accuracy', 'val_loss']));
  });

  it('leaves NaN cells out and names the line of a malformed row', () => {
    expect(readKerasCsv('epoch,loss,val_loss\n0,0.5,nan\n1,0.4,0.45\n')).toMatchObject({ skipped: 1 });
    expect(() => readKerasCsv('step,loss\n0,1\n')).toThrow(KerasCsvError);
    expect(() => readKerasCsv('epoch,loss\n0,1\nx,2\n')).toThrow(/line 3, column "epoch"/);
    expect(() => readKerasCsv('epoch,loss\n0,1,2\n')).toThrow(/line 2: 3 cells for 2 columns/);
  });
});

describe('which logged metric is which curve', () => {
  it('maps Keras, PyTorch and TensorBoard names onto train and dev curves', () => {
    expect(curveNameOf('loss')).toBe('trainLoss');
    expect(curveNameOf('val_loss')).toBe('devLoss');
    expect(curveNameOf('train/loss')).toBe('trainLoss');
    expect(curveNameOf('dev/loss')).toBe('devLoss');
    expect(curveNameOf('val_accuracy')).toBe('devAccuracy');
    expect(curveNameOf('validation/epoch_accuracy')).toBe('devAccuracy');
    expect(curveNameOf('train/epoch_loss')).toBe('trainLoss');
    expect(curveNameOf('learning_rate')).toBeNull();
  });

  it('previews a Keras TensorBoard run (train/ and validation/ files with the same tags) as two curves each', () => {
    const tb = fixture('tf2.tfevents');
    const { preview, points } = parseLogFiles([
      { name: 'logs/train/events.out.tfevents.1', bytes: tb },
      { name: 'logs/validation/events.out.tfevents.2', bytes: tb },
    ]);
    expect(preview.tags.map((t) => [t.key, t.curve])).toEqual([
      ['train/loss', 'trainLoss'],
      // A tag that names a part inside another part's folder is no curve: it stays on the run page only.
      ['train/val_accuracy', null],
      ['validation/loss', 'devLoss'],
      ['validation/val_accuracy', null],
    ]);
    expect(points).toHaveLength(20);
    expect(preview.skipped).toEqual([
      { key: 'weights', count: 10 },
      { key: 'notes', count: 2 },
    ]);
  });
});
