import { describe, expect, it } from 'vitest';
import { parseChildMessage, parseParentMessage, PROTOCOL_VERSION } from '../../../server/shared/ipc-protocol';
import { moonsRequest } from './fixtures';

const start = () => ({ type: 'start', protocolVersion: PROTOCOL_VERSION, runId: 'r', ...moonsRequest() });

describe('IPC message validation', () => {
  it('accepts a well-formed start with typed arrays', () => {
    const parsed = parseParentMessage(start());
    expect(parsed.ok).toBe(true);
  });

  it('names the field when a column length disagrees with the row count', () => {
    const message = start();
    message.train.features.columns[0]!.values = new Float64Array(3);
    const parsed = parseParentMessage(message);
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('column "x" has 3 values for 800 rows') });
  });

  it('refuses classification targets that are not class indices, and a lr of 50', () => {
    const message = start();
    (message.dev as { target: unknown }).target = new Float64Array(400);
    message.config.learningRate = 50;
    const parsed = parseParentMessage(message);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toContain('a learning rate of 50 will diverge');
      expect(parsed.error).toContain('dev.target: classification targets must be an Int32Array');
    }
  });

  it('refuses typed arrays sent as plain JSON arrays (the channel must use advanced serialization)', () => {
    const message = JSON.parse(JSON.stringify({ ...start() }));
    expect(parseParentMessage(message).ok).toBe(false);
  });

  it('validates child messages too: a NaN metric is not a valid epoch', () => {
    const epoch = {
      type: 'epoch', epoch: 1, learningRate: 0.01, trainLoss: 0.5, trainMetrics: { accuracy: 0.8, macroF1: 0.8 },
      devLoss: Number.NaN, devMetrics: { accuracy: 0.8, macroF1: 0.8 }, epochMs: 10, samplesPerSec: 1000, numTensors: 20,
    };
    expect(parseChildMessage(epoch)).toMatchObject({ ok: false, error: expect.stringContaining('devLoss') });
    expect(parseChildMessage({ ...epoch, devLoss: 0.4 }).ok).toBe(true);
    expect(parseChildMessage({ type: 'failed', kind: 'disk', reason: 'x' }).ok).toBe(false);
  });
});
