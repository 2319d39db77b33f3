import { maskedCrc32c } from './crc32c';

/**
 * Scalars out of TensorBoard event files (`events.out.tfevents.*`): TFRecord framing (length, its
 * masked CRC-32C, the record, its masked CRC-32C; both checked), each record an `Event` protobuf.
 * Scalars come two ways: `simple_value` (PyTorch's SummaryWriter, tensorboardX, TF1) and a scalar
 * float tensor (TF2's tf.summary.scalar). Histograms, images, text and graphs are skipped and
 * counted. A hand-rolled protobuf reader for the few fields needed: no protobuf dependency.
 */
export interface ScalarPoint {
  tag: string;
  step: number;
  value: number;
}

export interface EventFileScalars {
  points: ScalarPoint[];
  /** Summary values that are not scalars (histograms, images …), by tag. */
  skippedTags: Record<string, number>;
  records: number;
}

export class EventFileError extends Error {}

const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_HALF = 19;

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length) throw new EventFileError('a protobuf varint runs past the end of its message');
      const b = this.buf[this.pos++]!;
      // Steps are int64 but fit in 2^53 in any real log; the high bytes past that are dropped.
      if (shift < 53) result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return result;
      if (shift > 70) throw new EventFileError('a protobuf varint is longer than 10 bytes');
    }
  }
  bytes(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.buf.length) throw new EventFileError('a protobuf field runs past the end of its message');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === WIRE.varint) this.varint();
    else if (wire === WIRE.fixed64) this.pos += 8;
    else if (wire === WIRE.bytes) this.bytes();
    else if (wire === WIRE.fixed32) this.pos += 4;
    else throw new EventFileError(`unsupported protobuf wire type ${wire}`);
  }
  /** Each field as (number, wire type); the caller reads or skips its value. */
  *fields(): Generator<[number, number]> {
    while (!this.done) {
      const key = this.varint();
      yield [Math.floor(key / 8), key & 7];
    }
  }
  double(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }
  float(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }
}

const decoder = new TextDecoder();

/** Reads one events file; throws EventFileError naming the record when framing or a CRC is wrong. */
export function readEventFile(file: Uint8Array): EventFileScalars {
  const points: ScalarPoint[] = [];
  const skippedTags: Record<string, number> = {};
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let offset = 0;
  let records = 0;
  while (offset < file.length) {
    if (offset + 12 > file.length) throw new EventFileError(`record ${records + 1} is cut short (the file ends inside its header: truncated while being written?)`);
    const lengthBytes = file.subarray(offset, offset + 8);
    const length = Number(view.getBigUint64(offset, true));
    if (view.getUint32(offset + 8, true) !== maskedCrc32c(lengthBytes)) throw new EventFileError(`record ${records + 1}: the length's CRC does not match (not a TensorBoard event file, or corrupted)`);
    const start = offset + 12;
    if (start + length + 4 > file.length) throw new EventFileError(`record ${records + 1} is cut short (the file ends inside it)`);
    const data = file.subarray(start, start + length);
    if (view.getUint32(start + length, true) !== maskedCrc32c(data)) throw new EventFileError(`record ${records + 1}: the data's CRC does not match (corrupted)`);
    readEvent(data, points, skippedTags);
    offset = start + length + 4;
    records++;
  }
  return { points, skippedTags, records };
}

function readEvent(data: Uint8Array, points: ScalarPoint[], skipped: Record<string, number>): void {
  const r = new Reader(data);
  let step = 0;
  const summaries: Uint8Array[] = [];
  for (const [field, wire] of r.fields()) {
    if (field === 2 && wire === WIRE.varint) step = r.varint();
    else if (field === 5 && wire === WIRE.bytes) summaries.push(r.bytes());
    else r.skip(wire);
  }
  for (const summary of summaries) {
    const s = new Reader(summary);
    for (const [field, wire] of s.fields()) {
      if (field === 1 && wire === WIRE.bytes) readValue(s.bytes(), step, points, skipped);
      else s.skip(wire);
    }
  }
}

function readValue(data: Uint8Array, step: number, points: ScalarPoint[], skipped: Record<string, number>): void {
  const r = new Reader(data);
  let tag = '';
  let simple: number | null = null;
  let tensor: Uint8Array | null = null;
  let other = false;
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === WIRE.bytes) tag = decoder.decode(r.bytes());
    else if (field === 2 && wire === WIRE.fixed32) simple = r.float();
    else if (field === 8 && wire === WIRE.bytes) tensor = r.bytes();
    else if (field >= 3 && field <= 6) {
      other = true;
      r.skip(wire);
    } else r.skip(wire);
  }
  const value = simple ?? (tensor ? scalarOfTensor(tensor) : null);
  if (value === null || other) {
    if (tag) skipped[tag] = (skipped[tag] ?? 0) + 1;
    return;
  }
  points.push({ tag, step, value });
}

/** The value of a scalar (rank-0, one element) float tensor; null for anything else. */
function scalarOfTensor(data: Uint8Array): number | null {
  const r = new Reader(data);
  let dtype = 0;
  let rank = 0;
  let content: Uint8Array | null = null;
  const values: number[] = [];
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === WIRE.varint) dtype = r.varint();
    else if (field === 2 && wire === WIRE.bytes) {
      const shape = new Reader(r.bytes());
      for (const [f, w] of shape.fields()) {
        if (f === 2) rank++;
        shape.skip(w);
      }
    } else if (field === 4 && wire === WIRE.bytes) content = r.bytes();
    else if (field === 5 || field === 6) {
      const isDouble = field === 6;
      if (wire === WIRE.bytes) {
        const packed = new Reader(r.bytes());
        while (!packed.done) values.push(isDouble ? packed.double() : packed.float());
      } else values.push(isDouble ? r.double() : r.float());
    } else r.skip(wire);
  }
  if (rank !== 0) return null;
  if (content) {
    const v = new DataView(content.buffer, content.byteOffset, content.byteLength);
    if (dtype === DT_FLOAT && content.length === 4) return v.getFloat32(0, true);
    if (dtype === DT_DOUBLE && content.length === 8) return v.getFloat64(0, true);
    if (dtype === DT_HALF && content.length === 2) return halfToFloat(v.getUint16(0, true));
    return null;
  }
  return (dtype === DT_FLOAT || dtype === DT_DOUBLE) && values.length === 1 ? values[0]! : null;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
