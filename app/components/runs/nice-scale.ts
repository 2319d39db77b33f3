/**
 * Axis ticks at "nice" steps (1, 2, 2.5, 5 × 10^k) covering [min, max], the way a person would
 * label an axis by hand. Returns the padded domain too, so the line never touches the frame.
 */
export function niceTicks(min: number, max: number, target = 5): { ticks: number[]; lo: number; hi: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], lo: 0, hi: 1 };
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounding to the step's precision keeps 0.30000000000000004 off the axis.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toFixed(digits)));
  return { ticks, lo, hi };
}

/** Integer ticks for an epoch axis: never "2.5 epochs". */
export function epochTicks(maxEpoch: number, target = 6): { ticks: number[]; lo: number; hi: number } {
  const hi = Math.max(1, maxEpoch);
  const { ticks } = niceTicks(0, hi, target);
  const whole = [...new Set(ticks.map((t) => Math.round(t)))].filter((t) => t <= hi || t === Math.ceil(hi));
  return { ticks: whole.length > 1 ? whole : [0, hi], lo: 0, hi: Math.max(hi, whole.at(-1) ?? hi) };
}

export function formatTick(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e4 || abs < 1e-3) return v.toExponential(0);
  return String(Number.parseFloat(v.toPrecision(3)));
}
