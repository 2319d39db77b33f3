import type { PackedCurves, RunCurves } from '@/server/domain/runs/compare';

export type { RunCurves };

function bytes(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out.buffer;
}

const floats = (base64: string) => Array.from(new Float32Array(bytes(base64)));

/** Decodes run.compare's packed series (see server/domain/runs/compare.ts for why they are packed). */
export function unpackCurves(packed: PackedCurves[]): RunCurves[] {
  return packed.map((p) => ({
    runId: p.runId,
    epoch: Array.from(new Int32Array(bytes(p.epoch))),
    trainLoss: floats(p.trainLoss),
    devLoss: floats(p.devLoss),
    metrics: Object.fromEntries(Object.entries(p.metrics).map(([name, values]) => [name, floats(values)])),
  }));
}
