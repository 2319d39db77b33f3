import 'server-only';
/** Append-only typed arrays: one contiguous buffer per column instead of a JS value per cell. */
export class GrowableFloat64 {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  fill(v: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(v);
  }

  get(i: number): number {
    return this.data[i] as number;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  /** Exact-length copy; the oversized growth buffer is then free to be collected. */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }

  private grow(): void {
    const next = new Float64Array(Math.max(1024, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}

export class GrowableInt32 {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = v;
  }

  fill(v: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(v);
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }

  private grow(): void {
    const next = new Int32Array(Math.max(1024, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}
